#include "services/contact_import_batch.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "services/contact_upsert.hpp"
#include "store/drivers/dialect.hpp"
#include "store/repositories/contact_links.hpp"
#include "store/repositories/import_repository.hpp"
#include "store/repositories/pool_item_repository.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::services {
namespace {

namespace contact_links = store::contact_links;
using store::BulkContactItem;
using store::BulkItemResult;
using store::BulkUpsertResult;
using store::LookupId;
using store::Placeholders;

constexpr size_t kChunk = 200;

std::string Folded(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The ids of the tags named in the batch (by case-folded name), creating the
// ones the organization does not have yet.
Result<std::unordered_map<std::string, int64_t>> TagIdsByName(db::Connection& conn,
                                                              IdGenerator& ids, int64_t org,
                                                              int64_t now,
                                                              const ImportBatch& batch) {
  std::vector<std::string> names;
  std::unordered_map<std::string, int64_t> out;
  for (const auto& row : batch.rows) {
    if (row.error) continue;
    for (const auto& name : row.tag_names) {
      if (out.emplace(Folded(name), 0).second) names.push_back(name);
    }
  }
  out.clear();
  auto load = [&]() -> Status {
    for (size_t i = 0; i < names.size(); i += kChunk) {
      size_t n = std::min(kChunk, names.size() - i);
      db::Params params{org};
      for (size_t j = i; j < i + n; ++j) params.emplace_back(names[j]);
      SB_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT name, id FROM tags WHERE"
                                                " organization_id = ? AND name IN (" +
                                                    Placeholders(n) + ")",
                                                params));
      while (true) {
        SB_ASSIGN_OR_RETURN(bool more, rows->Next());
        if (!more) break;
        out[Folded(rows->Text(0))] = rows->Int(1);
      }
    }
    return OkStatus();
  };
  SB_RETURN_IF_ERROR(load());
  bool created = false;
  for (const auto& name : names) {
    if (out.contains(Folded(name))) continue;
    SB_RETURN_IF_ERROR(
        conn.Exec("INSERT INTO tags (organization_id, uuid, name, created_at, updated_at)"
                  " VALUES (?, ?, ?, ?, ?)" +
                      std::string(conn.dialect().InsertIgnore()),
                  {org, ids.NewUuid(), name, db::Timestamp{now}, db::Timestamp{now}}));
    created = true;
  }
  if (created) SB_RETURN_IF_ERROR(load());
  // A name the store took for one it has already (PostgreSQL's citext folds
  // more than ASCII) is looked up by the store's own comparison.
  for (const auto& name : names) {
    if (out.contains(Folded(name))) continue;
    SB_ASSIGN_OR_RETURN(auto id, conn.QueryInt("SELECT id FROM tags WHERE organization_id = ?"
                                               " AND name = ? ORDER BY id LIMIT 1",
                                               {org, name}));
    if (!id) return Error(ErrorCode::kInternal, "Tag not found", "import tag " + name);
    out[Folded(name)] = *id;
  }
  return out;
}

Status InsertErrors(db::Connection& conn, int64_t org, int64_t import_id,
                    const std::vector<domain::ImportRowError>& errors) {
  for (size_t i = 0; i < errors.size(); i += kChunk) {
    size_t n = std::min(kChunk, errors.size() - i);
    std::string sql =
        "INSERT INTO import_errors (organization_id, import_id, line, code, column_name, field,"
        " reason) VALUES ";
    db::Params params;
    for (size_t j = i; j < i + n; ++j) {
      const auto& e = errors[j];
      sql += j == i ? "(?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?)";
      params.insert(params.end(), {org, import_id, e.line, e.code, db::Nullable(e.column),
                                   db::Nullable(e.field), e.reason});
    }
    SB_RETURN_IF_ERROR(conn.Exec(sql, params));
  }
  return OkStatus();
}

std::optional<std::string> ColumnOf(const ImportBatch& batch, const std::string& field) {
  auto it = batch.column_of_field.find(field);
  if (it == batch.column_of_field.end()) return std::nullopt;
  return it->second;
}

}  // namespace

