#include "domain/clock_time.hpp"

#include <gtest/gtest.h>

namespace sb::domain {
namespace {

TEST(ClockTime, ParsesAndFormatsTimesOfDay) {
  struct Case {
    const char* text;
    int minutes;  // -1: a 422 naming the field
  };
  for (const Case& c :
       {Case{"00:00", 0}, Case{"09:30", 570}, Case{"23:59", 1439}, Case{"24:00", 1440},
        Case{"24:01", -1}, Case{"9:30", -1}, Case{"09:60", -1}, Case{"25:00", -1}, Case{"0930", -1},
        Case{"", -1}, Case{"ab:cd", -1}, Case{"09:30 ", -1}}) {
    auto parsed = ParseClockTime(c.text, "start_time");
    if (c.minutes < 0) {
      ASSERT_FALSE(parsed.ok()) << c.text;
      EXPECT_EQ(parsed.error().field(), "start_time");
    } else {
      ASSERT_TRUE(parsed.ok()) << c.text;
      EXPECT_EQ(*parsed, c.minutes) << c.text;
      EXPECT_EQ(FormatClockTime(*parsed), c.text);
    }
  }
}

TEST(ClockTime, ParsesDaysOfTheWeek) {
  auto days = ParseWeekdays({"Mon", "friday", "SUN", "mon"}, "days_of_week");
  ASSERT_TRUE(days.ok());
  EXPECT_EQ(*days, (Weekdays{true, false, false, false, true, false, true}));
  EXPECT_EQ(FormatWeekdays(*days), (std::vector<std::string>{"mon", "fri", "sun"}));
  EXPECT_EQ(JoinWeekdays(*days), "mon,fri,sun");
  EXPECT_EQ(JoinWeekdays(kEveryDay), "mon,tue,wed,thu,fri,sat,sun");
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{}, std::vector<std::string>{"mon", "funday"},
        std::vector<std::string>{""}}) {
    auto parsed = ParseWeekdays(bad, "days_of_week");
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().field(), "days_of_week");
  }
}

}  // namespace
}  // namespace sb::domain
