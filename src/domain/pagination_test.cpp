#include "domain/pagination.hpp"

#include <gtest/gtest.h>

namespace sb::domain {
namespace {

struct Case {
  int64_t page, per_page, total, on_page;
  int64_t last_page;
  std::optional<int64_t> from, to;
  bool has_more;
};

TEST(DescribePage, MatchesLaravelArithmetic) {
  const Case cases[] = {
      // page per total on_page | last  from          to            more
      {1, 15, 0, 0, 1, std::nullopt, std::nullopt, false},   // empty list
      {1, 15, 40, 15, 3, 1, 15, true},                       // first page
      {2, 15, 40, 15, 3, 16, 30, true},                      // middle page
      {3, 15, 40, 10, 3, 31, 40, false},                     // last, partial
      {4, 15, 40, 0, 3, std::nullopt, std::nullopt, false},  // past the end
      {1, 25, 25, 25, 1, 1, 25, false},                      // exactly one full page
      {2, 25, 26, 1, 2, 26, 26, false},                      // one item spills over
  };
  for (const Case& c : cases) {
    PageInfo info = DescribePage({c.page, c.per_page}, c.total, c.on_page);
    SCOPED_TRACE(testing::Message() << "page=" << c.page << " total=" << c.total);
    EXPECT_EQ(info.current_page, c.page);
    EXPECT_EQ(info.per_page, c.per_page);
    EXPECT_EQ(info.total, c.total);
    EXPECT_EQ(info.last_page, c.last_page);
    EXPECT_EQ(info.from, c.from);
    EXPECT_EQ(info.to, c.to);
    EXPECT_EQ(info.has_more, c.has_more);
  }
}

}  // namespace
}  // namespace sb::domain
