// Streaming RFC 4180 CSV reader.
//
// Bytes come from a CsvSource in chunks; the reader keeps one chunk and the
// record being built, so a file of any size is read in bounded memory (about
// one record + one chunk; the first record may be buffered whole to detect the
// delimiter, up to max_record_bytes).
//
// Grammar accepted: cells separated by the delimiter; a cell may be quoted with
// '"', inside which the delimiter, CR, LF and doubled quotes ("") are data.
// Records end at CRLF, LF or a lone CR; the last record may lack a line end.
// A UTF-8 byte order mark at the very start of the input is dropped. Blank
// lines (nothing between two line ends) are skipped and are not records. Spaces
// are data; nothing is trimmed.
//
// Bad input is data, not a failure: Next() yields the record with an `issue`
// and a reason, and continues with the next record. Next() fails (an Error)
// only when the source fails. The reader does not compare cell counts: the
// caller compares each record's cells.size() with header_cells() (the cell
// count of the first record) and reports CellCountReason().
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace sb {

// A byte source read in chunks. Read() fills up to `n` bytes of `buf` and
// returns how many it wrote; 0 means end of input.
class CsvSource {
 public:
  virtual ~CsvSource() = default;
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
};

// Reads from memory (the view must outlive the source).
class StringCsvSource : public CsvSource {
 public:
  explicit StringCsvSource(std::string_view data) : data_(data) {}
  Result<size_t> Read(char* buf, size_t n) override;

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// Reads from a stream opened in binary mode (e.g. a std::ifstream of an
// uploaded file); a stream error other than end of file is an Error.
class StreamCsvSource : public CsvSource {
 public:
  explicit StreamCsvSource(std::istream& in) : in_(in) {}
  Result<size_t> Read(char* buf, size_t n) override;

 private:
  std::istream& in_;
};

enum class CsvIssue {
  kNone,
  kStrayQuote,         // a '"' inside an unquoted cell
  kTextAfterQuote,     // bytes between a closing quote and the delimiter/line end
  kUnterminatedQuote,  // input ends inside a quoted cell (no records follow)
  kInvalidUtf8,        // a cell is not valid UTF-8
  kRecordTooLong,      // the record exceeds max_record_bytes; its cells are dropped
  kTooManyCells,       // the record has more than max_cells cells; its cells are dropped
};

// Stable machine name of an issue, e.g. "unterminated_quote".
const char* CsvIssueName(CsvIssue issue);

struct CsvRecord {
  // The cells as parsed. For a record with an issue they are what the lenient
  // parse produced (empty for kRecordTooLong and kTooManyCells); do not
  // import them.
  std::vector<std::string> cells;
  // 1-based physical line where the record starts. Line ends inside quoted
  // cells count, so the next record's line accounts for them.
  int64_t line = 0;
  // Byte offset of the record's first byte in the input (the BOM counts), so
  // an import can resume: seek the source there and pass start_offset/start_line.
  int64_t offset = 0;
  // The first problem found in the record, if any.
  CsvIssue issue = CsvIssue::kNone;
  // The physical line of that problem (for kUnterminatedQuote, the line the
  // quoted cell opened on) and the 0-based cell it concerns.
  int64_t issue_line = 0;
  size_t issue_cell = 0;
  // A sentence for people, without the line: "cell 3: text after the closing quote".
  std::string reason;

  bool ok() const { return issue == CsvIssue::kNone; }
};

// "5 cells, header has 4": the reason for a record whose cell count differs
// from the header's (the caller checks cells.size() != header_cells()).
std::string CellCountReason(size_t cells, size_t header_cells);

struct CsvReaderOptions {
  // 0: detect from the first record: whichever of ',' ';' '\t' occurs most
  // outside quotes (on a tie the first of that order; none: ','). Otherwise
  // the forced delimiter: any byte but '"', CR and LF.
  char delimiter = 0;
  // A record longer than this (bytes from its first byte to its line end,
  // exclusive) is yielded as kRecordTooLong without cells; reading resumes at
  // the next line end outside quotes.
  size_t max_record_bytes = size_t{1} << 20;
  // A record of more cells than this is yielded as kTooManyCells without
  // cells (like kRecordTooLong); reading resumes at its end. Together with
  // max_record_bytes (separators count), a record's memory is bounded
  // whatever its shape.
  size_t max_cells = 4096;
  // Bytes asked of the source per Read().
  size_t chunk_bytes = size_t{64} << 10;
  // Report cells that are not valid UTF-8 (kInvalidUtf8).
  bool validate_utf8 = true;
  // To resume: the line and byte offset of the position the source starts at
  // (a record's `line` and `offset`). A BOM is only looked for at offset 0;
  // force the delimiter when resuming, as the header is not read again.
  int64_t start_line = 1;
  int64_t start_offset = 0;
};

class CsvReader {
 public:
  // `source` must outlive the reader.
  explicit CsvReader(CsvSource& source, CsvReaderOptions options = {});

  // Yields the next record into `out` (its cells' storage is reused) and
  // returns true, or returns false at end of input. An Error only when the
  // source fails or the forced delimiter is invalid.
  Result<bool> Next(CsvRecord* out);

  // The delimiter in use: detected or forced (valid after the first Next()).
  char delimiter() const { return delim_; }
  // Cells of the first record yielded (the header); 0 before it, and 0 when
  // the header itself was too long. A resumed reader's first record is not the
  // header: compare with the count saved by the first run instead.
  size_t header_cells() const { return header_cells_; }
  // Bytes held by the chunk buffer, to show that memory stays bounded.
  size_t buffer_capacity() const { return buf_.capacity(); }

 private:
  Status Start();
  Result<bool> FillMore();  // appends one chunk at end_; false at end of input
  Result<bool> Refill();    // after consuming the buffer: drop it, read the next chunk
  Status DetectDelimiter();
  void BuildTables();

  CsvSource& source_;
  CsvReaderOptions options_;
  std::vector<char> buf_;
  size_t pos_ = 0;           // next unread byte in buf_
  size_t end_ = 0;           // end of valid bytes in buf_
  int64_t base_offset_ = 0;  // input offset of buf_[0]
  int64_t line_ = 1;
  char last_byte_ = 0;  // the byte before buf_[0], for CRLF across chunks
  bool eof_ = false;
  bool started_ = false;
  bool done_ = false;
  char delim_ = ',';
  size_t header_cells_ = 0;
  bool have_header_ = false;
  bool stop_unquoted_[256] = {};
  bool stop_quoted_[256] = {};
};

}  // namespace sb
