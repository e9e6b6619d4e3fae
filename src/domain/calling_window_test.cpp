#include "domain/calling_window.hpp"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/time_format.hpp"

namespace sb::domain {
namespace {

// "2024-03-10T13:00:00Z" as Unix seconds.
int64_t At(std::string_view iso) {
  std::optional<int64_t> parsed = ParseIsoDateTime(iso);
  EXPECT_TRUE(parsed.has_value()) << iso;
  return parsed.value_or(0);
}

std::string Iso(std::optional<int64_t> unix_seconds) {
  return unix_seconds ? FormatIsoUtc(*unix_seconds) : "none";
}

int Minutes(std::string_view hh_mm) {
  Result<int> parsed = ParseClockTime(hh_mm, "time");
  EXPECT_TRUE(parsed.ok()) << hh_mm;
  return parsed.ok() ? *parsed : 0;
}

DailyWindow Window(std::string_view start, std::string_view end) {
  return {Minutes(start), Minutes(end)};
}

constexpr Weekdays kMonToFri = {true, true, true, true, true, false, false};

CallingPolicy Policy(DailyWindow legal = Window("08:00", "21:00"),
                     DailyWindow rule = Window("09:00", "18:00"), Weekdays days = kEveryDay) {
  return {legal, rule, days};
}

ContactZones Zones(std::string_view timezone, std::string_view region = "") {
  Result<ContactZones> zones = ResolveContactZones(timezone, region);
  EXPECT_TRUE(zones.ok()) << timezone << " " << region;
  return zones.ok() ? *zones : ContactZones{};
}

const date::time_zone& Zone(std::string_view name) { return *date::locate_zone(name); }

TEST(CallingWindow, ResolvesTheContactsZones) {
  struct Case {
    const char* timezone;
    const char* region;
    const char* decided_by;
    const char* primary;
    size_t zones;  // this tzdata's zone.tab
  };
  for (const Case& c : {
           Case{"America/New_York", "US", "timezone", "America/New_York", 1},
           Case{"America/New_York", "FR", "timezone", "America/New_York", 1},
           Case{"Asia/Kathmandu", "", "timezone", "Asia/Kathmandu", 1},
           Case{"", "FR", "region:FR", "Europe/Paris", 1},
           Case{"", "fr", "region:FR", "Europe/Paris", 1},
           Case{"Mars/Olympus", "FR", "region:FR", "Europe/Paris", 1},
           Case{"america/new_york", "FR", "region:FR", "Europe/Paris", 1},
           Case{"", "US", "region:US", "America/New_York", 29},
           Case{"", "AU", "region:AU", "Australia/Lord_Howe", 12},
           Case{"", "RU", "region:RU", "Europe/Kaliningrad", 26},
       }) {
    Result<ContactZones> zones = ResolveContactZones(c.timezone, c.region);
    ASSERT_TRUE(zones.ok()) << c.timezone << " " << c.region;
    EXPECT_EQ(zones->decided_by, c.decided_by) << c.timezone << " " << c.region;
    ASSERT_NE(zones->primary, nullptr);
    EXPECT_EQ(zones->primary->name(), c.primary) << c.timezone << " " << c.region;
    EXPECT_EQ(zones->zones.size(), c.zones) << c.timezone << " " << c.region;
    EXPECT_EQ(zones->zones.front(), zones->primary);
  }
  for (const auto& [timezone, region] : std::vector<std::pair<const char*, const char*>>{
           {"", ""}, {"", "ZZ"}, {"Mars/Olympus", ""}, {"Mars/Olympus", "ZZ"}, {"", "U"}}) {
    Result<ContactZones> zones = ResolveContactZones(timezone, region);
    ASSERT_FALSE(zones.ok()) << timezone << " " << region;
    EXPECT_EQ(zones.error().code(), ErrorCode::kNotFound);
  }
}

TEST(CallingWindow, UsRegionKeepsZoneTabOrder) {
  ContactZones us = Zones("", "US");
  std::vector<std::string> names;
  for (const date::time_zone* zone : us.zones) names.push_back(zone->name());
  ASSERT_EQ(names.size(), 29U);
  EXPECT_EQ(names.front(), "America/New_York");
  EXPECT_EQ(names[1], "America/Detroit");
  EXPECT_EQ(names.back(), "Pacific/Honolulu");
  EXPECT_NE(std::find(names.begin(), names.end(), "America/Adak"), names.end());
}

struct NextCase {
  const char* zone;  // an IANA zone, or "region:XX" for a contact without one
  CallingPolicy policy;
  const char* from;
  const char* expected;  // "none": nothing within the horizon
  int horizon_days = 8;
};

ContactZones ZonesOf(std::string_view spec) {
  if (spec.substr(0, 7) == "region:") return Zones("", spec.substr(7));
  return Zones(spec);
}

TEST(CallingWindow, NextCallableAt) {
  const Weekdays none = {};
  for (const NextCase& c : {
           // New York's spring forward (Sunday 2024-03-10) and fall back
           // (Sunday 2024-11-03): 09:00 local is 13:00Z in EDT, 14:00Z in EST.
           NextCase{"America/New_York", Policy(), "2024-03-10T05:00:00Z", "2024-03-10T13:00:00Z"},
           NextCase{"America/New_York", Policy(), "2024-11-03T04:00:00Z", "2024-11-03T14:00:00Z"},
           NextCase{"America/New_York", Policy(), "2024-03-09T05:00:00Z", "2024-03-09T14:00:00Z"},
           // Inside the window: now. At its end: tomorrow's opening.
           NextCase{"America/New_York", Policy(), "2024-03-10T15:30:07Z", "2024-03-10T15:30:07Z"},
           NextCase{"America/New_York", Policy(), "2024-03-10T22:00:00Z", "2024-03-11T13:00:00Z"},
           NextCase{"America/New_York", Policy(), "2024-03-10T21:59:59Z", "2024-03-10T21:59:59Z"},
           // London springs forward 2024-03-31 at 01:00 GMT.
           NextCase{"Europe/London", Policy(), "2024-03-30T00:00:00Z", "2024-03-30T09:00:00Z"},
           NextCase{"Europe/London", Policy(), "2024-03-30T18:00:00Z", "2024-03-31T08:00:00Z"},
           // Lord Howe moves by 30 minutes: +11 to +10:30 on 2024-04-07, back
           // on 2024-10-06.
           NextCase{"Australia/Lord_Howe", Policy(), "2024-04-06T12:00:00Z",
                    "2024-04-06T22:30:00Z"},
           NextCase{"Australia/Lord_Howe", Policy(), "2024-10-05T12:00:00Z",
                    "2024-10-05T22:00:00Z"},
           // Kathmandu is +05:45: 09:00 local is 03:15Z.
           NextCase{"Asia/Kathmandu", Policy(), "2024-03-01T00:00:00Z", "2024-03-01T03:15:00Z"},
           NextCase{"Asia/Kathmandu", Policy(), "2024-03-01T12:15:00Z", "2024-03-02T03:15:00Z"},
           // A rule wider than the legal window is capped by it (08:00 EST).
           NextCase{"America/New_York", Policy(Window("08:00", "21:00"), Window("07:00", "22:00")),
                    "2024-03-01T11:00:00Z", "2024-03-01T13:00:00Z"},
           NextCase{"America/New_York", Policy(Window("08:00", "21:00"), Window("07:00", "22:00")),
                    "2024-03-02T02:00:00Z", "2024-03-02T13:00:00Z"},
           // Friday 18:30 EST with mon-fri: Monday 09:00 EST; so from Saturday.
           NextCase{"America/New_York",
                    Policy(Window("08:00", "21:00"), Window("09:00", "18:00"), kMonToFri),
                    "2024-03-01T23:30:00Z", "2024-03-04T14:00:00Z"},
           NextCase{"America/New_York",
                    Policy(Window("08:00", "21:00"), Window("09:00", "18:00"), kMonToFri),
                    "2024-03-02T15:00:00Z", "2024-03-04T14:00:00Z"},
           // Monday is 62.5 hours away: beyond a 2-day horizon, within 3.
           NextCase{"America/New_York",
                    Policy(Window("08:00", "21:00"), Window("09:00", "18:00"), kMonToFri),
                    "2024-03-01T23:30:00Z", "none", 2},
           NextCase{"America/New_York",
                    Policy(Window("08:00", "21:00"), Window("09:00", "18:00"), kMonToFri),
                    "2024-03-01T23:30:00Z", "2024-03-04T14:00:00Z", 3},
           // 02:30 does not exist in New York on 2024-03-10: the window opens
           // at the end of the gap, 03:00 EDT (07:00Z); the day before at 02:30
           // EST (07:30Z).
           NextCase{"America/New_York", Policy(Window("00:00", "24:00"), Window("02:30", "18:00")),
                    "2024-03-10T05:00:00Z", "2024-03-10T07:00:00Z"},
           NextCase{"America/New_York", Policy(Window("00:00", "24:00"), Window("02:30", "18:00")),
                    "2024-03-09T05:00:00Z", "2024-03-09T07:30:00Z"},
           // 01:30 happens twice in New York on 2024-11-03: the earlier (EDT).
           NextCase{"America/New_York", Policy(Window("00:00", "24:00"), Window("01:30", "18:00")),
                    "2024-11-03T04:00:00Z", "2024-11-03T05:30:00Z"},
           // A window ending at 01:30 is left at 01:30 EDT and re-entered when
           // the clock falls back from 02:00 EDT to 01:00 EST (06:00Z).
           NextCase{"America/New_York", Policy(Window("00:00", "24:00"), Window("00:00", "01:30")),
                    "2024-11-03T05:30:00Z", "2024-11-03T06:00:00Z"},
           // Empty windows and no days: never.
           NextCase{"America/New_York", Policy(Window("08:00", "21:00"), Window("18:00", "09:00")),
                    "2024-03-01T00:00:00Z", "none"},
           NextCase{"America/New_York", Policy(Window("08:00", "12:00"), Window("13:00", "18:00")),
                    "2024-03-01T00:00:00Z", "none"},
           NextCase{"America/New_York",
                    Policy(Window("08:00", "21:00"), Window("09:00", "18:00"), none),
                    "2024-03-01T00:00:00Z", "none"},
           // A single-zone region: Paris, 09:00 CET.
           NextCase{"region:FR", Policy(), "2024-03-01T00:00:00Z", "2024-03-01T08:00:00Z"},
           // The US without a zone: in winter the last zones to reach 09:00
           // are Pacific/Honolulu (UTC-10) and America/Adak (UTC-10, HST), at
           // 19:00Z; the first to reach 18:00 are the Eastern ones
           // (America/New_York, Detroit, Kentucky/*, most of Indiana/*) at
           // 23:00Z. In summer Honolulu keeps UTC-10 (19:00Z) while Adak moves
           // to UTC-9 (18:00Z), and Eastern closes at 18:00 EDT = 22:00Z.
           NextCase{"region:US", Policy(), "2024-03-01T12:00:00Z", "2024-03-01T19:00:00Z"},
           NextCase{"region:US", Policy(), "2024-03-01T22:59:59Z", "2024-03-01T22:59:59Z"},
           NextCase{"region:US", Policy(), "2024-03-01T23:00:00Z", "2024-03-02T19:00:00Z"},
           NextCase{"region:US", Policy(), "2024-07-01T12:00:00Z", "2024-07-01T19:00:00Z"},
           NextCase{"region:US", Policy(), "2024-07-01T22:00:00Z", "2024-07-02T19:00:00Z"},
           // Friday 18:00 EST is already past: Monday 09:00 in Honolulu.
           NextCase{"region:US",
                    Policy(Window("08:00", "21:00"), Window("09:00", "18:00"), kMonToFri),
                    "2024-03-01T23:00:00Z", "2024-03-04T19:00:00Z"},
           // Australia: Perth (UTC+8) is the last to reach 09:00 (01:00Z).
           // In January Lord Howe, Sydney, Melbourne, Hobart and Macquarie are
           // on UTC+11 and close first at 07:00Z; in July Lord Howe (UTC+10:30)
           // closes first at 07:30Z.
           NextCase{"region:AU", Policy(), "2024-01-15T00:00:00Z", "2024-01-15T01:00:00Z"},
           NextCase{"region:AU", Policy(), "2024-01-15T07:00:00Z", "2024-01-16T01:00:00Z"},
           NextCase{"region:AU", Policy(), "2024-07-15T07:29:59Z", "2024-07-15T07:29:59Z"},
           NextCase{"region:AU", Policy(), "2024-07-15T07:30:00Z", "2024-07-16T01:00:00Z"},
           // Russia spans UTC+2 (Kaliningrad) to UTC+12 (Kamchatka, Anadyr):
           // 09:00 in Kaliningrad (07:00Z) is after 18:00 in Anadyr (06:00Z).
           NextCase{"region:RU", Policy(), "2024-03-01T00:00:00Z", "none"},
       }) {
    ContactZones zones = ZonesOf(c.zone);
    EXPECT_EQ(Iso(NextCallableAt(zones, c.policy, At(c.from), c.horizon_days)), c.expected)
        << c.zone << " from " << c.from;
  }
}

TEST(CallingWindow, LegalAndCallableAt) {
  struct Case {
    const char* zone;
    CallingPolicy policy;
    const char* at;
    bool legal;
    bool callable;
  };
  const CallingPolicy wide_rule = Policy(Window("08:00", "21:00"), Window("07:00", "22:00"));
  for (const Case& c : {
           Case{"America/New_York", Policy(), "2024-03-01T12:59:59Z", false, false},   // 07:59:59
           Case{"America/New_York", Policy(), "2024-03-01T13:30:00Z", true, false},    // 08:30
           Case{"America/New_York", Policy(), "2024-03-01T14:00:00Z", true, true},     // 09:00
           Case{"America/New_York", Policy(), "2024-03-01T22:59:59Z", true, true},     // 17:59:59
           Case{"America/New_York", Policy(), "2024-03-01T23:00:00Z", true, false},    // 18:00
           Case{"America/New_York", Policy(), "2024-03-02T01:59:59Z", true, false},    // 20:59:59
           Case{"America/New_York", Policy(), "2024-03-02T02:00:00Z", false, false},   // 21:00
           Case{"America/New_York", wide_rule, "2024-03-01T12:30:00Z", false, false},  // 07:30
           Case{"America/New_York", wide_rule, "2024-03-02T01:30:00Z", true, true},    // 20:30
           Case{"America/New_York", wide_rule, "2024-03-02T02:30:00Z", false, false},  // 21:30
           // Saturday 10:00 EST: legal any day, not callable on mon-fri.
           Case{"America/New_York",
                Policy(Window("08:00", "21:00"), Window("09:00", "18:00"), kMonToFri),
                "2024-03-02T15:00:00Z", true, false},
           Case{"Asia/Kathmandu", Policy(), "2024-03-01T03:14:59Z", true, false},
           Case{"Asia/Kathmandu", Policy(), "2024-03-01T03:15:00Z", true, true},
           Case{"Asia/Kathmandu", Policy(), "2024-03-01T12:14:59Z", true, true},
           Case{"Asia/Kathmandu", Policy(), "2024-03-01T12:15:00Z", true, false},
           // Every US zone: legal from 08:00 in Honolulu (18:00Z) to 21:00 EST
           // (02:00Z); callable 19:00Z to 23:00Z.
           Case{"region:US", Policy(), "2024-03-01T13:30:00Z", false, false},
           Case{"region:US", Policy(), "2024-03-01T17:59:59Z", false, false},
           Case{"region:US", Policy(), "2024-03-01T18:00:00Z", true, false},
           Case{"region:US", Policy(), "2024-03-01T19:00:00Z", true, true},
           Case{"region:US", Policy(), "2024-03-01T23:00:00Z", true, false},
           Case{"region:US", Policy(), "2024-03-02T01:59:59Z", true, false},
           Case{"region:US", Policy(), "2024-03-02T02:00:00Z", false, false},
           // Russia has a common legal window, 08:00 in Kaliningrad (06:00Z)
           // to 21:00 in Anadyr (09:00Z), but no common rule window.
           Case{"region:RU", Policy(), "2024-03-01T05:59:59Z", false, false},
           Case{"region:RU", Policy(), "2024-03-01T06:00:00Z", true, false},
           Case{"region:RU", Policy(), "2024-03-01T07:30:00Z", true, false},
           Case{"region:RU", Policy(), "2024-03-01T09:00:00Z", false, false},
       }) {
    ContactZones zones = ZonesOf(c.zone);
    EXPECT_EQ(IsLegalAt(zones, c.policy, At(c.at)), c.legal) << c.zone << " at " << c.at;
    EXPECT_EQ(IsCallableAt(zones, c.policy, At(c.at)), c.callable) << c.zone << " at " << c.at;
  }
}

// Every window boundary and offset change of these zones falls on a whole
// minute, so checking the start and then each minute is an exact (slow)
// reference.
std::optional<int64_t> ScanMinutes(const ContactZones& zones, const CallingPolicy& policy,
                                   int64_t from, int horizon_days) {
  if (IsCallableAt(zones, policy, from)) return from;
  const int64_t limit = from + int64_t{horizon_days} * 24 * 60 * 60;
  for (int64_t at = (from / 60 + 1) * 60; at <= limit; at += 60) {
    if (IsCallableAt(zones, policy, at)) return at;
  }
  return std::nullopt;
}

TEST(CallingWindow, NextCallableAtAgreesWithAMinuteByMinuteScan) {
  const char* const specs[] = {"America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu",
                               "Europe/London",    "America/Santiago",    "region:US",
                               "region:AU",        "region:RU",           "region:CA"};
  // Instants near 2024's changes (New York, London, Lord Howe, Santiago),
  // where mistakes would hide.
  const int64_t changes[] = {At("2024-03-10T07:00:00Z"), At("2024-11-03T06:00:00Z"),
                             At("2024-03-31T01:00:00Z"), At("2024-04-06T15:00:00Z"),
                             At("2024-10-05T15:30:00Z"), At("2024-04-07T03:00:00Z"),
                             At("2024-09-08T04:00:00Z")};
  std::mt19937_64 rng(20240310);  // fixed: the same cases on every run
  auto below = [&rng](uint64_t n) { return static_cast<int>(rng() % n); };
  for (int i = 0; i < 300; ++i) {
    ContactZones zones = ZonesOf(specs[below(std::size(specs))]);
    CallingPolicy policy;
    policy.legal.start_minute = below(12) * 60;
    policy.legal.end_minute = std::min(1440, policy.legal.start_minute + 360 + below(16) * 60);
    policy.rule.start_minute = below(96) * 15;
    policy.rule.end_minute = std::min(1440, policy.rule.start_minute + (1 + below(48)) * 15);
    for (bool& day : policy.days) day = below(4) != 0;
    const int64_t from = changes[below(std::size(changes))] - int64_t{3} * 24 * 60 * 60 +
                         below(uint64_t{4} * 24 * 60 * 60);
    const int horizon_days = 1 + below(4);
    EXPECT_EQ(Iso(NextCallableAt(zones, policy, from, horizon_days)),
              Iso(ScanMinutes(zones, policy, from, horizon_days)))
        << "case " << i << " from " << Iso(from) << " legal " << policy.legal.start_minute << "-"
        << policy.legal.end_minute << " rule " << policy.rule.start_minute << "-"
        << policy.rule.end_minute << " zone " << zones.decided_by << " " << zones.primary->name();
  }
}

TEST(CallingWindow, NoZonesIsNeverCallable) {
  const ContactZones nowhere;
  EXPECT_FALSE(IsCallableAt(nowhere, Policy(), At("2024-03-01T12:00:00Z")));
  EXPECT_FALSE(IsLegalAt(nowhere, Policy(), At("2024-03-01T12:00:00Z")));
  EXPECT_EQ(Iso(NextCallableAt(nowhere, Policy(), At("2024-03-01T12:00:00Z"))), "none");
}

TEST(CallingWindow, LocalDayAt) {
  struct Case {
    const char* zone;
    const char* at;
    const char* start;
    const char* end;
    int minutes;  // the day's length
  };
  for (const Case& c : {
           Case{"America/New_York", "2024-03-10T12:00:00Z", "2024-03-10T05:00:00Z",
                "2024-03-11T04:00:00Z", 23 * 60},
           Case{"America/New_York", "2024-03-10T05:00:00Z", "2024-03-10T05:00:00Z",
                "2024-03-11T04:00:00Z", 23 * 60},
           Case{"America/New_York", "2024-03-10T04:59:59Z", "2024-03-09T05:00:00Z",
                "2024-03-10T05:00:00Z", 24 * 60},
           Case{"America/New_York", "2024-11-03T12:00:00Z", "2024-11-03T04:00:00Z",
                "2024-11-04T05:00:00Z", 25 * 60},
           Case{"Europe/London", "2024-03-31T12:00:00Z", "2024-03-31T00:00:00Z",
                "2024-03-31T23:00:00Z", 23 * 60},
           Case{"Australia/Lord_Howe", "2024-04-07T00:00:00Z", "2024-04-06T13:00:00Z",
                "2024-04-07T13:30:00Z", 24 * 60 + 30},
           Case{"Australia/Lord_Howe", "2024-10-06T00:00:00Z", "2024-10-05T13:30:00Z",
                "2024-10-06T13:00:00Z", 23 * 60 + 30},
           Case{"Asia/Kathmandu", "2024-03-01T20:00:00Z", "2024-03-01T18:15:00Z",
                "2024-03-02T18:15:00Z", 24 * 60},
       }) {
    LocalDay day = LocalDayAt(Zone(c.zone), At(c.at));
    EXPECT_EQ(FormatIsoUtc(day.start), c.start) << c.zone << " at " << c.at;
    EXPECT_EQ(FormatIsoUtc(day.end), c.end) << c.zone << " at " << c.at;
    EXPECT_EQ(day.end - day.start, int64_t{c.minutes} * 60) << c.zone << " at " << c.at;
  }
}

TEST(CallingWindow, LocalHourAt) {
  struct Case {
    const char* zone;
    const char* at;
    int hour;
  };
  for (const Case& c : {
           Case{"America/New_York", "2024-03-10T06:59:59Z", 1},
           Case{"America/New_York", "2024-03-10T07:00:00Z", 3},
           Case{"America/New_York", "2024-11-03T05:59:59Z", 1},
           Case{"America/New_York", "2024-11-03T06:00:00Z", 1},
           Case{"Australia/Lord_Howe", "2024-04-06T14:59:59Z", 1},  // 01:59:59 +11
           Case{"Australia/Lord_Howe", "2024-04-06T15:00:00Z", 1},  // 01:30 +10:30
           Case{"Asia/Kathmandu", "2024-03-01T03:15:00Z", 9},
           Case{"Asia/Kathmandu", "2024-03-01T18:14:59Z", 23},
           Case{"Asia/Kathmandu", "2024-03-01T18:15:00Z", 0},
       }) {
    EXPECT_EQ(LocalHourAt(Zone(c.zone), At(c.at)), c.hour) << c.zone << " at " << c.at;
  }
}

}  // namespace
}  // namespace sb::domain
