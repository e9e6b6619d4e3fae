#include "domain/clock_time.hpp"

#include <algorithm>
#include <cctype>

namespace sb::domain {
namespace {

constexpr std::array<std::string_view, 7> kShort = {"mon", "tue", "wed", "thu",
                                                    "fri", "sat", "sun"};
constexpr std::array<std::string_view, 7> kLong = {"monday", "tuesday",  "wednesday", "thursday",
                                                   "friday", "saturday", "sunday"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Result<int> ParseClockTime(std::string_view text, std::string_view field) {
  if (text.size() != 5 || text[2] != ':' || !IsDigit(text[0]) || !IsDigit(text[1]) ||
      !IsDigit(text[3]) || !IsDigit(text[4])) {
    return Error::Validation(std::string(field), "must be a time of day as HH:MM");
  }
  int hours = (text[0] - '0') * 10 + (text[1] - '0');
  int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) {
    return Error::Validation(std::string(field), "must be a time of day between 00:00 and 24:00");
  }
  return hours * 60 + minutes;
}

std::string FormatClockTime(int minutes) {
  minutes = std::clamp(minutes, 0, 24 * 60);
  std::string out = "00:00";
  out[0] = static_cast<char>('0' + minutes / 600);
  out[1] = static_cast<char>('0' + minutes / 60 % 10);
  out[3] = static_cast<char>('0' + minutes % 60 / 10);
  out[4] = static_cast<char>('0' + minutes % 10);
  return out;
}

const std::array<std::string_view, 7>& WeekdayNames() { return kShort; }

Result<Weekdays> ParseWeekdays(const std::vector<std::string>& names, std::string_view field) {
  if (names.empty()) return Error::Validation(std::string(field), "must name at least one day");
  Weekdays days{};
  for (const std::string& name : names) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    bool found = false;
    for (size_t i = 0; i < days.size(); ++i) {
      if (lower == kShort[i] || lower == kLong[i]) {
        days[i] = true;
        found = true;
      }
    }
    if (!found) {
      return Error::Validation(
          std::string(field), "unknown day '" + name + "' (use mon, tue, wed, thu, fri, sat, sun)");
    }
  }
  return days;
}

std::vector<std::string> FormatWeekdays(const Weekdays& days) {
  std::vector<std::string> out;
  for (size_t i = 0; i < days.size(); ++i) {
    if (days[i]) out.emplace_back(kShort[i]);
  }
  return out;
}

std::string JoinWeekdays(const Weekdays& days) {
  std::string out;
  for (const std::string& name : FormatWeekdays(days)) {
    if (!out.empty()) out += ",";
    out += name;
  }
  return out;
}

}  // namespace sb::domain
