#include "domain/rule.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sb::domain {
namespace {

std::vector<std::string> Fields(const Status& st) {
  std::vector<std::string> out;
  if (st.ok()) return out;
  for (const auto& f : st.error().fields()) out.push_back(f.field);
  return out;
}

TEST(Rule, DefaultsAreTheDocumentedOnes) {
  Rule rule;
  RuleFields fields;
  fields.name = "Default";
  ASSERT_TRUE(ApplyRuleFields(fields, /*require_name=*/true, rule).ok());
  EXPECT_EQ(rule.name, "Default");
  EXPECT_EQ(rule.type, "call");
  EXPECT_EQ(rule.max_calls_per_day, 3);
  EXPECT_EQ(rule.max_total_calls, 10);
  EXPECT_EQ(rule.retry_interval_minutes, 120);
  EXPECT_EQ(rule.retry_backoff, 1.0);
  EXPECT_EQ(rule.start_minute, 9 * 60);
  EXPECT_EQ(rule.end_minute, 18 * 60);
  EXPECT_EQ(rule.days, kEveryDay);
  EXPECT_TRUE(rule.dnc_check);
  EXPECT_TRUE(rule.remove_on_opt_out);
}

TEST(Rule, AppliesEveryField) {
  RuleFields f;
  f.name = "Evenings";
  f.type = "text";
  f.max_calls_per_day = 100;
  f.max_total_calls = 1000;
  f.retry_interval_minutes = 10080;
  f.retry_backoff = 10;
  f.start_time = "17:30";
  f.end_time = "24:00";
  f.days_of_week = std::vector<std::string>{"Sat", "sunday", "sat"};
  f.dnc_check = false;
  f.remove_on_opt_out = false;
  Rule rule;
  ASSERT_TRUE(ApplyRuleFields(f, true, rule).ok());
  EXPECT_EQ(rule.type, "text");
  EXPECT_EQ(rule.max_calls_per_day, 100);
  EXPECT_EQ(rule.max_total_calls, 1000);
  EXPECT_EQ(rule.retry_interval_minutes, 10080);
  EXPECT_EQ(rule.retry_backoff, 10.0);
  EXPECT_EQ(rule.start_minute, 17 * 60 + 30);
  EXPECT_EQ(rule.end_minute, 24 * 60);
  EXPECT_EQ(JoinWeekdays(rule.days), "sat,sun");
  EXPECT_FALSE(rule.dnc_check);
  EXPECT_FALSE(rule.remove_on_opt_out);
}

TEST(Rule, NameIsRequiredOnlyWhenAsked) {
  Rule rule;
  EXPECT_EQ(Fields(ApplyRuleFields({}, true, rule)), std::vector<std::string>{"name"});
  EXPECT_TRUE(ApplyRuleFields({}, false, rule).ok());
  RuleFields empty;
  empty.name = "";
  EXPECT_EQ(Fields(ApplyRuleFields(empty, false, rule)), std::vector<std::string>{"name"});
  RuleFields long_name;
  long_name.name = std::string(255, 'x');
  EXPECT_TRUE(ApplyRuleFields(long_name, true, rule).ok());
  long_name.name = std::string(256, 'x');
  EXPECT_EQ(Fields(ApplyRuleFields(long_name, true, rule)), std::vector<std::string>{"name"});
}

// Each limit just outside its range, one field at a time, then all at once.
TEST(Rule, EachBadFieldIsNamed) {
  struct Case {
    const char* field;
    void (*set)(RuleFields&);
  };
  const std::vector<Case> cases = {
      {"type", [](RuleFields& f) { f.type = "email"; }},
      {"max_calls_per_day", [](RuleFields& f) { f.max_calls_per_day = 0; }},
      {"max_calls_per_day", [](RuleFields& f) { f.max_calls_per_day = 101; }},
      {"max_total_calls", [](RuleFields& f) { f.max_total_calls = 0; }},
      {"max_total_calls", [](RuleFields& f) { f.max_total_calls = 1001; }},
      {"retry_interval_minutes", [](RuleFields& f) { f.retry_interval_minutes = 0; }},
      {"retry_interval_minutes", [](RuleFields& f) { f.retry_interval_minutes = 10081; }},
      {"retry_backoff", [](RuleFields& f) { f.retry_backoff = 0.99; }},
      {"retry_backoff", [](RuleFields& f) { f.retry_backoff = 10.01; }},
      {"start_time", [](RuleFields& f) { f.start_time = "9:00"; }},
      {"start_time", [](RuleFields& f) { f.start_time = "25:00"; }},
      {"end_time", [](RuleFields& f) { f.end_time = "18:60"; }},
      {"end_time", [](RuleFields& f) { f.start_time = "18:00"; }},  // equal to the default end
      {"end_time",
       [](RuleFields& f) {
         f.start_time = "12:00";
         f.end_time = "11:59";
       }},
      {"days_of_week", [](RuleFields& f) { f.days_of_week = std::vector<std::string>{}; }},
      {"days_of_week",
       [](RuleFields& f) {
         f.days_of_week = std::vector<std::string>{"mon", "funday"};
       }},
  };
  for (const Case& c : cases) {
    RuleFields f;
    f.name = "x";
    c.set(f);
    Rule rule;
    SCOPED_TRACE(c.field);
    Status st = ApplyRuleFields(f, true, rule);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code(), ErrorCode::kValidation);
    EXPECT_EQ(Fields(st), std::vector<std::string>{c.field});
  }

  RuleFields all;
  all.type = "fax";
  all.max_calls_per_day = -1;
  all.max_total_calls = 5000;
  all.retry_interval_minutes = 0;
  all.retry_backoff = 0;
  all.start_time = "noon";
  all.end_time = "late";
  all.days_of_week = std::vector<std::string>{"someday"};
  Rule rule;
  EXPECT_EQ(Fields(ApplyRuleFields(all, true, rule)),
            (std::vector<std::string>{"name", "type", "max_calls_per_day", "max_total_calls",
                                      "retry_interval_minutes", "retry_backoff", "start_time",
                                      "end_time", "days_of_week"}));
}

TEST(Rule, WeekdaysReadBackFromStorage) {
  Weekdays days{};
  days[0] = days[2] = days[6] = true;
  EXPECT_EQ(WeekdaysFromStorage(JoinWeekdays(days)), days);
  EXPECT_EQ(WeekdaysFromStorage("mon,tue,wed,thu,fri,sat,sun"), kEveryDay);
  EXPECT_EQ(WeekdaysFromStorage(""), kEveryDay);
}

}  // namespace
}  // namespace sb::domain
