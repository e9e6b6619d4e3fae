// Fuzz target: the CSV reader and writer (core/csv_reader.hpp,
// core/csv_writer.hpp).
//
// 1. The input is read as a CSV file with chunks of 1, 7 and 64 KiB bytes and
//    of a size drawn from the input: the records (cells, line, offset, issue
//    and its line, cell and reason), the delimiter and the header's cell count
//    must not depend on the chunk size. The input also picks the options:
//    detected or forced delimiter, UTF-8 validation, and now and then a
//    max_record_bytes small enough to reach. The chunk buffer stays bounded.
// 2. Records of cells cut from the input are written with CsvWriter and read
//    back with the writer's delimiter: the same cells come back (with the
//    formula guard's quote where the writer adds one), each at the line and
//    offset where it was written.
#include <algorithm>
#include <string>
#include <vector>

#include "core/csv_reader.hpp"
#include "core/csv_writer.hpp"
#include "core/utf8.hpp"
#include "fuzz/fuzz_targets.hpp"

namespace sb::fuzz {
namespace {

struct Read {
  std::vector<CsvRecord> records;
  char delimiter = 0;
  size_t header_cells = 0;
};

std::string Describe(const CsvRecord& r) {
  std::string out = "line " + std::to_string(r.line) + " @" + std::to_string(r.offset) + " " +
                    CsvIssueName(r.issue);
  if (!r.ok()) {
    out += " (line " + std::to_string(r.issue_line) + " cell " + std::to_string(r.issue_cell) +
           ": " + r.reason + ")";
  }
  for (const std::string& c : r.cells) out += " " + Printable(c, 40);
  return out;
}

std::string Describe(const Read& r) {
  std::string out = "delimiter " + Printable(std::string(1, r.delimiter)) + ", header " +
                    std::to_string(r.header_cells) + " cells, " + std::to_string(r.records.size()) +
                    " records";
  for (size_t i = 0; i < r.records.size() && i < 12; ++i) out += "\n    " + Describe(r.records[i]);
  return out;
}

bool Same(const CsvRecord& a, const CsvRecord& b) {
  return a.cells == b.cells && a.line == b.line && a.offset == b.offset && a.issue == b.issue &&
         a.issue_line == b.issue_line && a.issue_cell == b.issue_cell && a.reason == b.reason;
}

bool Same(const Read& a, const Read& b) {
  if (a.delimiter != b.delimiter || a.header_cells != b.header_cells ||
      a.records.size() != b.records.size()) {
    return false;
  }
  for (size_t i = 0; i < a.records.size(); ++i) {
    if (!Same(a.records[i], b.records[i])) return false;
  }
  return true;
}

Read ReadAll(std::string_view input, CsvReaderOptions options) {
  StringCsvSource source(input);
  CsvReader reader(source, options);
  Read out;
  CsvRecord record;
  while (true) {
    Result<bool> more = reader.Next(&record);
    SB_FUZZ_CHECK(more.ok(), "Next() failed on a string: " + more.error().details());
    if (!*more) break;
    // Every record takes at least one byte of the input.
    SB_FUZZ_CHECK(out.records.size() < input.size(), "more records than bytes");
    SB_FUZZ_CHECK(record.offset >= 0 && static_cast<size_t>(record.offset) < input.size(),
                  Describe(record));
    SB_FUZZ_CHECK(record.ok() == record.reason.empty(), Describe(record));
    if (record.issue == CsvIssue::kRecordTooLong) {
      SB_FUZZ_CHECK(record.cells.empty(), Describe(record));
    }
    // The first chunk may have to hold the whole first record (delimiter
    // detection); after that, one chunk.
    SB_FUZZ_CHECK(
        reader.buffer_capacity() <= 2 * (options.max_record_bytes + 2 * options.chunk_bytes) + 8,
        "buffer of " + std::to_string(reader.buffer_capacity()) + " bytes");
    out.records.push_back(record);
  }
  // The end is final.
  Result<bool> again = reader.Next(&record);
  SB_FUZZ_CHECK(again.ok() && !*again, "a record after the end");
  out.delimiter = reader.delimiter();
  out.header_cells = reader.header_cells();
  return out;
}

// Known: delimiter detection counts candidates over the first record as it
// sees it (leading blank lines included, and every quote opens or closes
// quotes, so an unquoted cell's stray quote runs it on past the line end),
// but stops once it has buffered more than max_record_bytes and read to the
// end of the chunk then at hand: when that is longer than max_record_bytes,
// the bytes counted, and so the delimiter, depend on the chunk size. True
// when `input` is such a case.
bool DetectionHitsTheLimit(std::string_view input, size_t max_record_bytes) {
  if (input.starts_with("\xEF\xBB\xBF")) input.remove_prefix(3);
  size_t i = input.find_first_not_of("\r\n");
  if (i == std::string_view::npos) return input.size() > max_record_bytes;
  bool in_quotes = false;
  for (; i < input.size(); ++i) {
    if (input[i] == '"') {
      in_quotes = !in_quotes;
    } else if (!in_quotes && (input[i] == '\r' || input[i] == '\n')) {
      break;
    }
  }
  return i > max_record_bytes;
}

void ChunkSizesAgree(std::string_view input, InputRng& rng) {
  CsvReaderOptions options;
  static constexpr char kForced[] = {',', ';', '\t', '|', ' ', 'x'};
  if (rng.Below(4) == 0) options.delimiter = kForced[rng.Below(std::size(kForced))];
  options.validate_utf8 = rng.Below(4) != 0;
  if (rng.Below(3) == 0) options.max_record_bytes = 1 + rng.Below(64);

  options.chunk_bytes = size_t{64} << 10;
  Read reference = ReadAll(input, options);
  for (size_t chunk : {size_t{1}, size_t{7}, 2 + rng.Below(300)}) {
    options.chunk_bytes = chunk;
    Read other = ReadAll(input, options);
    if (other.delimiter != reference.delimiter && options.delimiter == 0 &&
        DetectionHitsTheLimit(input, options.max_record_bytes)) {
      // Known (docs/FUZZING.md): the rest must not depend on the chunk size.
      options.delimiter = reference.delimiter;
      options.chunk_bytes = size_t{64} << 10;
      reference = ReadAll(input, options);
      options.chunk_bytes = chunk;
      other = ReadAll(input, options);
    }
    SB_FUZZ_CHECK(Same(reference, other), "chunk 64 KiB: " + Describe(reference) + "\n  chunk " +
                                              std::to_string(chunk) + ": " + Describe(other));
  }
}

// Line ends in `text` as the reader counts them: CRLF, lone CR or LF.
int64_t LineEnds(std::string_view text) {
  int64_t n = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) ++n;
  }
  return n;
}

