#include "store/dialer_settings.hpp"

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

Result<DialingSettings> LoadDialingSettings(db::Connection& conn, int64_t org,
                                            std::optional<int64_t> campaign_id) {
  DialingSettings s;
  {
    SB_ASSIGN_OR_RETURN(auto rows,
                        conn.Query("SELECT legal_call_start, legal_call_end FROM organizations"
                                   " WHERE id = ?",
                                   {org}));
    SB_ASSIGN_OR_RETURN(bool found, rows->Next());
    if (!found) return Error::NotFound("Organization");
    s.policy.legal = {Minutes(rows->Text(0), 8 * 60), Minutes(rows->Text(1), 21 * 60)};
  }
  if (!campaign_id) return s;
  SB_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query("SELECT k.status, k.agent_id, r.id, r.max_calls_per_day, r.max_total_calls,"
                 " r.retry_interval_minutes, r.retry_backoff, r.start_time, r.end_time,"
                 " r.days_of_week, r.dnc_check, r.remove_on_opt_out"
                 " FROM campaigns k LEFT JOIN rules r"
                 " ON r.organization_id = k.organization_id AND r.id = k.rule_id"
                 " WHERE k.organization_id = ? AND k.id = ?",
                 {org, *campaign_id}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return Error::NotFound("Campaign");
  s.campaign_id = campaign_id;
  s.campaign_status = rows->String(0);
  s.agent_id = rows->OptInt(1);
  if (rows->IsNull(2)) return s;
  s.has_rule = true;
  s.max_calls_per_day = rows->Int(3);
  s.max_total_calls = rows->Int(4);
  s.retry_interval_minutes = rows->Int(5);
  s.retry_backoff = rows->Double(6);
  s.policy.rule = {Minutes(rows->Text(7), 9 * 60), Minutes(rows->Text(8), 18 * 60)};
  s.policy.days = Days(rows->String(9));
  s.dnc_check = rows->Int(10) != 0;
  s.remove_on_opt_out = rows->Int(11) != 0;
  return s;
}

}  // namespace sb::store
