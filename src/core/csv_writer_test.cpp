#include "core/csv_writer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/csv_reader.hpp"

namespace sb {
namespace {

using Cells = std::vector<std::string>;

TEST(CsvWriter, QuotesOnlyWhenNeeded) {
  struct Case {
    std::string cell;
    std::string written;
  };
  for (const Case& c : {
           Case{"", ""},
           Case{"plain", "plain"},
           Case{"with inner space", "with inner space"},
           Case{"a,b", "\"a,b\""},
           Case{"say \"hi\"", "\"say \"\"hi\"\"\""},
           Case{"\"", "\"\"\"\""},
           Case{"two\nlines", "\"two\nlines\""},
           Case{"cr\r", "\"cr\r\""},
           Case{"crlf\r\n", "\"crlf\r\n\""},
           Case{" lead", "\" lead\""},
           Case{"trail ", "\"trail \""},
           Case{"\ttab", "\"'\ttab\""},  // quoted, and guarded (see below)
           Case{"a;b", "a;b"},
           Case{"caf\xC3\xA9 \xF0\x9F\x98\x80", "caf\xC3\xA9 \xF0\x9F\x98\x80"},
       }) {
    EXPECT_EQ(CsvWriter::Encode(c.cell, {}), c.written) << c.cell;
  }
  CsvWriterOptions semicolon{';', true};
  EXPECT_EQ(CsvWriter::Encode("a;b", semicolon), "\"a;b\"");
  EXPECT_EQ(CsvWriter::Encode("a,b", semicolon), "a,b");
  CsvWriterOptions tab{'\t', true};
  EXPECT_EQ(CsvWriter::Encode("a\tb", tab), "\"a\tb\"");
}

TEST(CsvWriter, GuardsAgainstFormulasByDefault) {
  struct Case {
    std::string cell;
    std::string guarded;
  };
  for (const Case& c : {
           Case{"=SUM(A1:A9)", "'=SUM(A1:A9)"},
           Case{"@SUM(A1)", "'@SUM(A1)"},
           Case{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
           Case{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
           Case{"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
           Case{"=1 ", "\"'=1 \""},
           Case{"+", "'+"},
           Case{"-", "'-"},
           Case{"+14155550100", "+14155550100"},
           Case{"+1 (415) 555-0100", "+1 (415) 555-0100"},
           Case{"-12.5", "-12.5"},
           Case{"a=b", "a=b"},
           Case{"'=already", "'=already"},
           // TAB and CR: a leading one is guarded (inside the quotes the
           // leading space or line break calls for anyway).
           Case{"\t=SUM(A1:A9)", "\"'\t=SUM(A1:A9)\""},
           Case{"\r=cmd|' /C calc'!A0", "\"'\r=cmd|' /C calc'!A0\""},
           Case{"\t", "\"'\t\""},
           Case{"\r", "\"'\r\""},
           Case{"\tplain", "\"'\tplain\""},
           Case{"\r\n@x", "\"'\r\n@x\""},
           Case{"a\tb", "a\tb"},
           Case{"a\rb", "\"a\rb\""},
           Case{"\n=1", "\"\n=1\""},
       }) {
    EXPECT_EQ(CsvWriter::Encode(c.cell, {}), c.guarded) << c.cell;
  }
  EXPECT_EQ(CsvWriter::Encode("=SUM(A1:A9)", {',', false}), "=SUM(A1:A9)");
  EXPECT_EQ(CsvWriter::Encode("@x,y", {',', false}), "\"@x,y\"");
  EXPECT_EQ(CsvWriter::Encode("\t=1", {',', false}), "\"\t=1\"");
  EXPECT_EQ(CsvWriter::Encode("\r=1", {',', false}), "\"\r=1\"");
}

TEST(CsvWriter, WritesRecordsWithCrlf) {
  std::string out;
  CsvWriter writer(&out);
  ASSERT_TRUE(writer.WriteRecord({"name", "phone_number", "note"}).ok());
  ASSERT_TRUE(writer.WriteRecord(Cells{"Ann", "+14155550100", ""}).ok());
  ASSERT_TRUE(writer.WriteRecord({""}).ok());  // one empty cell: not a blank line
  ASSERT_TRUE(writer.AddCell("x").ok());
  ASSERT_TRUE(writer.AddCell("").ok());
  ASSERT_TRUE(writer.EndRecord().ok());
  ASSERT_TRUE(writer.Flush().ok());
  EXPECT_EQ(out, "name,phone_number,note\r\nAnn,+14155550100,\r\n\"\"\r\nx,\r\n");
}

TEST(CsvWriter, HandsTextToASinkInPieces) {
  std::vector<std::string> pieces;
  CsvWriter writer(
      [&](std::string_view text) {
        pieces.emplace_back(text);
        return OkStatus();
      },
      {}, 8);
  ASSERT_TRUE(writer.WriteRecord({"a", "b"}).ok());  // 5 bytes: kept
  EXPECT_TRUE(pieces.empty());
  ASSERT_TRUE(writer.WriteRecord({"c", "d"}).ok());  // 10 bytes: handed over
  ASSERT_TRUE(writer.WriteRecord({"e"}).ok());
  ASSERT_TRUE(writer.Flush().ok());
  ASSERT_TRUE(writer.Flush().ok());  // nothing left: no empty piece
  EXPECT_EQ(pieces, (std::vector<std::string>{"a,b\r\nc,d\r\n", "e\r\n"}));
}

TEST(CsvWriter, ReportsASinkFailure) {
  CsvWriter writer([](std::string_view) { return Status(Error::Internal("client gone")); }, {}, 1);
  Status status = writer.WriteRecord({"a"});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().details(), "client gone");
}

std::vector<Cells> ReadBack(const std::string& text, char delimiter, size_t chunk) {
  StringCsvSource source(text);
  CsvReaderOptions options;
  options.delimiter = delimiter;
  options.chunk_bytes = chunk;
  CsvReader reader(source, options);
  std::vector<Cells> records;
  CsvRecord record;
  for (;;) {
    auto more = reader.Next(&record);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    EXPECT_TRUE(record.ok()) << record.reason;
    records.push_back(record.cells);
  }
  return records;
}

TEST(CsvWriter, RoundTripsThroughTheReader) {
  const std::vector<Cells> records = {
      {"id", "name", "note"},
      {"1", "say \"hi\"", "a,b;c\td"},
      {"2", "line one\nline two", "crlf\r\nand lone cr\r"},
      {"3", " padded ", "\"\""},
      {"4", "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80", "=not a formula here"},
      {""},
      {"", ""},
      {"only one"},
      {"5", "", ""},
      {"\n"},
      {"", "\r\n", ""},
  };
  for (char delimiter : {',', ';', '\t'}) {
    std::string text;
    CsvWriter writer(&text, {delimiter, false});
    for (const Cells& r : records) ASSERT_TRUE(writer.WriteRecord(r).ok());
    for (size_t chunk : {size_t{1}, size_t{2}, size_t{3}, size_t{7}, size_t{64} << 10}) {
      EXPECT_EQ(ReadBack(text, delimiter, chunk), records)
          << "delimiter " << static_cast<int>(delimiter) << " chunk " << chunk;
    }
    // The header alone is enough to detect the delimiter.
    EXPECT_EQ(ReadBack(text, 0, 64), records) << "detected " << static_cast<int>(delimiter);
  }
}

TEST(CsvWriter, GuardedCellsReadBackWithThePrefix) {
  std::string text;
  CsvWriter writer(&text);
  ASSERT_TRUE(writer.WriteRecord({"=1+1", "+14155550100", "@x,y", "\t=1", "\r=2"}).ok());
  EXPECT_EQ(ReadBack(text, ',', 5),
            (std::vector<Cells>{{"'=1+1", "+14155550100", "'@x,y", "'\t=1", "'\r=2"}}));
}

}  // namespace
}  // namespace sb
