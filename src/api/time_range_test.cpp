#include "api/time_range.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sb::api {
namespace {

TEST(TimeRange, DatesCoverTheirWholeDayAndDateTimesTheirSecond) {
  Result<TimeRange> r = ParseTimeRange(R"({"start": "2024-01-01", "end": "2024-01-31"})", "f");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->from, 1704067200);
  EXPECT_EQ(r->until, 1706745600);
  r = ParseTimeRange(R"({"start": null, "end": "2024-01-31T18:00:00Z"})", "f");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->from, std::nullopt);
  EXPECT_EQ(r->until, 1706724001);
}

TEST(TimeRange, AnythingElseIsA422NamingTheParameter) {
  for (const char* bad : {"", "[]", "{\"start\": 1}", "{\"start\": \"2024-02-30\"}",
                          "{\"start\": \"2024-02-01\", \"end\": \"2024-01-01\"}", "{"}) {
    SCOPED_TRACE(bad);
    Result<TimeRange> r = ParseTimeRange(bad, "dateRange");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), ErrorCode::kValidation);
    EXPECT_EQ(r.error().field(), "dateRange");
  }
}

// Found with the query fuzz target on a long input: the range was parsed by
// RapidJSON's recursive parser, a few stack frames per '[', and a URL of
// 60 000 of them overflowed the stack of the sanitizer build. It is now parsed
// iteratively, and nesting past 64 levels is refused.
TEST(TimeRange, DeepNestingIsRefusedNotRecursedInto) {
  for (const std::string& deep : {std::string(100000, '['), "{\"start\": " + std::string(65, '[') +
                                                                std::string(65, ']') + "}"}) {
    Result<TimeRange> r = ParseTimeRange(deep, "dateRange");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field(), "dateRange");
  }
}

}  // namespace
}  // namespace sb::api
