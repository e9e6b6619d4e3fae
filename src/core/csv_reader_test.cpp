#include "core/csv_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

namespace sb {
namespace {

using Cells = std::vector<std::string>;

// What a test expects of one record.
struct Rec {
  Cells cells;
  int64_t line = 0;
  int64_t offset = 0;
  CsvIssue issue = CsvIssue::kNone;
  int64_t issue_line = 0;  // checked when issue != kNone
  size_t issue_cell = 0;   // checked when issue != kNone
  bool operator==(const Rec&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Rec& r) {
  os << "{line " << r.line << " @" << r.offset << " " << CsvIssueName(r.issue);
  if (r.issue != CsvIssue::kNone) os << " line " << r.issue_line << " cell " << r.issue_cell;
  os << " [";
  for (const std::string& c : r.cells) os << '<' << c << '>';
  return os << "]}";
}

constexpr size_t kChunkSizes[] = {1, 2, 3, 7, size_t{64} << 10};

std::vector<Rec> ReadAll(std::string_view input, CsvReaderOptions options, size_t chunk,
                         char* delimiter = nullptr) {
  options.chunk_bytes = chunk;
  StringCsvSource source(input);
  CsvReader reader(source, options);
  std::vector<Rec> out;
  CsvRecord record;
  for (;;) {
    auto more = reader.Next(&record);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    Rec r{record.cells, record.line, record.offset, record.issue};
    if (record.issue != CsvIssue::kNone) {
      r.issue_line = record.issue_line;
      r.issue_cell = record.issue_cell;
      EXPECT_FALSE(record.reason.empty());
    }
    out.push_back(r);
  }
  if (delimiter != nullptr) *delimiter = reader.delimiter();
  return out;
}

struct Case {
  const char* name;
  std::string input;
  std::vector<Rec> want;
  char delimiter = 0;  // forced when not 0
  size_t max_record_bytes = size_t{1} << 20;
  char want_delimiter = ',';
  size_t max_cells = 4096;
};

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    for (size_t chunk : kChunkSizes) {
      CsvReaderOptions options;
      options.delimiter = c.delimiter;
      options.max_record_bytes = c.max_record_bytes;
      options.max_cells = c.max_cells;
      char delimiter = 0;
      EXPECT_EQ(ReadAll(c.input, options, chunk, &delimiter), c.want)
          << c.name << " with chunk " << chunk;
      EXPECT_EQ(delimiter, c.want_delimiter) << c.name << " with chunk " << chunk;
    }
  }
}

TEST(CsvReader, LineEndsAndBlankLines) {
  RunCases({
      {"LF", "a,b,c\n1,2,3\n", {{{"a", "b", "c"}, 1, 0}, {{"1", "2", "3"}, 2, 6}}},
      {"CRLF", "a,b\r\n1,2\r\n", {{{"a", "b"}, 1, 0}, {{"1", "2"}, 2, 5}}},
      {"lone CR", "a,b\r1,2\r", {{{"a", "b"}, 1, 0}, {{"1", "2"}, 2, 4}}},
      {"mixed, last without line end",
       "a\r\nb\nc\rd",
       {{{"a"}, 1, 0}, {{"b"}, 2, 3}, {{"c"}, 3, 5}, {{"d"}, 4, 7}}},
      {"blank lines skipped but counted",
       "\n\na,b\n\n\r\n1,2\n\n",
       {{{"a", "b"}, 3, 2}, {{"1", "2"}, 6, 9}}},
      {"CR then CRLF blank", "a\r\r\nb", {{{"a"}, 1, 0}, {{"b"}, 3, 4}}},
      {"trailing CR", "a\r", {{{"a"}, 1, 0}}},
      {"empty input", "", {}},
      {"only blank lines", "\r\n\n\r", {}},
      {"only a BOM", "\xEF\xBB\xBF", {}},
      {"BOM dropped, offsets count it",
       "\xEF\xBB\xBF"
       "a,b\n1,2",
       {{{"a", "b"}, 1, 3}, {{"1", "2"}, 2, 7}}},
      {"BOM-like bytes later are data",
       "a\n\xEF\xBB\xBF"
       "b",
       {{{"a"}, 1, 0},
        {{"\xEF\xBB\xBF"
          "b"},
         2,
         2}}},
      {"spaces are data", " a , b \n", {{{" a ", " b "}, 1, 0}}},
      {"empty cells",
       "a,b,\n1,,\n,\n",
       {{{"a", "b", ""}, 1, 0}, {{"1", "", ""}, 2, 5}, {{"", ""}, 3, 9}}},
      {"trailing delimiter at end of input", "a,", {{{"a", ""}, 1, 0}}},
  });
}

TEST(CsvReader, QuotedCells) {
  RunCases({
      {"delimiter inside quotes", "\"a,b\",c\n", {{{"a,b", "c"}, 1, 0}}},
      {"doubled quotes", "\"say \"\"hi\"\"\",\"\"\"\"\n", {{{"say \"hi\"", "\""}, 1, 0}}},
      {"empty quoted cells", "\"\",x\n\"\"\n", {{{"", "x"}, 1, 0}, {{""}, 2, 5}}},
      {"quoted last cell at end of input", "x,\"a\"", {{{"x", "a"}, 1, 0}}},
      {"LF inside quotes spans lines",
       "h1,h2\n\"line1\nline2\",x\ny,z\n",
       {{{"h1", "h2"}, 1, 0}, {{"line1\nline2", "x"}, 2, 6}, {{"y", "z"}, 4, 22}}},
      {"CRLF inside quotes counts once", "\"a\r\nb\"\r\nc", {{{"a\r\nb"}, 1, 0}, {{"c"}, 3, 8}}},
      {"lone CR inside quotes", "\"a\rb\"\nc", {{{"a\rb"}, 1, 0}, {{"c"}, 3, 6}}},
      {"blank lines inside quotes are data",
       "\"\n\n\",x\ny",
       {{{"\n\n", "x"}, 1, 0}, {{"y"}, 4, 7}}},
      {"quoted cell after a multi-line one",
       "\"a\nb\",\"c\nd\"\ne",
       {{{"a\nb", "c\nd"}, 1, 0}, {{"e"}, 4, 12}}},
  });
}

TEST(CsvReader, DetectsOrForcesTheDelimiter) {
  RunCases({
      {"semicolon",
       "a;b;c\n1;2,5;3\n",
       {{{"a", "b", "c"}, 1, 0}, {{"1", "2,5", "3"}, 2, 6}},
       0,
       size_t{1} << 20,
       ';'},
      {"tab", "a\tb\n1\t2", {{{"a", "b"}, 1, 0}, {{"1", "2"}, 2, 4}}, 0, size_t{1} << 20, '\t'},
      {"quoted delimiters do not count", "\"a;b;c\",d\n", {{{"a;b;c", "d"}, 1, 0}}},
      {"tie goes to comma", "a,b;c\n", {{{"a", "b;c"}, 1, 0}}},
      {"then to semicolon", "a;b\tc\n", {{{"a", "b\tc"}, 1, 0}}, 0, size_t{1} << 20, ';'},
      {"no delimiter at all: comma", "name\nAl;Bo", {{{"name"}, 1, 0}, {{"Al;Bo"}, 2, 5}}},
      {"detected past leading blank lines and a BOM",
       "\xEF\xBB\xBF\r\n\r\na;b\n1;2",
       {{{"a", "b"}, 3, 7}, {{"1", "2"}, 4, 11}},
       0,
       size_t{1} << 20,
       ';'},
      {"header spanning lines",
       "\"a\nb\";c;d\n1;2;3",
       {{{"a\nb", "c", "d"}, 1, 0}, {{"1", "2", "3"}, 3, 10}},
       0,
       size_t{1} << 20,
       ';'},
      {"forced semicolon", "a,b;c\n", {{{"a,b", "c"}, 1, 0}}, ';', size_t{1} << 20, ';'},
      {"forced tab", "a,b\tc;d\n", {{{"a,b", "c;d"}, 1, 0}}, '\t', size_t{1} << 20, '\t'},
  });
}

TEST(CsvReader, ReportsBadRecordsAndGoesOn) {
  RunCases({
      {"stray quote in an unquoted cell",
       "a,b\nx,y\"z\n1,2",
       {{{"a", "b"}, 1, 0},
        {{"x", "y\"z"}, 2, 4, CsvIssue::kStrayQuote, 2, 1},
        {{"1", "2"}, 3, 10}}},
      {"text after the closing quote",
       "a,b\n\"x\"y,z\n1,2",
       {{{"a", "b"}, 1, 0},
        {{"xy", "z"}, 2, 4, CsvIssue::kTextAfterQuote, 2, 0},
        {{"1", "2"}, 3, 11}}},
      {"space after the closing quote",
       "\"x\" ,z\n",
       {{{"x ", "z"}, 1, 0, CsvIssue::kTextAfterQuote, 1, 0}}},
      {"stray quote on the second line of a record",
       "\"a\nb\",c\"d\ne",
       {{{"a\nb", "c\"d"}, 1, 0, CsvIssue::kStrayQuote, 2, 1}, {{"e"}, 3, 10}}},
      {"first issue of a record wins",
       "x\"y,\"z\"w\n",
       {{{"x\"y", "zw"}, 1, 0, CsvIssue::kStrayQuote, 1, 0}}},
      {"unterminated quote swallows the rest",
       "a,b\n\"x,y\n1,2\n",
       {{{"a", "b"}, 1, 0}, {{"x,y\n1,2\n"}, 2, 4, CsvIssue::kUnterminatedQuote, 2, 0}}},
      {"unterminated quote opened on a later line",
       "a,b,c\n1,\"x\ny\",\"z\nw",
       {{{"a", "b", "c"}, 1, 0},
        {{"1", "x\ny", "z\nw"}, 2, 6, CsvIssue::kUnterminatedQuote, 3, 2}}},
      {"invalid UTF-8 per record",
       "a,b\n\xff,ok\nok,\xC3\xA9\n\xC0\xAF,x\n\xE2\x82\n\xED\xA0\x80\n\xF0\x9F\x98\x80,"
       "\xF4\x90\x80\x80\n",
       {{{"a", "b"}, 1, 0},
        {{"\xff", "ok"}, 2, 4, CsvIssue::kInvalidUtf8, 2, 0},
        {{"ok", "\xC3\xA9"}, 3, 9},
        {{"\xC0\xAF", "x"}, 4, 15, CsvIssue::kInvalidUtf8, 4, 0},
        {{"\xE2\x82"}, 5, 20, CsvIssue::kInvalidUtf8, 5, 0},
        {{"\xED\xA0\x80"}, 6, 23, CsvIssue::kInvalidUtf8, 6, 0},
        {{"\xF0\x9F\x98\x80", "\xF4\x90\x80\x80"}, 7, 27, CsvIssue::kInvalidUtf8, 7, 1}}},
  });
}

TEST(CsvReader, LimitsTheRecordSize) {
  RunCases({
      {"at, above and quoted above the limit",
       "a,b\n0123456789\r\n0123456789A,b\n\"long\nquoted,,,,,,\"\nok,1\n",
       {{{"a", "b"}, 1, 0},
        {{"0123456789"}, 2, 4},
        {{}, 3, 16, CsvIssue::kRecordTooLong, 3, 0},
        {{}, 4, 30, CsvIssue::kRecordTooLong, 4, 0},
        {{"ok", "1"}, 6, 50}},
       0,
       10},
      {"too long and unterminated: one record",
       "a\n\"0123456789\nx",
       {{{"a"}, 1, 0}, {{}, 2, 2, CsvIssue::kRecordTooLong, 2, 0}},
       0,
       10},
      {"too long header",
       "0123456789,abc\nx,y",
       {{{}, 1, 0, CsvIssue::kRecordTooLong, 1, 0}, {{"x", "y"}, 2, 15}},
       0,
       10},
  });
}

TEST(CsvReader, SeparatorsCountTowardsTheRecordSize) {
  RunCases({
      {"a record of nothing but commas",
       "a,b\n,,,,,,,,,,,,,,,,,,,,\n,,,,,,,,,\nok,1\n",
       {{{"a", "b"}, 1, 0},
        {{}, 2, 4, CsvIssue::kRecordTooLong, 2, 0},
        {Cells(10, ""), 3, 25},
        {{"ok", "1"}, 4, 35}},
       0,
       10},
      {"empty quoted cells",
       "\"\",\"\",\"\",\"\",\"\"\nok\n",
       {{{}, 1, 0, CsvIssue::kRecordTooLong, 1, 0}, {{"ok"}, 2, 15}},
       0,
       10},
  });
}

TEST(CsvReader, LimitsTheCellCount) {
  RunCases({
      {"at and above the limit",
       "a,b,c\n1,2,3,4\n,,,\nx,\"y\",z\n",
       {{{"a", "b", "c"}, 1, 0},
        {{}, 2, 6, CsvIssue::kTooManyCells, 2, 0},
        {{}, 3, 14, CsvIssue::kTooManyCells, 3, 0},
        {{"x", "y", "z"}, 4, 18}},
       0,
       size_t{1} << 20,
       ',',
       3},
      {"too many cells and too long: the first found wins",
       "1,2,3,4,5,6,7,8,9\nok\n",
       {{{}, 1, 0, CsvIssue::kTooManyCells, 1, 0}, {{"ok"}, 2, 18}},
       0,
       10,
       ',',
       3},
  });
}

TEST(CsvReader, LeavesCellCountsToTheCaller) {
  StringCsvSource source("a,b,c\n1,2\n1,2,3,4\n1,2,3\n");
  CsvReader reader(source);
  EXPECT_EQ(reader.header_cells(), 0u);
  CsvRecord record;
  std::vector<std::string> reasons;
  for (;;) {
    auto more = reader.Next(&record);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    if (record.cells.size() != reader.header_cells()) {
      reasons.push_back("line " + std::to_string(record.line) + ": " +
                        CellCountReason(record.cells.size(), reader.header_cells()));
    }
  }
  EXPECT_EQ(reader.header_cells(), 3u);
  EXPECT_EQ(reasons, (std::vector<std::string>{"line 2: 2 cells, header has 3",
                                               "line 3: 4 cells, header has 3"}));
  EXPECT_EQ(CellCountReason(1, 2), "1 cell, header has 2");
}

TEST(CsvReader, ReasonsAreSentences) {
  StringCsvSource source("a,b\n1,\"x\ny\n");
  CsvReader reader(source);
  CsvRecord record;
  ASSERT_TRUE(*reader.Next(&record));
  ASSERT_TRUE(*reader.Next(&record));
  EXPECT_EQ(record.reason, "cell 2: quoted cell opened on line 2 is never closed");
  EXPECT_STREQ(CsvIssueName(record.issue), "unterminated_quote");
  auto more = reader.Next(&record);
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(*more);
  more = reader.Next(&record);  // stays at the end
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(*more);
}

TEST(CsvReader, ResumesAtARecordOffset) {
  const std::string input = "\xEF\xBB\xBFh1;h2\n1;\"a\nb\"\n\n2;x\r\n3;y\n";
  std::vector<Rec> all = ReadAll(input, {}, 64);
  ASSERT_EQ(all.size(), 4u);
  for (size_t from = 1; from < all.size(); ++from) {
    CsvReaderOptions options;
    options.delimiter = ';';
    options.start_line = all[from].line;
    options.start_offset = all[from].offset;
    for (size_t chunk : kChunkSizes) {
      std::vector<Rec> tail = ReadAll(
          std::string_view(input).substr(static_cast<size_t>(all[from].offset)), options, chunk);
      EXPECT_EQ(tail, std::vector<Rec>(all.begin() + static_cast<ptrdiff_t>(from), all.end()))
          << "from record " << from << " with chunk " << chunk;
    }
  }
}

TEST(CsvReader, ReadsFromAStream) {
  std::istringstream in("a,b\r\n\"1\r\n2\",3\r\n");
  StreamCsvSource source(in);
  CsvReaderOptions options;
  options.chunk_bytes = 4;
  CsvReader reader(source, options);
  CsvRecord record;
  ASSERT_TRUE(*reader.Next(&record));
  EXPECT_EQ(record.cells, (Cells{"a", "b"}));
  ASSERT_TRUE(*reader.Next(&record));
  EXPECT_EQ(record.cells, (Cells{"1\r\n2", "3"}));
  EXPECT_EQ(record.line, 2);
  EXPECT_FALSE(*reader.Next(&record));
}

class FailingSource : public CsvSource {
 public:
  Result<size_t> Read(char* buf, size_t n) override {
    if (calls_++ == 0) {
      std::memcpy(buf, "a,b\n1,", std::min<size_t>(n, 6));
      return std::min<size_t>(n, 6);
    }
    return Error::Internal("disk gone");
  }

