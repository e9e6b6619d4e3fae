// What governs dialing a campaign: its rule (or the rule defaults), the
// organization's legal window, and the campaign's agent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/calling_window.hpp"
#include "domain/dialer.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

struct DialingSettings {
  std::optional<int64_t> campaign_id;
  std::string campaign_status;
  std::optional<int64_t> agent_id;
  bool has_rule = false;
  domain::CallingPolicy policy;  // legal window, rule window and days
  int64_t max_calls_per_day = 3;
  int64_t max_total_calls = 10;
  int64_t retry_interval_minutes = 120;
  double retry_backoff = 1.0;
  bool dnc_check = true;
  bool remove_on_opt_out = true;

  // The retry policy for a member of a pool allowing `pool_max_retries`: the
  // rule's total-call cap when the campaign has a rule, else the pool's.
  domain::RetryPolicy RetryFor(int64_t pool_max_retries) const;
};

// The settings of campaign `campaign_id` (nullopt: no campaign, the defaults
// under the organization's legal window). 404 "Campaign" when absent.
Result<DialingSettings> LoadDialingSettings(db::Connection& conn, int64_t org,
                                            std::optional<int64_t> campaign_id);

}  // namespace sb::store
