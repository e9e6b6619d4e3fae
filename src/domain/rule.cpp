#include "domain/rule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string_view>

namespace sb::domain {
namespace {

constexpr std::array<std::string_view, 2> kRuleTypes = {"call", "text"};

std::string FirstMessage(const Error& e) {
  return e.fields().empty() ? std::string("is invalid") : e.fields().front().message;
}

size_t Utf8Chars(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void CheckRange(std::vector<FieldError>& errors, const char* field,
                const std::optional<int64_t>& value, int64_t min, int64_t max) {
  if (value && (*value < min || *value > max)) {
    errors.push_back({field, fmt::format("The {} must be between {} and {}.", field, min, max)});
  }
}

// Parses one clock time into `out`; records the error otherwise.
void ReadTime(std::vector<FieldError>& errors, const char* field,
              const std::optional<std::string>& text, int& out) {
  if (!text) return;
  auto minutes = ParseClockTime(*text, field);
  if (!minutes.ok()) {
    errors.push_back({field, fmt::format("The {} {}.", field, FirstMessage(minutes.error()))});
    return;
  }
  out = *minutes;
}

}  // namespace

EnumValues RuleTypes() { return kRuleTypes; }

std::vector<FieldError> RuleFieldErrors(const RuleFields& f, bool require_name) {
  Rule scratch;
  std::vector<FieldError> errors;
  if (f.name) {
    const size_t chars = Utf8Chars(*f.name);
    if (chars < 1 || chars > kRuleNameMax) {
      errors.push_back(
          {"name", fmt::format("The name must be between 1 and {} characters.", kRuleNameMax)});
    }
  } else if (require_name) {
    errors.push_back({"name", "The name field is required."});
  }
  if (f.type) {
    const auto& types = RuleTypes();
    if (std::find(types.begin(), types.end(), *f.type) == types.end()) {
      errors.push_back({"type", "The selected type is invalid (use call or text)."});
    }
  }
  CheckRange(errors, "max_calls_per_day", f.max_calls_per_day, 1, kRuleCallsPerDayMax);
  CheckRange(errors, "max_total_calls", f.max_total_calls, 1, kRuleTotalCallsMax);
  CheckRange(errors, "retry_interval_minutes", f.retry_interval_minutes, 1, kRuleRetryIntervalMax);
  if (f.retry_backoff && !(*f.retry_backoff >= 1.0 && *f.retry_backoff <= kRuleBackoffMax)) {
    errors.push_back({"retry_backoff", "The retry_backoff must be between 1 and 10."});
  }
  const size_t before = errors.size();
  ReadTime(errors, "start_time", f.start_time, scratch.start_minute);
  ReadTime(errors, "end_time", f.end_time, scratch.end_minute);
  if (errors.size() == before && scratch.start_minute >= scratch.end_minute) {
    errors.push_back({"end_time", "The end_time must be after the start_time."});
  }
  if (f.days_of_week) {
    auto days = ParseWeekdays(*f.days_of_week, "days_of_week");
    if (!days.ok()) {
      errors.push_back({"days_of_week", "The days_of_week " + FirstMessage(days.error()) + "."});
    }
  }
  return errors;
}

Status ApplyRuleFields(const RuleFields& f, bool require_name, Rule& rule) {
  std::vector<FieldError> errors = RuleFieldErrors(f, require_name);
  if (!errors.empty()) return Error::Validation(std::move(errors));
  if (f.name) rule.name = *f.name;
  if (f.type) rule.type = *f.type;
  if (f.max_calls_per_day) rule.max_calls_per_day = *f.max_calls_per_day;
  if (f.max_total_calls) rule.max_total_calls = *f.max_total_calls;
  if (f.retry_interval_minutes) rule.retry_interval_minutes = *f.retry_interval_minutes;
  if (f.retry_backoff) rule.retry_backoff = *f.retry_backoff;
  if (f.start_time) rule.start_minute = *ParseClockTime(*f.start_time, "start_time");
  if (f.end_time) rule.end_minute = *ParseClockTime(*f.end_time, "end_time");
  if (f.days_of_week) rule.days = *ParseWeekdays(*f.days_of_week, "days_of_week");
  if (f.dnc_check) rule.dnc_check = *f.dnc_check;
  if (f.remove_on_opt_out) rule.remove_on_opt_out = *f.remove_on_opt_out;
  return OkStatus();
}

Weekdays WeekdaysFromStorage(const std::string& joined) {
  std::vector<std::string> names;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t comma = joined.find(',', start);
    if (comma == std::string::npos) comma = joined.size();
    if (comma > start) names.push_back(joined.substr(start, comma - start));
    start = comma + 1;
  }
  auto days = ParseWeekdays(names, "days_of_week");
  return days.ok() ? *days : kEveryDay;
}

}  // namespace sb::domain