 private:
  int calls_ = 0;
};

TEST(CsvReader, ASourceFailureIsAnError) {
  FailingSource source;
  CsvReaderOptions options;
  options.delimiter = ',';
  CsvReader reader(source, options);
  CsvRecord record;
  ASSERT_TRUE(*reader.Next(&record));
  auto more = reader.Next(&record);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.error().details(), "disk gone");
}

TEST(CsvReader, RejectsAQuoteOrLineBreakAsDelimiter) {
  for (char bad : {'"', '\n', '\r'}) {
    StringCsvSource source("a");
    CsvReaderOptions options;
    options.delimiter = bad;
    CsvReader reader(source, options);
    CsvRecord record;
    auto more = reader.Next(&record);
    ASSERT_FALSE(more.ok());
    EXPECT_EQ(more.error().field(), "delimiter");
  }
}

// Generates rows on the fly so the input is never held in memory.
class GeneratedSource : public CsvSource {
 public:
  explicit GeneratedSource(int rows) : rows_(rows) {}
  Result<size_t> Read(char* buf, size_t n) override {
    size_t written = 0;
    while (written < n) {
      if (pending_.empty()) {
        if (next_ > rows_) break;
        pending_ = next_ == 0 ? "id,name,note\r\n"
                              : std::to_string(next_) + ",\"Name, " + std::to_string(next_) +
                                    "\",\"says \"\"hi\"\"\non two lines\"\r\n";
        ++next_;
      }
      size_t k = std::min(n - written, pending_.size());
      std::memcpy(buf + written, pending_.data(), k);
      pending_.erase(0, k);
      written += k;
    }
    return written;
  }

