// UTF-8 checks, repair and cutting, as a table of byte strings and what each
// function makes of them.
#include "core/utf8.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sb {
namespace {

const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD

struct TextCase {
  const char* name;
  std::string bytes;
  bool valid;         // IsValidUtf8
  bool text;          // IsUtf8Text
  std::string fixed;  // ToUtf8Text
};

TEST(Utf8, ChecksAndRepairsText) {
  const std::string r = kReplacement;
  const std::vector<TextCase> cases = {
      {"ASCII", "plain.csv", true, true, "plain.csv"},
      {"two- and three-byte characters", "\xC3\xA9t\xC3\xA9 \xE2\x82\xAC", true, true,
       "\xC3\xA9t\xC3\xA9 \xE2\x82\xAC"},
      {"a four-byte character", "\xF0\x9F\x93\x9E", true, true, "\xF0\x9F\x93\x9E"},
      {"empty", "", true, true, ""},
      {"a tab is valid UTF-8 but not text", "a\tb", true, false, "a" + r + "b"},
      {"a line end", "a\nb", true, false, "a" + r + "b"},
      {"DEL", "a\x7F", true, false, "a" + r},
      {"a C1 control (U+0085)", "a\xC2\x85", true, false, "a" + r},
      {"a Latin-1 byte", "caf\xE9.csv", false, false, "caf" + r + ".csv"},
      {"a truncated three-byte sequence is one replacement", "x\xE2\x82", false, false, "x" + r},
      {"an overlong encoding", "\xC0\xAF", false, false, r + r},
      {"a surrogate", "\xED\xA0\x80", false, false, r + r + r},
      {"above U+10FFFF", "\xF4\x90\x80\x80", false, false, r + r + r + r},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(IsValidUtf8(c.bytes), c.valid);
    EXPECT_EQ(IsUtf8Text(c.bytes), c.text);
    EXPECT_EQ(ToUtf8Text(c.bytes), c.fixed);
    EXPECT_TRUE(IsUtf8Text(ToUtf8Text(c.bytes)));
  }
}

TEST(Utf8, CutsBetweenCharactersOnly) {
  const std::string ete = "\xC3\xA9t\xC3\xA9";  // 5 bytes: é t é
  EXPECT_EQ(CutUtf8(ete, 10), ete);
  EXPECT_EQ(CutUtf8(ete, 5), ete);
  EXPECT_EQ(CutUtf8(ete, 4), "\xC3\xA9t");  // not half of the last é
  EXPECT_EQ(CutUtf8(ete, 3), "\xC3\xA9t");
  EXPECT_EQ(CutUtf8(ete, 1), "");
  EXPECT_EQ(CutUtf8(ete, 0), "");
  EXPECT_EQ(CutUtf8("\xF0\x9F\x93\x9E", 3), "");
  EXPECT_EQ(CutUtf8("abc", 2), "ab");
}

}  // namespace
}  // namespace sb
