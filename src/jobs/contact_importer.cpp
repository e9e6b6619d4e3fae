#include "jobs/contact_importer.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <unordered_map>

#include "core/csv_reader.hpp"
#include "domain/contact_fields.hpp"
#include "domain/import_mapping.hpp"
#include "jobs/contact_import_row.hpp"
#include "services/contact_service.hpp"
#include "store/repositories/contact_bulk.hpp"
#include "store/repositories/import_repository.hpp"

namespace sb::jobs {
namespace {

constexpr size_t kMaxTagNameChars = 100;  // as POST /api/v1/tags
// Numbers remembered to name the earlier line of a duplicate (about 40 bytes
// each); past this, a duplicate is reported without the line, and memory
// stays bounded however many rows the file has.
constexpr size_t kMaxRememberedNumbers = 500000;

// Turns records into batch rows for one run of one import.
class RowMapper {
 public:
  RowMapper(const domain::ContactImport& import, std::vector<std::string> header,
            domain::ImportMapping mapping)
      : import_(import), header_(std::move(header)), mapping_(std::move(mapping)) {
    for (size_t i = 0; i < mapping_.columns.size(); ++i) {
      const domain::ImportTarget& t = mapping_.columns[i];
      if (t.kind == domain::ImportTarget::Kind::kField) column_of_field_[t.name] = header_[i];
      if (t.kind == domain::ImportTarget::Kind::kTags) {
        tags_column_ = header_[i];
        column_of_field_["tags"] = header_[i];
      }
      if (t.kind == domain::ImportTarget::Kind::kMetadata)
        column_of_field_["metadata"] = header_[i];
    }
  }

  const std::map<std::string, std::string, std::less<>>& column_of_field() const {
    return column_of_field_;
  }

  services::ImportBatchRow Map(const CsvRecord& rec) {
    services::ImportBatchRow row;
    row.line = rec.line;
    if (!rec.ok()) {
      std::string reason = rec.reason;
      if (rec.issue_line != rec.line) reason += fmt::format(" (line {})", rec.issue_line);
      Reject(row, CsvIssueName(rec.issue), Column(rec.issue_cell), std::nullopt, reason);
      return row;
    }
    if (rec.cells.size() != header_.size()) {
      Reject(row, "cell_count", std::nullopt, std::nullopt,
             CellCountReason(rec.cells.size(), header_.size()));
      return row;
    }
    auto mapped = MapImportRow(header_, mapping_, rec.cells, import_.options.default_country_code);
    if (!mapped.ok()) {
      const Error& e = mapped.error();
      std::string column = e.field();
      Reject(row, "invalid", column, FieldOfColumn(column),
             e.fields().empty() ? e.message() : e.fields().front().message);
      return row;
    }
    std::vector<FieldError> errors;
    domain::CheckContactFields(mapped->fields, errors);
    row.fields = std::move(mapped->fields);
    if (!errors.empty()) {
      const FieldError& fe = errors.front();
      Reject(row, "invalid", ColumnOfField(fe.field), fe.field, fe.message);
      return row;
    }
    for (const auto& name : mapped->tag_names) {
      if (name.size() > kMaxTagNameChars) {
        Reject(row, "invalid", tags_column_, "tags",
               fmt::format("A tag name may not be longer than {} characters.", kMaxTagNameChars));
        return row;
      }
    }
    row.tag_names = std::move(mapped->tag_names);
    NoteEarlierLine(row);
    return row;
  }

 private:
  static void Reject(services::ImportBatchRow& row, std::string code,
                     std::optional<std::string> column, std::optional<std::string> field,
                     std::string reason) {
    row.error = domain::ImportRowError{row.line, std::move(code), std::move(column),
                                       std::move(field), std::move(reason)};
  }

  std::optional<std::string> Column(size_t cell) const {
    if (cell < header_.size()) return header_[cell];
    return std::nullopt;
  }

  std::optional<std::string> ColumnOfField(const std::string& field) const {
    auto it = column_of_field_.find(field);
    if (it == column_of_field_.end()) return std::nullopt;
    return it->second;
  }

  std::optional<std::string> FieldOfColumn(const std::string& column) const {
    for (const auto& [field, col] : column_of_field_) {
      if (col == column) return field;
    }
    return std::nullopt;
  }

  // Notes the first line of this run that had the row's number, for the
  // message if the store finds the number taken (ImportBatchRow). Numbers
  // are remembered by a 64-bit hash (about 40 bytes a row), not as text.
  void NoteEarlierLine(services::ImportBatchRow& row) {
    if (import_.options.on_duplicate != domain::OnDuplicate::kError) return;
    auto key = store::UpsertKeyValue(store::UpsertKey::kPhoneNumber, row.fields);
    if (!key) return;
    const size_t hash = std::hash<std::string>{}(*key);
    if (first_line_.size() >= kMaxRememberedNumbers) {
      auto it = first_line_.find(hash);
      if (it != first_line_.end()) {
        row.duplicate_reason =
            fmt::format("The phone_number {} is also on line {} of this file.", *key, it->second);
      }
      return;
    }
    auto [it, fresh] = first_line_.emplace(hash, row.line);
    if (!fresh) {
      row.duplicate_reason =
          fmt::format("The phone_number {} is also on line {} of this file.", *key, it->second);
    }
  }

