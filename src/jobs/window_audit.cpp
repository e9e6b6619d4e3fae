#include "jobs/window_audit.hpp"

#include <date/tz.h>

#include <vector>

namespace sb::jobs {
namespace {

bool Inside(const domain::DailyWindow& window, int minute) {
  return window.start_minute <= minute && minute < window.end_minute;
}

// The zones named by a claim: the contact's own, or every zone of the region
// (the region's zone list is data from zone.tab, not window logic).
std::vector<const date::time_zone*> ZonesOf(std::string_view timezone,
                                            std::string_view decided_by) {
  constexpr std::string_view kRegion = "region:";
  if (decided_by.substr(0, kRegion.size()) == kRegion) {
    auto zones = domain::ResolveContactZones("", decided_by.substr(kRegion.size()));
    if (zones.ok()) return zones->zones;
    return {};
  }
  try {
    return {date::locate_zone(timezone)};
  } catch (const std::runtime_error&) {
    return {};
  }
}

}  // namespace

WindowCheck WindowAudit::Check(std::string_view timezone, std::string_view decided_by,
                               int64_t unix_seconds) const {
  WindowCheck check;
  const std::vector<const date::time_zone*> zones = ZonesOf(timezone, decided_by);
  if (zones.empty()) return check;  // no zone: outside every window
  check.inside_legal = true;
  check.inside_rule = true;
  const date::sys_seconds at{std::chrono::seconds(unix_seconds)};
  for (size_t i = 0; i < zones.size(); ++i) {
    const date::local_seconds local = zones[i]->to_local(at);
    const date::local_days day = date::floor<date::days>(local);
    const int minute = static_cast<int>((local - day).count() / 60);
    // date::weekday counts from Sunday; Weekdays from Monday.
    const unsigned sunday_based = date::weekday(day).c_encoding();
    const size_t monday_based = (sunday_based + 6) % 7;
    check.inside_legal = check.inside_legal && Inside(policy_.legal, minute);
    check.inside_rule =
        check.inside_rule && Inside(policy_.rule, minute) && policy_.days[monday_based];
    if (i == 0) {
      check.local_hour = minute / 60;
      check.local_date = date::format("%F", day);
    }
  }
  return check;
}

}  // namespace sb::jobs
