#include "http/request_id.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>

namespace sb::http {
namespace {

TEST(RequestIdTest, KeepsWellFormedIdsAndReplacesTheRest) {
  struct Case {
    std::optional<std::string> sent;  // nullopt: no header
    bool kept;
  };
  for (const Case& c : {
           Case{"abc", true},
           Case{"0f3c9a1e-7b7e-4b8e-9a7d-2d1c0e5f6a7b", true},
           Case{"A.b_c:d-9", true},
           Case{"x", true},
           Case{std::string(128, 'a'), true},
           Case{std::string(129, 'a'), false},
           Case{std::string(200, 'a'), false},
           Case{"", false},
           Case{std::nullopt, false},
           Case{"has space", false},
           Case{"line\r\nX-Evil: 1", false},
           Case{"line\nbreak", false},
           Case{"tab\there", false},
           Case{"semi;colon", false},
           Case{"slash/", false},
           Case{"quote\"", false},
           Case{"<script>", false},
           Case{"caf\xc3\xa9", false},
           Case{std::string("nul\0byte", 8), false},
       }) {
    const std::string label = c.sent ? *c.sent : "(absent)";
    EXPECT_EQ(IsWellFormedRequestId(c.sent.value_or("")), c.kept) << label;
    const std::string id =
        RequestIdFor(c.sent ? &*c.sent : nullptr, [] { return std::string("generated"); });
    EXPECT_EQ(id, c.kept ? *c.sent : "generated") << label;
  }
}

TEST(RequestIdTest, NewIdsAreWellFormedAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string id = NewRequestId();
    EXPECT_EQ(id.size(), 32U);
    EXPECT_TRUE(IsWellFormedRequestId(id)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100U);
  const std::string bad = "bad id";
  EXPECT_EQ(RequestIdFor(&bad).size(), 32U);  // the default generator
}

}  // namespace
}  // namespace sb::http
