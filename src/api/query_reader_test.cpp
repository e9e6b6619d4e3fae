#include "api/query_reader.hpp"

#include <gtest/gtest.h>

#include <string>

#include "http/query_string.hpp"

namespace sb::api {
namespace {

ApiRequest WithQuery(std::string_view query) {
  ApiRequest req;
  req.query_all = http::ParseQueryPairs(query);
  for (const auto& [key, value] : req.query_all) req.query[key] = value;
  return req;
}

TEST(QueryReader, StringsAreTrimmedAndBounded) {
  const ApiRequest req = WithQuery("a=%20x%09&b=%20%20&c=" + std::string(300, 'y'));
  QueryReader q(req);
  EXPECT_EQ(q.String("a"), "x");
  EXPECT_EQ(q.String("b"), std::nullopt);
  EXPECT_EQ(q.String("missing"), std::nullopt);
  EXPECT_TRUE(q.Finish().ok());
  EXPECT_EQ(q.String("c"), std::nullopt);
  EXPECT_EQ(q.Finish().error().field(), "c");
}

// Found by fuzzing (tests/fuzz/query/regression_nul_and_bad_utf8): these
// reached the store and were a 500 there (SQLite's full-text query ends at a
// NUL, PostgreSQL refuses text that is not UTF-8). A 422 names the parameter.
TEST(QueryReader, AStringThatIsNotUtf8OrHoldsANulIsRefused) {
  for (const char* query : {"search=ab%00cd", "search=%ff%fe%fd", "search=caf%c3", "search=%00"}) {
    SCOPED_TRACE(query);
    const ApiRequest req = WithQuery(query);
    QueryReader q(req);
    EXPECT_EQ(q.String("search"), std::nullopt);
    const Status st = q.Finish();
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code(), ErrorCode::kValidation);
    EXPECT_EQ(st.error().field(), "search");
  }
  const ApiRequest ok = WithQuery("search=caf%C3%A9+%F0%9F%98%80");
  QueryReader q(ok);
  EXPECT_EQ(q.String("search"), "caf\xC3\xA9 \xF0\x9F\x98\x80");
  EXPECT_TRUE(q.Finish().ok());
}

TEST(QueryReader, PagesStayInBounds) {
  const ApiRequest req = WithQuery("page=99999999999999999999&per_page=0");
  QueryReader q(req);
  const domain::PageRequest page = q.Page(25);
  EXPECT_EQ(page.page, 1);
  EXPECT_EQ(page.per_page, 25);
  EXPECT_FALSE(q.Finish().ok());
}

}  // namespace
}  // namespace sb::api
