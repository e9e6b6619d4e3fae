// Wall-clock times of day ("HH:MM") and days of the week, as rules and
// organization settings spell them on the wire.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace sb::domain {

// Parses "HH:MM" (00:00 to 24:00, two digits each) into minutes since
// midnight; a 422 naming `field` otherwise.
Result<int> ParseClockTime(std::string_view text, std::string_view field);
// "HH:MM" of a minute count in [0, 1440].
std::string FormatClockTime(int minutes);

// Days of the week, Monday first: days[0] is Monday, days[6] Sunday.
using Weekdays = std::array<bool, 7>;
inline constexpr Weekdays kEveryDay = {true, true, true, true, true, true, true};

// The wire names, Monday first: "mon" ... "sun".
const std::array<std::string_view, 7>& WeekdayNames();
// Parses day names ("mon" or "monday", any case); a 422 naming `field` for an
// unknown name or an empty list. Duplicates are allowed and ignored.
Result<Weekdays> ParseWeekdays(const std::vector<std::string>& names, std::string_view field);
// The names of the days set, Monday first.
std::vector<std::string> FormatWeekdays(const Weekdays& days);
// Storage form: the names joined by commas ("mon,tue"); ParseWeekdays of the
// split list reads it back.
std::string JoinWeekdays(const Weekdays& days);

}  // namespace sb::domain
