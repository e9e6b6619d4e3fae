// Campaign rules: how often and when a campaign's contacts may be called.
// A campaign's rule overrides its pools' max_retries; whatever a rule says, the
// organization's legal window (calling_window.hpp) still bounds every attempt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/clock_time.hpp"
#include "domain/enums.hpp"

namespace sb::domain {

// Limits of a rule's settings, shared by validation and tests.
inline constexpr int64_t kRuleNameMax = 255;
inline constexpr int64_t kRuleCallsPerDayMax = 100;
inline constexpr int64_t kRuleTotalCallsMax = 1000;
inline constexpr int64_t kRuleRetryIntervalMax = 10080;  // one week, in minutes
inline constexpr double kRuleBackoffMax = 10.0;

EnumValues RuleTypes();  // call, text

struct Rule {
  int64_t id = 0;
  std::string uuid;
  std::string name;
  std::string type = "call";
  int64_t max_calls_per_day = 3;  // counted per day in the contact's local time
  int64_t max_total_calls = 10;
  int64_t retry_interval_minutes = 120;
  double retry_backoff = 1.0;  // each retry waits interval * backoff^(n-1)
  int start_minute = 9 * 60;   // contact-local, [start, end)
  int end_minute = 18 * 60;
  Weekdays days = kEveryDay;
  bool dnc_check = true;
  bool remove_on_opt_out = true;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// The fields of a request body as read from the wire (absent: nullopt).
// Times are "HH:MM", days the wire names ("mon" ...).
struct RuleFields {
  std::optional<std::string> name;
  std::optional<std::string> type;
  std::optional<int64_t> max_calls_per_day;
  std::optional<int64_t> max_total_calls;
  std::optional<int64_t> retry_interval_minutes;
  std::optional<double> retry_backoff;
  std::optional<std::string> start_time;
  std::optional<std::string> end_time;
  std::optional<std::vector<std::string>> days_of_week;
  std::optional<bool> dnc_check;
  std::optional<bool> remove_on_opt_out;
};

// Validates `fields` and writes the present ones into `rule` (the caller
// starts from a default Rule for a create or a full replace). `require_name`:
// a missing name is an error (create). On failure `rule` is unspecified and
// the 422 names every bad field, in declaration order; start_time must be
// before end_time (reported on end_time).
Status ApplyRuleFields(const RuleFields& fields, bool require_name, Rule& rule);

// Every problem ApplyRuleFields would report, without stopping at the first.
std::vector<FieldError> RuleFieldErrors(const RuleFields& fields, bool require_name);

// Days as stored (JoinWeekdays' "mon,tue"); every day for an unreadable value.
Weekdays WeekdaysFromStorage(const std::string& joined);

}  // namespace sb::domain
