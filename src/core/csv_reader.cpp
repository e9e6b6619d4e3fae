#include "core/csv_reader.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/utf8.hpp"

namespace sb {

Result<size_t> StringCsvSource::Read(char* buf, size_t n) {
  size_t k = std::min(n, data_.size() - pos_);
  if (k == 0) return k;  // memcpy may not be given a null buffer, even for no bytes
  std::memcpy(buf, data_.data() + pos_, k);
  pos_ += k;
  return k;
}

Result<size_t> StreamCsvSource::Read(char* buf, size_t n) {
  in_.read(buf, static_cast<std::streamsize>(n));
  auto got = static_cast<size_t>(in_.gcount());
  if (in_.bad() || (in_.fail() && !in_.eof())) {
    return Error::Internal("reading the CSV input failed");
  }
  return got;
}

const char* CsvIssueName(CsvIssue issue) {
  switch (issue) {
    case CsvIssue::kNone:
      return "none";
    case CsvIssue::kStrayQuote:
      return "stray_quote";
    case CsvIssue::kTextAfterQuote:
      return "text_after_quote";
    case CsvIssue::kUnterminatedQuote:
      return "unterminated_quote";
    case CsvIssue::kInvalidUtf8:
      return "invalid_utf8";
    case CsvIssue::kRecordTooLong:
      return "record_too_long";
    case CsvIssue::kTooManyCells:
      return "too_many_cells";
  }
  return "unknown";
}

std::string CellCountReason(size_t cells, size_t header_cells) {
  return std::to_string(cells) + (cells == 1 ? " cell" : " cells") + ", header has " +
         std::to_string(header_cells);
}

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool IsBreak(char c) { return c == '\r' || c == '\n'; }

// The record under construction: reuses the strings of `out->cells`.
class RecordBuilder {
 public:
  RecordBuilder(CsvRecord* out, bool validate_utf8, size_t max_cells)
      : out_(out), validate_utf8_(validate_utf8), max_cells_(max_cells) {
    out_->issue = CsvIssue::kNone;
    out_->issue_line = 0;
    out_->issue_cell = 0;
    out_->reason.clear();
  }

  // Starts the next cell; past max_cells the record is refused like one too
  // long (an input of commas would otherwise cost a string per byte).
  void BeginCell(int64_t line) {
    if (discard_) return;
    if (n_ == max_cells_) {
      Discard(CsvIssue::kTooManyCells, line, "more than " + std::to_string(max_cells_) + " cells");
      return;
    }
    if (n_ < out_->cells.size()) {
      out_->cells[n_].clear();
    } else {
      out_->cells.emplace_back();
    }
    ++n_;
  }
  void Append(const char* p, size_t n) {
    if (!discard_) out_->cells[n_ - 1].append(p, n);
  }
  void Append(char c) {
    if (!discard_) out_->cells[n_ - 1].push_back(c);
  }
  void EndCell(int64_t line) {
    if (discard_ || !validate_utf8_ || out_->issue != CsvIssue::kNone) return;
    if (!IsValidUtf8(out_->cells[n_ - 1])) {
      Flag(CsvIssue::kInvalidUtf8, line, "not valid UTF-8");
    }
  }
  // Records the first issue of the record only.
  void Flag(CsvIssue issue, int64_t line, const std::string& what) {
    if (out_->issue != CsvIssue::kNone) return;
    out_->issue = issue;
    out_->issue_line = line;
    out_->issue_cell = n_ == 0 ? 0 : n_ - 1;
    out_->reason = "cell " + std::to_string(out_->issue_cell + 1) + ": " + what;
  }
  // Past the size limit: drop the cells and stop collecting; this issue wins.
  void TooLong(int64_t line, size_t max) {
    if (discard_) return;
    Discard(CsvIssue::kRecordTooLong, line, "record longer than " + std::to_string(max) + " bytes");
  }
  void Finish() { out_->cells.resize(n_); }
  // True once the record is refused (too long, too many cells).
  bool discarding() const { return discard_; }

 private:
  void Discard(CsvIssue issue, int64_t line, std::string reason) {
    discard_ = true;
    out_->issue = issue;
    out_->issue_line = line;
    out_->issue_cell = 0;
    out_->reason = std::move(reason);
    n_ = 0;
  }

