// ParseJson: what it accepts, what it refuses and why, and that depth costs
// no stack (inputs far deeper than any stack could recurse through).
#include "core/json_parse.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sb {
namespace {

std::string Nested(size_t depth, char open = '[', char close = ']') {
  return std::string(depth, open) + std::string(depth, close);
}

struct Case {
  const char* name;
  std::string text;
  bool ok;
  std::string details;  // expected substring of the error's details
};

TEST(ParseJson, AcceptsDocumentsUpToTheDepthAndNamesWhatItRefuses) {
  const std::vector<Case> cases = {
      {"an object", R"({"a":[1,{"b":null}],"c":"d"})", true, ""},
      {"a scalar", "42", true, ""},
      {"after a byte order mark", "\xEF\xBB\xBF{\"a\":1}", true, ""},
      {"64 arrays deep", Nested(64), true, ""},
      {"64 levels of objects and arrays",
       std::string(32, '[') +
           [] {
             std::string s;
             for (int i = 0; i < 32; ++i) s += R"({"k":)";
             s += "1";
             for (int i = 0; i < 32; ++i) s += "}";
             return s;
           }() +
           std::string(32, ']'),
       true, ""},
      {"65 arrays deep", Nested(65), false, "nested deeper than 64 levels at offset 64"},
      {"65 objects deep",
       [] {
         std::string s;
         for (int i = 0; i < 65; ++i) s += R"({"k":)";
         return s + "1" + std::string(65, '}');
       }(),
       false, "nested deeper than 64 levels"},
      {"300 000 opening brackets", std::string(300000, '['), false, "nested deeper than 64"},
      {"empty", "", false, "The document is empty."},
      {"trailing garbage", "{} x", false, "The document root must not be followed by other values"},
      {"unterminated string", R"({"a":"b)", false, "at offset"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    rapidjson::Document doc;
    Status st = ParseJson(c.text, &doc);
    EXPECT_EQ(st.ok(), c.ok) << (st.ok() ? "" : st.error().details());
    if (!c.ok) {
      EXPECT_EQ(st.error().code(), ErrorCode::kMalformedJson);
      EXPECT_NE(st.error().details().find(c.details), std::string::npos) << st.error().details();
      EXPECT_TRUE(doc.IsNull());
    }
  }
}

TEST(ParseJson, TheDepthLimitIsAParameter) {
  rapidjson::Document doc;
  EXPECT_TRUE(ParseJson(Nested(3), &doc, 3).ok());
  Status st = ParseJson(Nested(4), &doc, 3);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().details().find("deeper than 3 levels"), std::string::npos);
}

TEST(ParseJson, WellFormedNestingFarPastAnyStackIsRefusedNotFollowed) {
  // 400 000 levels, well formed: 800 KB, the metadata cell of the reproduction.
  rapidjson::Document doc;
  Status st = ParseJson(Nested(400000), &doc);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().details().find("deeper than 64"), std::string::npos);
  // The same document with the limit lifted parses without recursion.
  ASSERT_TRUE(ParseJson(Nested(400000), &doc, 1000000).ok());
  EXPECT_EQ(JsonDepth(doc), 400000u);
}

TEST(ParseJson, ADocumentCanBeReusedAfterAFailure) {
  rapidjson::Document doc;
  ASSERT_FALSE(ParseJson("[[[", &doc).ok());
  ASSERT_TRUE(ParseJson(R"({"a":1})", &doc).ok());
  ASSERT_TRUE(doc.IsObject());
  EXPECT_EQ(doc["a"].GetInt(), 1);
}

TEST(ParseJson, TellsDepthFromSyntax) {
  rapidjson::Document doc;
  Status deep = ParseJson(Nested(65), &doc);
  Status bad = ParseJson("[1,", &doc);
  ASSERT_FALSE(deep.ok());
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(IsJsonTooDeep(deep.error()));
  EXPECT_FALSE(IsJsonTooDeep(bad.error()));
}

TEST(WriteJson, WritesUpToTheDepthAndRefusesDeeper) {
  rapidjson::Document doc;
  ASSERT_TRUE(ParseJson(R"({"a":[1,"x",null]})", &doc).ok());
  auto text = WriteJson(doc);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, R"({"a":[1,"x",null]})");
  ASSERT_TRUE(ParseJson(Nested(100), &doc, 100).ok());
  auto deep = WriteJson(doc);
  ASSERT_FALSE(deep.ok());
  EXPECT_TRUE(IsJsonTooDeep(deep.error()));
  EXPECT_EQ(WriteJson(doc, 100).value(), Nested(100));
}

TEST(JsonDepth, CountsObjectsAndArrays) {
  const std::vector<std::pair<std::string, size_t>> cases = {
      {"1", 0}, {"[]", 1}, {"{}", 1}, {R"({"a":[{"b":[]}],"c":1})", 4}, {Nested(64), 64}};
  for (const auto& [text, depth] : cases) {
    rapidjson::Document doc;
    ASSERT_TRUE(ParseJson(text, &doc).ok()) << text;
    EXPECT_EQ(JsonDepth(doc), depth) << text;
  }
}

}  // namespace
}  // namespace sb