 private:
  int rows_;
  int next_ = 0;
  std::string pending_;
};

// A header, then one record of `commas` commas, then "x,y": generated, never
// held whole.
class CommaSource : public CsvSource {
 public:
  explicit CommaSource(size_t commas) : commas_(commas) {}
  Result<size_t> Read(char* buf, size_t n) override {
    size_t k = 0;
    while (k < n) {
      if (!head_.empty()) {
        buf[k++] = head_.front();
        head_.erase(0, 1);
      } else if (commas_ > 0) {
        size_t m = std::min(n - k, commas_);
        std::memset(buf + k, ',', m);
        k += m;
        commas_ -= m;
      } else if (!tail_.empty()) {
        buf[k++] = tail_.front();
        tail_.erase(0, 1);
      } else {
        break;
      }
    }
    return k;
  }

 private:
  std::string head_ = "name,phone_number\n";
  size_t commas_;
  std::string tail_ = "\nx,y\n";
};

TEST(CsvReader, ARecordOfCommasCostsBoundedMemory) {
  // 8 MiB of commas: before cells were bounded, one std::string per comma
  // (over 256 MB); now the record is refused and reading goes on.
  CommaSource source(size_t{8} << 20);
  CsvReader reader(source);
  CsvRecord record;
  std::vector<CsvIssue> issues;
  size_t max_cells_capacity = 0;
  for (;;) {
    auto more = reader.Next(&record);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    issues.push_back(record.issue);
    max_cells_capacity = std::max(max_cells_capacity, record.cells.capacity());
  }
  EXPECT_EQ(issues,
            (std::vector<CsvIssue>{CsvIssue::kNone, CsvIssue::kTooManyCells, CsvIssue::kNone}));
  EXPECT_EQ(record.cells, (Cells{"x", "y"}));
  EXPECT_LE(max_cells_capacity, CsvReaderOptions().max_cells);
  EXPECT_LE(reader.buffer_capacity(), CsvReaderOptions().chunk_bytes);
}

TEST(CsvReader, ReadsALargeInputInBoundedMemory) {
  constexpr int kRows = 200000;
  GeneratedSource source(kRows);
  CsvReaderOptions options;
  options.chunk_bytes = 4096;
  CsvReader reader(source, options);
  CsvRecord record;
  int rows = 0;
  int bad = 0;
  size_t max_buffer = 0;
  while (true) {
    auto more = reader.Next(&record);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    ++rows;
    bad += record.ok() && record.cells.size() == 3 ? 0 : 1;
    max_buffer = std::max(max_buffer, reader.buffer_capacity());
  }
  EXPECT_EQ(rows, kRows + 1);
  EXPECT_EQ(bad, 0);
  EXPECT_EQ(record.cells, (Cells{"200000", "Name, 200000", "says \"hi\"\non two lines"}));
  EXPECT_EQ(record.line, 2 * kRows);  // each row spans two lines
  EXPECT_LE(max_buffer, 4096u);
}

}  // namespace
}  // namespace sb