  CsvRecord* out_;
  bool validate_utf8_;
  size_t max_cells_;
  size_t n_ = 0;
  bool discard_ = false;
};

enum class State { kRecordStart, kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };

}  // namespace

CsvReader::CsvReader(CsvSource& source, CsvReaderOptions options)
    : source_(source), options_(options) {
  options_.chunk_bytes = std::max<size_t>(options_.chunk_bytes, 1);
  line_ = options_.start_line;
  base_offset_ = options_.start_offset;
}

Result<bool> CsvReader::FillMore() {
  if (eof_) return false;
  if (buf_.size() < end_ + options_.chunk_bytes) buf_.resize(end_ + options_.chunk_bytes);
  SB_ASSIGN_OR_RETURN(size_t got, source_.Read(buf_.data() + end_, options_.chunk_bytes));
  if (got == 0) {
    eof_ = true;
    return false;
  }
  end_ += got;
  return true;
}

Result<bool> CsvReader::Refill() {
  if (end_ > 0) last_byte_ = buf_[end_ - 1];
  base_offset_ += static_cast<int64_t>(end_);
  pos_ = end_ = 0;
  if (buf_.size() > options_.chunk_bytes) {  // the first record was buffered whole
    buf_.resize(options_.chunk_bytes);
    buf_.shrink_to_fit();
  }
  return FillMore();
}

Status CsvReader::Start() {
  started_ = true;
  if (options_.start_offset == 0) {
    while (end_ - pos_ < kBom.size()) {
      SB_ASSIGN_OR_RETURN(bool more, FillMore());
      if (!more) break;
    }
    if (std::string_view(buf_.data() + pos_, std::min(end_ - pos_, kBom.size())) == kBom) {
      pos_ += kBom.size();
    }
  }
  if (options_.delimiter == 0) {
    SB_RETURN_IF_ERROR(DetectDelimiter());
  } else if (options_.delimiter == '"' || IsBreak(options_.delimiter)) {
    return Error::Validation("delimiter", "must not be a quote or a line break");
  } else {
    delim_ = options_.delimiter;
  }
  BuildTables();
  return OkStatus();
}

// Buffers the first record (past leading blank lines) and counts the candidate
// delimiters outside quotes.
Status CsvReader::DetectDelimiter() {
  size_t i = pos_;
  bool in_quotes = false;
  size_t counts[3] = {0, 0, 0};
  bool started = false;
  for (;;) {
    if (i == end_) {
      if (i - pos_ > options_.max_record_bytes) break;
      SB_ASSIGN_OR_RETURN(bool more, FillMore());
      if (!more) break;
    }
    char c = buf_[i++];
    if (!started) {
      if (IsBreak(c)) continue;
      started = true;
    }
    if (c == '"') {
      in_quotes = !in_quotes;
    } else if (!in_quotes) {
      if (IsBreak(c)) break;
      counts[0] += c == ',';
      counts[1] += c == ';';
      counts[2] += c == '\t';
    }
  }
  delim_ = ',';
  if (counts[1] > counts[0] && counts[1] >= counts[2]) delim_ = ';';
  if (counts[2] > counts[0] && counts[2] > counts[1]) delim_ = '\t';
  return OkStatus();
}

void CsvReader::BuildTables() {
  auto set = [](bool* table, char c) { table[static_cast<unsigned char>(c)] = true; };
  for (char c : {'"', '\r', '\n'}) {
    set(stop_unquoted_, c);
    set(stop_quoted_, c);
  }
  set(stop_unquoted_, delim_);
}

