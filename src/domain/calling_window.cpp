#include "domain/calling_window.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <fstream>
#include <map>
#include <utility>

namespace sb::domain {
namespace {

using std::chrono::seconds;

constexpr int64_t kSecondsPerDay = int64_t{24} * 60 * 60;
constexpr const char* kZoneTabPath = "/usr/share/zoneinfo/zone.tab";

// The zone of that name, or nullptr. date throws for an unknown name; nothing
// here may.
const date::time_zone* FindZone(std::string_view name) {
  if (name.empty()) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

using RegionZones = std::map<std::string, std::vector<const date::time_zone*>, std::less<>>;

// zone.tab: "CC<TAB>coordinates<TAB>Zone/Name[<TAB>comment]", '#' comments.
// A region's zones stay in the file's order (its first is the most populous
// part, the region's primary zone).
RegionZones ReadZoneTab() {
  RegionZones regions;
  std::ifstream in(kZoneTabPath);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t tab1 = line.find('\t');
    if (tab1 == std::string::npos) continue;
    size_t tab2 = line.find('\t', tab1 + 1);
    if (tab2 == std::string::npos) continue;
    size_t tab3 = line.find('\t', tab2 + 1);
    std::string name = line.substr(tab2 + 1, tab3 == std::string::npos ? tab3 : tab3 - tab2 - 1);
    if (const date::time_zone* zone = FindZone(name)) {
      regions[line.substr(0, tab1)].push_back(zone);
    }
  }
  return regions;
}

const RegionZones& Regions() {
  static const RegionZones regions = ReadZoneTab();  // read once, thread-safe
  return regions;
}

std::string UpperAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

date::sys_seconds Sys(int64_t unix_seconds) { return date::sys_seconds{seconds{unix_seconds}}; }

// The local wall-clock time at an instant, in seconds.
date::local_seconds LocalAt(const date::time_zone& zone, int64_t unix_seconds) {
  return zone.to_local(Sys(unix_seconds));
}

// The instants a local time names: one normally; the first instant after the
// gap when it does not exist (spring forward); both occurrences, earlier first,
// when it is ambiguous (fall back).
std::vector<int64_t> InstantsOf(const date::time_zone& zone, date::local_seconds local) {
  date::local_info info = zone.get_info(local);
  auto at = [&](const date::sys_info& i) { return (local.time_since_epoch() - i.offset).count(); };
  switch (info.result) {
    case date::local_info::nonexistent:
      return {info.first.end.time_since_epoch().count()};
    case date::local_info::ambiguous:
      return {at(info.first), at(info.second)};
    default:
      return {at(info.first)};
  }
}

// The earliest instant a local time names (see InstantsOf).
int64_t FirstInstantOf(const date::time_zone& zone, date::local_seconds local) {
  return InstantsOf(zone, local).front();
}

DailyWindow Intersect(const DailyWindow& a, const DailyWindow& b) {
  return {std::max(a.start_minute, b.start_minute), std::min(a.end_minute, b.end_minute)};
}

// True when, in `zone`, `unix_seconds` falls inside `window` on an allowed day.
bool InsideIn(const date::time_zone& zone, const DailyWindow& window, const Weekdays& days,
              int64_t unix_seconds) {
  date::local_seconds local = LocalAt(zone, unix_seconds);
  date::local_days day = date::floor<date::days>(local);
  unsigned monday_first = date::weekday{day}.iso_encoding() - 1;  // iso: Monday 1 ... Sunday 7
  if (!days[monday_first]) return false;
  int64_t second_of_day = (local - day).count();
  return second_of_day >= int64_t{window.start_minute} * 60 &&
         second_of_day < int64_t{window.end_minute} * 60;
}

bool InsideEverywhere(const ContactZones& zones, const DailyWindow& window, const Weekdays& days,
                      int64_t unix_seconds) {
  // No zone is no evidence that it is daytime anywhere.
  if (window.end_minute <= window.start_minute || zones.zones.empty()) return false;
  return std::all_of(zones.zones.begin(), zones.zones.end(), [&](const date::time_zone* zone) {
    return InsideIn(*zone, window, days, unix_seconds);
  });
}

// The first instant in [from, limit] at which `zone` alone is inside `window`
// on an allowed day; nullopt when there is none. The zone's inside instants
// form one interval per allowed local day, from the window's opening, so after
// `from` the zone can only enter the window where it opens on some local day
// (see InstantsOf) or where its offset changes (a fall back from after the
// window's end into it, a change at midnight onto an allowed day). Those
// candidates are tried in ascending order: a few per zone, never a scan of
// minutes.
std::optional<int64_t> NextInsideIn(const date::time_zone& zone, const DailyWindow& window,
                                    const Weekdays& days, int64_t from, int64_t limit) {
  if (InsideIn(zone, window, days, from)) return from;
  int64_t change = zone.get_info(Sys(from)).end.time_since_epoch().count();
  date::local_days day = date::floor<date::days>(LocalAt(zone, from)) - date::days{1};
  for (;; day += date::days{1}) {
    for (int64_t opens :
         InstantsOf(zone, date::local_seconds{day} + std::chrono::minutes{window.start_minute})) {
      if (opens <= from) continue;
      for (; change <= opens && change <= limit;
           change = zone.get_info(Sys(change)).end.time_since_epoch().count()) {
        if (InsideIn(zone, window, days, change)) return change;
      }
      if (opens > limit) return std::nullopt;
      if (InsideIn(zone, window, days, opens)) return opens;
    }
  }
}

}  // namespace

Result<ContactZones> ResolveContactZones(std::string_view timezone, std::string_view region) {
  if (const date::time_zone* own = FindZone(timezone)) {
    return ContactZones{{own}, "timezone", own};
  }
  std::string code = UpperAscii(region);
  const RegionZones& regions = Regions();
  auto it = regions.find(code);
  if (code.empty() || it == regions.end() || it->second.empty()) {
    return Error::NotFound("Time zone");
  }
  return ContactZones{it->second, "region:" + code, it->second.front()};
}

bool IsCallableAt(const ContactZones& zones, const CallingPolicy& policy, int64_t unix_seconds) {
  return InsideEverywhere(zones, Intersect(policy.legal, policy.rule), policy.days, unix_seconds);
}

bool IsLegalAt(const ContactZones& zones, const CallingPolicy& policy, int64_t unix_seconds) {
  return InsideEverywhere(zones, policy.legal, kEveryDay, unix_seconds);
}

std::optional<int64_t> NextCallableAt(const ContactZones& zones, const CallingPolicy& policy,
                                      int64_t unix_seconds, int horizon_days) {
  const DailyWindow window = Intersect(policy.legal, policy.rule);
  if (window.end_minute <= window.start_minute || zones.zones.empty()) return std::nullopt;
  const int64_t limit = unix_seconds + int64_t{std::max(horizon_days, 0)} * kSecondsPerDay;
  // The first instant callable everywhere is inside in each zone, so it is no
  // earlier than any zone's next inside instant: move to the latest of those
  // until every zone agrees. Each step lands on one zone's candidate and moves
  // forward, so this ends after a few steps (usually two).
  int64_t at = unix_seconds;
  for (;;) {
    int64_t latest = at;
    for (const date::time_zone* zone : zones.zones) {
      std::optional<int64_t> next = NextInsideIn(*zone, window, policy.days, at, limit);
      if (!next) return std::nullopt;
      latest = std::max(latest, *next);
    }
    if (latest == at) return at;
    at = latest;
  }
}

LocalDay LocalDayAt(const date::time_zone& zone, int64_t unix_seconds) {
  date::local_days day = date::floor<date::days>(LocalAt(zone, unix_seconds));
  return {FirstInstantOf(zone, date::local_seconds{day}),
          FirstInstantOf(zone, date::local_seconds{day + date::days{1}})};
}

int LocalHourAt(const date::time_zone& zone, int64_t unix_seconds) {
  date::local_seconds local = LocalAt(zone, unix_seconds);
  return static_cast<int>(
      std::chrono::duration_cast<std::chrono::hours>(local - date::floor<date::days>(local))
          .count());
}

}  // namespace sb::domain
