#include "store/repositories/dialer_settings.hpp"

#include <sstream>
#include <vector>

#include "domain/clock_time.hpp"

namespace sb::store {
namespace {

// A stored "HH:MM"; the fallback when a row holds something else (it cannot
// through the API).
int Minutes(std::string_view text, int fallback) {
  auto parsed = domain::ParseClockTime(text, "time");
  return parsed.ok() ? *parsed : fallback;
}

domain::Weekdays Days(const std::string& joined) {
  std::vector<std::string> names;
  std::stringstream in(joined);
  for (std::string name; std::getline(in, name, ',');) names.push_back(name);
  auto parsed = domain::ParseWeekdays(names, "days_of_week");
  return parsed.ok() ? *parsed : domain::kEveryDay;
}

}  // namespace

domain::RetryPolicy DialingSettings::RetryFor(int64_t pool_max_retries) const {
  domain::RetryPolicy retry;
  retry.max_attempts = has_rule ? max_total_calls : pool_max_retries + 1;
  retry.retry_interval_minutes = retry_interval_minutes;
  retry.retry_backoff = retry_backoff;
  return retry;
}

// One statement: it runs in every claim and every worker event.
Result<DialingSettings> LoadDialingSettings(db::Connection& conn, int64_t org,
                                            std::optional<int64_t> campaign_id) {
  DialingSettings s;
  SB_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query("SELECT o.legal_call_start, o.legal_call_end, k.status, k.agent_id, r.id,"
                 " r.max_calls_per_day, r.max_total_calls, r.retry_interval_minutes,"
                 " r.retry_backoff, r.start_time, r.end_time, r.days_of_week, r.dnc_check,"
                 " r.remove_on_opt_out FROM organizations o"
                 " LEFT JOIN campaigns k ON k.organization_id = o.id AND k.id = ?"
                 " LEFT JOIN rules r ON r.organization_id = k.organization_id AND r.id = k.rule_id"
                 " WHERE o.id = ?",
                 {db::Nullable(campaign_id), org}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return Error::NotFound("Organization");
  s.policy.legal = {Minutes(rows->Text(0), 8 * 60), Minutes(rows->Text(1), 21 * 60)};
  if (!campaign_id) return s;
  if (rows->IsNull(2)) return Error::NotFound("Campaign");
  s.campaign_id = campaign_id;
  s.campaign_status = rows->String(2);
  s.agent_id = rows->OptInt(3);
  if (rows->IsNull(4)) return s;
  s.has_rule = true;
  s.max_calls_per_day = rows->Int(5);
  s.max_total_calls = rows->Int(6);
  s.retry_interval_minutes = rows->Int(7);
  s.retry_backoff = rows->Double(8);
  s.policy.rule = {Minutes(rows->Text(9), 9 * 60), Minutes(rows->Text(10), 18 * 60)};
  s.policy.days = Days(rows->String(11));
  s.dnc_check = rows->Int(12) != 0;
  s.remove_on_opt_out = rows->Int(13) != 0;
  return s;
}

}  // namespace sb::store
