#include "jobs/window_audit.hpp"

#include <gtest/gtest.h>

#include "core/time_format.hpp"

namespace sb::jobs {
namespace {

int64_t At(const char* iso) { return *ParseIsoDateTime(iso); }

struct AuditCase {
  const char* what;
  const char* timezone;
  const char* decided_by;
  const char* at;
  bool legal;
  bool rule;
  int hour;
  const char* date;
};

// Legal 08:00-21:00 and rule 09:00-18:00 on weekdays, as the contact's clock
// reads, whatever the offset or the day's DST change.
TEST(WindowAudit, ReadsTheContactsWallClockInEveryZone) {
  domain::CallingPolicy policy;
  policy.days = {true, true, true, true, true, false, false};
  WindowAudit audit(policy);
  const AuditCase cases[] = {
      {"NY 09:30 EDT on the spring-forward Sunday (not a rule day)", "America/New_York", "timezone",
       "2024-03-10T13:30:00Z", true, false, 9, "2024-03-10"},
      {"NY 08:30 EDT the next Monday", "America/New_York", "timezone", "2024-03-11T12:30:00Z", true,
       false, 8, "2024-03-11"},
      {"NY 09:00 EDT Monday", "America/New_York", "timezone", "2024-03-11T13:00:00Z", true, true, 9,
       "2024-03-11"},
      {"Kathmandu 17:59 (+05:45)", "Asia/Kathmandu", "timezone", "2024-03-11T12:14:00Z", true, true,
       17, "2024-03-11"},
      {"Kathmandu 18:00", "Asia/Kathmandu", "timezone", "2024-03-11T12:15:00Z", true, false, 18,
       "2024-03-11"},
      {"Lord Howe 07:59 (+11 in March)", "Australia/Lord_Howe", "timezone", "2024-03-11T20:59:00Z",
       false, false, 7, "2024-03-12"},
      {"Lord Howe 08:00", "Australia/Lord_Howe", "timezone", "2024-03-11T21:00:00Z", true, false, 8,
       "2024-03-12"},
      {"London 20:59 GMT", "Europe/London", "timezone", "2024-03-11T20:59:00Z", true, false, 20,
       "2024-03-11"},
      {"London 21:00 GMT", "Europe/London", "timezone", "2024-03-11T21:00:00Z", false, false, 21,
       "2024-03-11"},
      {"US region: 09:00 in New York is 06:00 in Los Angeles", "", "region:US",
       "2024-03-11T13:00:00Z", false, false, 9, "2024-03-11"},
      {"US region: 12:00 in New York, 09:00 in Los Angeles, 06:00 in Honolulu", "", "region:US",
       "2024-03-11T16:00:00Z", false, false, 12, "2024-03-11"},
      {"FR region: one zone", "", "region:FR", "2024-03-11T09:00:00Z", true, true, 10,
       "2024-03-11"},
      {"an unknown zone is outside every window", "Mars/Olympus", "timezone",
       "2024-03-11T12:00:00Z", false, false, 0, ""},
  };
  for (const AuditCase& c : cases) {
    WindowCheck check = audit.Check(c.timezone, c.decided_by, At(c.at));
    EXPECT_EQ(check.inside_legal, c.legal) << c.what;
    EXPECT_EQ(check.inside_rule, c.rule) << c.what;
    EXPECT_EQ(check.local_hour, c.hour) << c.what;
    EXPECT_EQ(check.local_date, c.date) << c.what;
  }
}

}  // namespace
}  // namespace sb::jobs