  const domain::ContactImport& import_;
  std::vector<std::string> header_;
  domain::ImportMapping mapping_;
  std::map<std::string, std::string, std::less<>> column_of_field_;
  std::optional<std::string> tags_column_;
  std::unordered_map<size_t, int64_t> first_line_;
};

}  // namespace

Status ContactImporter::Fail(const domain::ContactImport& import, const std::string& reason) {
  SB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return services::ContactService(*conn, clock_, ids_).FinishImport(import, owner_, reason);
}

Result<domain::ContactImport> ContactImporter::Run(const domain::ContactImport& claimed) {
  domain::ContactImport import = claimed;
  auto reload = [&]() -> Result<domain::ContactImport> {
    SB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
    store::ImportRepository imports(*conn, clock_, ids_);
    return imports.Get(import.organization_id, import.uuid);
  };
  auto fail = [&](const std::string& reason) -> Result<domain::ContactImport> {
    SB_RETURN_IF_ERROR(Fail(import, reason));
    return reload();
  };

  std::error_code ec;
  const auto file_bytes = std::filesystem::file_size(import.file_path, ec);
  std::ifstream file(import.file_path, std::ios::binary);
  if (ec || !file) return fail("The file cannot be read: " + import.file_path);
  const bool resuming = import.header.has_value();
  CsvReaderOptions reader_options;
  reader_options.max_record_bytes = options_.max_record_bytes;
  reader_options.max_cells = options_.max_cells;
  if (resuming) {
    file.seekg(import.progress.bytes_read);
    reader_options.delimiter = import.delimiter;
    reader_options.start_offset = import.progress.bytes_read;
    reader_options.start_line = import.progress.resume_line;
  }
  StreamCsvSource source(file);
  CsvReader reader(source, reader_options);
  CsvRecord record;
  services::ImportBatch batch;
  std::vector<std::string> header;
  if (resuming) {
    header = *import.header;
  } else {
    auto got = reader.Next(&record);
    if (!got.ok()) return fail("The file cannot be read: " + got.error().details());
    if (!*got) return fail("The file is empty: it has no header row.");
    if (!record.ok())
      return fail(fmt::format("The header row (line {}): {}", record.line, record.reason));
    header = record.cells;
    batch.header = header;
    batch.delimiter = reader.delimiter();
  }
  auto mapping = domain::BuildImportMapping(header, import.options.mapping);
  if (!mapping.ok()) {
    const Error& e = mapping.error();
    return fail(e.fields().empty() ? e.message() : e.fields().front().message);
  }
  RowMapper mapper(import, header, std::move(mapping).value());
  batch.column_of_field = mapper.column_of_field();

  // Writes the batch; false when the run should stop (after_batch said so).
  auto commit = [&](int64_t end_offset, int64_t end_line) -> Result<bool> {
    batch.end_offset = end_offset;
    batch.end_line = end_line;
    SB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
    auto progress = services::ContactService(*conn, clock_, ids_)
                        .WriteImportBatch(import, owner_, options_.lease_seconds, batch);
    if (!progress.ok()) return std::move(progress).error();
    import.progress = *progress;
    if (batch.header) {
      import.header = batch.header;
      import.delimiter = batch.delimiter;
    }
    batch.rows.clear();
    batch.header.reset();
    if (options_.after_batch && !options_.after_batch(import)) {
      store::ImportRepository imports(*conn, clock_, ids_);
      SB_RETURN_IF_ERROR(imports.Release(import.organization_id, import.id, owner_));
      return false;
    }
    return true;
  };
  int64_t batch_start = 0;  // file offset of the batch's first record
  // The tags or pool of the import were deleted meanwhile: the import fails.
  auto gone = [](const Error& e) {
    return e.code() == ErrorCode::kValidation || e.code() == ErrorCode::kNotFound;
  };

  while (true) {
    auto got = reader.Next(&record);
    if (!got.ok()) return fail("The file cannot be read: " + got.error().details());
    if (!*got) break;
    if (batch.rows.size() >= options_.batch_rows ||
        (!batch.rows.empty() &&
         static_cast<size_t>(record.offset - batch_start) >= options_.batch_bytes)) {
      auto go_on = commit(record.offset, record.line);
      if (!go_on.ok()) {
        if (gone(go_on.error())) return fail(go_on.error().message());
        return std::move(go_on).error();
      }
      if (!*go_on) return reload();
    }
    if (batch.rows.empty()) batch_start = record.offset;
    batch.rows.push_back(mapper.Map(record));
  }
  if (!batch.rows.empty() || batch.header) {
    auto go_on = commit(static_cast<int64_t>(file_bytes), record.line);
    if (!go_on.ok()) {
      if (gone(go_on.error())) return fail(go_on.error().message());
      return std::move(go_on).error();
    }
    if (!*go_on) return reload();
  }
  {
    SB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
    SB_RETURN_IF_ERROR(
        services::ContactService(*conn, clock_, ids_).FinishImport(import, owner_, std::nullopt));
  }
  return reload();
}

}  // namespace sb::jobs
