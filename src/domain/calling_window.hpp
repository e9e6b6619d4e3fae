// When a contact may be called: the organization's legal window and a
// campaign rule's window, both in the contact's local time, on the rule's days
// of the week. No attempt may ever start outside the legal window, whatever the
// rule says.
//
// The contact's zone is its `timezone` when that is a known IANA zone, else the
// zones of its phone number's region (tzdata's zone.tab): where the region
// spans several zones, a time is callable only when it is inside the window in
// every one of them (the part of the window legal everywhere in the region).
//
// Pure functions over the system's tz database (date/tz); thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/clock_time.hpp"

namespace date {
class time_zone;
}  // namespace date

namespace sb::domain {

// A daily window in local wall-clock minutes since midnight: [start, end).
// end <= start is an empty window (no overnight windows).
struct DailyWindow {
  int start_minute = 0;
  int end_minute = 0;
  bool operator==(const DailyWindow&) const = default;
};

struct CallingPolicy {
  DailyWindow legal{8 * 60, 21 * 60};  // the organization's (default 08:00-21:00)
  DailyWindow rule{9 * 60, 18 * 60};   // the campaign rule's (default 09:00-18:00)
  Weekdays days = kEveryDay;           // the rule's days_of_week
};

// The zones a contact is called in, and what decided them.
struct ContactZones {
  std::vector<const date::time_zone*> zones;  // never empty
  // "timezone" (the contact's own), "region:US" (the number's region, all its
  // zones), for the claim's and preview's explanations.
  std::string decided_by;
  // The zone that counts the contact's days (daily caps): the contact's own, or
  // the region's first zone in zone.tab order.
  const date::time_zone* primary = nullptr;
};

// Resolves the zones from the contact's `timezone` (may be empty or unknown)
// and its phone number's ISO 3166 region (e.g. "US", any case; may be empty).
// A known timezone wins; an unknown one falls back to the region. kNotFound
// ("Time zone not found") when neither gives a zone.
Result<ContactZones> ResolveContactZones(std::string_view timezone, std::string_view region);

// Whether a name is a known IANA zone: IsKnownTimeZone in domain/contact.hpp
// (one function for both, so that a call with a string literal is never
// ambiguous between two overloads).

// True when an attempt may start at `unix_seconds`: inside the legal and the
// rule window, on an allowed day, in every zone.
bool IsCallableAt(const ContactZones& zones, const CallingPolicy& policy, int64_t unix_seconds);

// True when `unix_seconds` is inside the legal window (only) in every zone:
// what a callback time must satisfy.
bool IsLegalAt(const ContactZones& zones, const CallingPolicy& policy, int64_t unix_seconds);

// The first second at or after `unix_seconds` at which IsCallableAt holds,
// looking at most `horizon_days` * 24 hours ahead (inclusive); nullopt when
// there is none (e.g. a region whose zones share no common window, an empty
// window, no allowed day). Local times that do not exist (a DST gap) open at
// the first instant after the gap; a time that happens twice (fall back) opens
// at its first occurrence.
std::optional<int64_t> NextCallableAt(const ContactZones& zones, const CallingPolicy& policy,
                                      int64_t unix_seconds, int horizon_days = 8);

// The start (Unix seconds) of the local day containing `unix_seconds` in
// `zone`, and of the next one: the bounds for counting a day's attempts.
struct LocalDay {
  int64_t start = 0;
  int64_t end = 0;
};
LocalDay LocalDayAt(const date::time_zone& zone, int64_t unix_seconds);

// The local hour (0-23) at `unix_seconds` in `zone` (simulate's report).
int LocalHourAt(const date::time_zone& zone, int64_t unix_seconds);

}  // namespace sb::domain
