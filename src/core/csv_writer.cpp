#include "core/csv_writer.hpp"

#include <utility>

namespace sb {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

bool NeedsQuotes(std::string_view cell, char delimiter) {
  if (cell.empty()) return false;
  if (IsSpace(cell.front()) || IsSpace(cell.back())) return true;
  for (char c : cell) {
    if (c == delimiter || c == '"' || c == '\r' || c == '\n') return true;
  }
  return false;
}

// A sign followed only by digits and number punctuation: no function call or
// reference is possible, so the guard leaves it alone.
bool IsPlainNumber(std::string_view cell) {
  bool digit = false;
  for (size_t i = 1; i < cell.size(); ++i) {
    char c = cell[i];
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c != ' ' && c != '.' && c != ',' && c != '(' && c != ')' && c != '-') {
      return false;
    }
  }
  return digit && (cell[0] == '+' || cell[0] == '-');
}

bool NeedsGuard(std::string_view cell) {
  if (cell.empty()) return false;
  char c = cell.front();
  // TAB and CR too: some spreadsheets drop a leading one and then read the
  // rest (a formula) as if it came first.
  if (c != '=' && c != '+' && c != '-' && c != '@' && c != '\t' && c != '\r') return false;
  return !IsPlainNumber(cell);
}

// Appends `cell` as written: guarded, then quoted when needed. Whether to
// quote is decided on the cell as given: a guarded TAB or CR still quotes it.
void AppendEncoded(std::string* out, std::string_view cell, const CsvWriterOptions& options) {
  bool quote = NeedsQuotes(cell, options.delimiter);
  if (quote) out->push_back('"');
  if (options.guard_formulas && NeedsGuard(cell)) out->push_back('\'');
  if (!quote) {
    out->append(cell);
    return;
  }
  for (char c : cell) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace

CsvWriter::CsvWriter(std::string* out, CsvWriterOptions options) : options_(options), out_(out) {}

CsvWriter::CsvWriter(Sink sink, CsvWriterOptions options, size_t flush_bytes)
    : options_(options), out_(&buffer_), sink_(std::move(sink)), flush_bytes_(flush_bytes) {}

std::string CsvWriter::Encode(std::string_view cell, const CsvWriterOptions& options) {
  std::string text;
  AppendEncoded(&text, cell, options);
  return text;
}

Status CsvWriter::AddCell(std::string_view cell) {
  if (cells_in_record_ > 0) out_->push_back(options_.delimiter);
  AppendEncoded(out_, cell, options_);
  ++cells_in_record_;
  last_cell_empty_ = cell.empty();
  return OkStatus();
}

Status CsvWriter::EndRecord() {
  if (cells_in_record_ == 1 && last_cell_empty_) out_->append("\"\"");
  out_->append("\r\n");
  cells_in_record_ = 0;
  return MaybeFlush();
}

Status CsvWriter::WriteRecord(const std::vector<std::string>& cells) {
  for (const std::string& cell : cells) SB_RETURN_IF_ERROR(AddCell(cell));
  return EndRecord();
}

Status CsvWriter::WriteRecord(std::initializer_list<std::string_view> cells) {
  for (std::string_view cell : cells) SB_RETURN_IF_ERROR(AddCell(cell));
  return EndRecord();
}

Status CsvWriter::MaybeFlush() {
  if (!sink_ || buffer_.size() < flush_bytes_) return OkStatus();
  return Flush();
}

Status CsvWriter::Flush() {
  if (!sink_ || buffer_.empty()) return OkStatus();
  Status status = sink_(buffer_);
  buffer_.clear();
  return status;
}

}  // namespace sb
