// RFC 4180 CSV writer.
//
// Records end with CRLF. A cell is quoted only when it needs it: when it
// contains the delimiter, a quote, CR or LF, or starts or ends with a space or
// tab (so readers that trim keep the spaces); quotes inside are doubled. A
// record of one empty cell is written as "" so that it is not a blank line
// (which readers skip); a record of no cells is a blank line.
//
// Formula-injection guard (on by default, as exports are opened in
// spreadsheets): a cell starting with = + - @ TAB or CR is prefixed with a
// single quote ('), which spreadsheets show as text. Cells that are plain numbers
// ("+14155550100", "-12.5", "+1 (415) 555-0100": a sign followed only by
// digits, spaces and . , ( ) -) cannot call anything and are written as they
// are, so E.164 numbers and negative amounts survive.
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace sb {

struct CsvWriterOptions {
  char delimiter = ',';
  bool guard_formulas = true;
};

class CsvWriter {
 public:
  // Receives the text in pieces of about `flush_bytes`; an error stops writing
  // (e.g. the client went away) and is returned by the call that flushed.
  using Sink = std::function<Status(std::string_view)>;

  // Appends to `*out` (which must outlive the writer); never fails.
  explicit CsvWriter(std::string* out, CsvWriterOptions options = {});
  // Buffers up to `flush_bytes` and hands them to `sink`. Call Flush() at the end.
  explicit CsvWriter(Sink sink, CsvWriterOptions options = {},
                     size_t flush_bytes = size_t{64} << 10);
  CsvWriter(const CsvWriter&) = delete;  // may point into itself
  CsvWriter& operator=(const CsvWriter&) = delete;

  // One record at a time, cell by cell...
  Status AddCell(std::string_view cell);
  Status EndRecord();
  // ...or whole.
  Status WriteRecord(const std::vector<std::string>& cells);
  Status WriteRecord(std::initializer_list<std::string_view> cells);
  // Hands any buffered text to the sink (a no-op for a string target).
  Status Flush();

  // The cell as it is written (guarded, quoted, quotes doubled), no delimiter.
  static std::string Encode(std::string_view cell, const CsvWriterOptions& options);

 private:
  Status MaybeFlush();

  CsvWriterOptions options_;
  std::string* out_;
  std::string buffer_;
  Sink sink_;
  size_t flush_bytes_ = 0;
  size_t cells_in_record_ = 0;
  bool last_cell_empty_ = false;
};

}  // namespace sb