Result<domain::ImportProgress> WriteImportBatch(UnitOfWork& uow,
                                                const domain::ContactImport& import,
                                                const std::string& owner, int64_t lease_seconds,
                                                const ImportBatch& batch) {
  if (uow.org() != import.organization_id) return Error::Internal("import of another organization");
  db::Connection& conn = uow.conn();
  const int64_t org = import.organization_id;
  const int64_t now = uow.now();
  domain::ImportProgress progress;
  {
    // First, so the row is locked for the batch and a lost lease aborts early.
    SB_ASSIGN_OR_RETURN(
        int64_t held,
        conn.Exec("UPDATE imports SET lease_expires_at = ?, updated_at = ?, attempts = 0 WHERE"
                  " organization_id = ? AND id = ? AND status = 'running' AND lease_owner = ?",
                  {db::Timestamp{now + lease_seconds}, db::Timestamp{now}, org, import.id, owner}));
    if (held != 1) return Error::Conflict("The import is held by another process.");
    SB_ASSIGN_OR_RETURN(
        std::vector<int64_t> extra_tags,
        contact_links::ResolveIds(conn, "tags", org, import.options.tag_uuids, "tag_uuids"));
    std::optional<int64_t> pool_id;
    if (import.options.pool_uuid) {
      SB_ASSIGN_OR_RETURN(pool_id, LookupId(conn, "pools", org, *import.options.pool_uuid, "Pool"));
    }
    SB_ASSIGN_OR_RETURN(auto tag_ids, TagIdsByName(conn, uow.ids(), org, now, batch));

    std::vector<BulkContactItem> items;
    std::vector<const ImportBatchRow*> item_rows;
    std::vector<domain::ImportRowError> errors;
    for (const auto& row : batch.rows) {
      if (row.error) {
        errors.push_back(*row.error);
      } else {
        items.push_back(BulkContactItem{row.fields, std::nullopt});
        item_rows.push_back(&row);
      }
    }
    SB_ASSIGN_OR_RETURN(BulkUpsertResult written,
                        UpsertContacts(uow, import.user_id.value_or(0), import.user_uuid,
                                       store::UpsertOptions{store::UpsertKey::kPhoneNumber,
                                                            import.options.on_duplicate},
                                       items));
    for (size_t i = 0; i < written.results.size(); ++i) {
      const BulkItemResult& r = written.results[i];
      const ImportBatchRow& row = *item_rows[i];
      if (r.kind == BulkItemResult::Kind::kError) {
        std::string reason = r.message;
        if (r.duplicate && r.field == "phone_number" && row.duplicate_reason) {
          reason = *row.duplicate_reason;
        }
        errors.push_back({row.line, r.duplicate ? "duplicate" : "invalid", ColumnOf(batch, r.field),
                          r.field.empty() ? std::nullopt : std::optional<std::string>(r.field),
                          std::move(reason)});
        continue;
      }
      if (r.kind == BulkItemResult::Kind::kSkipped) continue;
      std::vector<int64_t> tags = extra_tags;
      for (const auto& name : row.tag_names) tags.push_back(tag_ids[Folded(name)]);
      if (!tags.empty()) {
        SB_RETURN_IF_ERROR(contact_links::ReplaceTags(conn, org, r.contact_id, tags, false));
      }
      if (pool_id) {
        SB_RETURN_IF_ERROR(store::AddPendingMember(conn, org, *pool_id, r.contact_id, 0, now));
      }
    }
    std::sort(errors.begin(), errors.end(),
              [](const auto& a, const auto& b) { return a.line < b.line; });
    SB_RETURN_IF_ERROR(InsertErrors(conn, org, import.id, errors));

    progress = import.progress;
    progress.rows_read += static_cast<int64_t>(batch.rows.size());
    progress.created += written.created;
    progress.updated += written.updated;
    progress.skipped += written.skipped;
    progress.failed += static_cast<int64_t>(errors.size());
    progress.bytes_read = batch.end_offset;
    progress.resume_line = batch.end_line;
    db::Params params{progress.rows_read,  progress.created, progress.updated,
                      progress.skipped,    progress.failed,  progress.bytes_read,
                      progress.resume_line};
    std::string sets =
        "rows_read = ?, created = ?, updated = ?, skipped = ?, failed = ?, bytes_read = ?,"
        " resume_line = ?";
    if (batch.header) {
      sets += ", header = ?, delimiter = ?";
      params.emplace_back(store::EncodeImportHeader(*batch.header));
      params.emplace_back(std::string(1, batch.delimiter));
    }
    params.insert(params.end(), {org, import.id});
    SB_RETURN_IF_ERROR(
        conn.Exec("UPDATE imports SET " + sets + " WHERE organization_id = ? AND id = ?", params));
  }
  return progress;
}

}  // namespace sb::services