Result<bool> CsvReader::Next(CsvRecord* out) {
  if (!started_) SB_RETURN_IF_ERROR(Start());
  if (done_) return false;
  RecordBuilder rec(out, options_.validate_utf8, std::max<size_t>(options_.max_cells, 1));
  State st = State::kRecordStart;
  int64_t record_offset = 0;
  int64_t quote_line = 0;
  const size_t max = options_.max_record_bytes;
  auto at = [&](size_t i) { return base_offset_ + static_cast<int64_t>(i); };
  auto size_exceeded = [&](size_t i) { return static_cast<size_t>(at(i) - record_offset) > max; };
  // Consumes a CR or LF at pos_, counting a CRLF pair as one line end.
  auto consume_break = [&]() {
    char prev = pos_ > 0 ? buf_[pos_ - 1] : last_byte_;
    if (buf_[pos_] == '\r' || prev != '\r') ++line_;
    ++pos_;
  };
  auto finish = [&](size_t end_index) {
    if (size_exceeded(end_index)) rec.TooLong(out->line, max);
    rec.Finish();
    if (!have_header_) {
      have_header_ = true;
      header_cells_ = out->cells.size();
    }
    return true;
  };

  for (;;) {
    if (pos_ == end_) {
      SB_ASSIGN_OR_RETURN(bool more, Refill());
      if (!more) {
        done_ = true;
        switch (st) {
          case State::kRecordStart:
            return false;
          case State::kFieldStart:  // after a delimiter: an empty last cell
            rec.BeginCell(line_);
            break;
          case State::kQuoted:
            rec.Flag(
                CsvIssue::kUnterminatedQuote, quote_line,
                "quoted cell opened on line " + std::to_string(quote_line) + " is never closed");
            break;
          case State::kUnquoted:
          case State::kQuoteInQuoted:
            rec.EndCell(line_);
            break;
        }
        return finish(pos_);
      }
    }
    const char* const b = buf_.data();
    switch (st) {
      case State::kRecordStart:
        while (pos_ < end_ && IsBreak(b[pos_])) consume_break();  // blank lines
        if (pos_ < end_) {
          record_offset = at(pos_);
          out->line = line_;
          out->offset = record_offset;
          st = State::kFieldStart;
        }
        break;
      case State::kFieldStart: {
        char c = b[pos_];
        rec.BeginCell(line_);
        if (c == '"') {
          ++pos_;
          quote_line = line_;
          st = State::kQuoted;
        } else if (c == delim_) {
          ++pos_;
          rec.EndCell(line_);
          // A refused record's empty cells cost nothing: skip them in one go.
          if (rec.discarding()) {
            while (pos_ < end_ && b[pos_] == delim_) ++pos_;
          }
          // Separators count: a record of nothing but commas is bounded too.
          if (size_exceeded(pos_)) rec.TooLong(out->line, max);
        } else if (IsBreak(c)) {
          rec.EndCell(line_);
          size_t end_index = pos_;
          consume_break();
          return finish(end_index);
        } else {
          st = State::kUnquoted;
        }
        break;
      }
      case State::kUnquoted: {
        size_t q = pos_;
        while (q < end_ && !stop_unquoted_[static_cast<unsigned char>(b[q])]) ++q;
        rec.Append(b + pos_, q - pos_);
        pos_ = q;
        if (size_exceeded(q)) rec.TooLong(out->line, max);
        if (q == end_) break;
        char c = b[q];
        if (c == delim_) {
          ++pos_;
          rec.EndCell(line_);
          if (size_exceeded(pos_)) rec.TooLong(out->line, max);
          st = State::kFieldStart;
        } else if (c == '"') {
          rec.Flag(CsvIssue::kStrayQuote, line_,
                   "a quote inside an unquoted cell (quote the whole cell and double the quote)");
          rec.Append(c);
          ++pos_;
        } else {
          rec.EndCell(line_);
          consume_break();
          return finish(q);
        }
        break;
      }
      case State::kQuoted: {
        size_t q = pos_;
        while (q < end_ && !stop_quoted_[static_cast<unsigned char>(b[q])]) ++q;
        rec.Append(b + pos_, q - pos_);
        pos_ = q;
        if (size_exceeded(q)) rec.TooLong(out->line, max);
        if (q == end_) break;
        if (b[q] == '"') {
          ++pos_;
          st = State::kQuoteInQuoted;
        } else {
          rec.Append(b[q]);
          consume_break();
        }
        break;
      }
      case State::kQuoteInQuoted: {
        char c = b[pos_];
        if (c == '"') {
          rec.Append(c);
          ++pos_;
          st = State::kQuoted;
        } else if (c == delim_) {
          ++pos_;
          rec.EndCell(line_);
          if (size_exceeded(pos_)) rec.TooLong(out->line, max);
          st = State::kFieldStart;
        } else if (IsBreak(c)) {
          rec.EndCell(line_);
          size_t end_index = pos_;
          consume_break();
          return finish(end_index);
        } else {
          rec.Flag(CsvIssue::kTextAfterQuote, line_, "text after the closing quote");
          st = State::kUnquoted;  // keep the text; the record is reported anyway
        }
        break;
      }
    }
  }
}

}  // namespace sb