void WriteThenRead(std::string_view input, InputRng& rng) {
  // Cut the input into cells of 0..24 bytes and the cells into records of
  // 1..6 cells.
  std::vector<std::vector<std::string>> records;
  size_t pos = 0;
  while (pos < input.size() && records.size() < 64) {
    std::vector<std::string> cells(1 + rng.Below(6));
    for (std::string& cell : cells) {
      const size_t n = std::min(rng.Below(25), input.size() - pos);
      cell.assign(input.substr(pos, n));
      pos += n;
    }
    records.push_back(std::move(cells));
  }

  static constexpr char kDelimiters[] = {',', ';', '\t', '|'};
  CsvWriterOptions write_options;
  write_options.delimiter = kDelimiters[rng.Below(std::size(kDelimiters))];
  write_options.guard_formulas = rng.Below(2) == 0;
  CsvWriterOptions unguarded = write_options;
  unguarded.guard_formulas = false;

  std::string text;
  CsvWriter writer(&text, write_options);
  std::vector<size_t> offsets;
  for (const auto& cells : records) {
    offsets.push_back(text.size());
    SB_FUZZ_CHECK(writer.WriteRecord(cells).ok(), "writing to a string failed");
  }
  // Known: a first cell that starts with a UTF-8 byte order mark is written
  // as it is, and a reader drops a BOM at the start of a file (docs/FUZZING.md).
  if (!records.empty() && records[0][0].starts_with("\xEF\xBB\xBF") &&
      CsvWriter::Encode(records[0][0], write_options).starts_with("\xEF\xBB\xBF")) {
    return;
  }

  CsvReaderOptions read_options;
  read_options.delimiter = write_options.delimiter;
  read_options.validate_utf8 = rng.Below(2) == 0;
  static constexpr size_t kChunks[] = {1, 7, size_t{64} << 10};
  read_options.chunk_bytes = kChunks[rng.Below(std::size(kChunks))];
  const Read read = ReadAll(text, read_options);

  SB_FUZZ_CHECK(read.records.size() == records.size(),
                std::to_string(records.size()) + " records written, read " + Describe(read) +
                    "\n  text " + Printable(text, 400));
  for (size_t i = 0; i < records.size(); ++i) {
    const CsvRecord& got = read.records[i];
    const std::string where =
        "record " + std::to_string(i) + ": " + Describe(got) + "\n  text " + Printable(text, 400);
    SB_FUZZ_CHECK(got.cells.size() == records[i].size(), where);
    bool valid = true;
    for (size_t c = 0; c < records[i].size(); ++c) {
      const std::string& cell = records[i][c];
      const bool guarded =
          CsvWriter::Encode(cell, write_options) != CsvWriter::Encode(cell, unguarded);
      const std::string expected = guarded ? "'" + cell : cell;
      SB_FUZZ_CHECK(got.cells[c] == expected,
                    "cell " + std::to_string(c) + " " + Printable(expected) + " of " + where);
      valid = valid && IsValidUtf8(cell);
    }
    const CsvIssue expected_issue =
        read_options.validate_utf8 && !valid ? CsvIssue::kInvalidUtf8 : CsvIssue::kNone;
    SB_FUZZ_CHECK(got.issue == expected_issue, where);
    SB_FUZZ_CHECK(got.offset == static_cast<int64_t>(offsets[i]), where);
    SB_FUZZ_CHECK(got.line == 1 + LineEnds(std::string_view(text).substr(0, offsets[i])), where);
  }
}

}  // namespace

void CsvOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  InputRng rng(input);
  ChunkSizesAgree(input, rng);
  WriteThenRead(input, rng);
}

}  // namespace sb::fuzz
