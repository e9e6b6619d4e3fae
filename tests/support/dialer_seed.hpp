// The smallest organization that dials, written straight into a store for the
// dialer's storage-level tests: organization 1 "Acme", agent 1, number 1 bound
// to the agent for calls, pool 1, campaign 1 over the pool. Tests add their own
// contacts and members (ids from 1) after it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "store/drivers/database.hpp"

namespace sb::testing {

inline constexpr const char* kSeedCampaignUuid = "00000000-0000-7000-8000-0000000000e1";

struct DialerSeed {
  int64_t at = 0;     // created_at of every row
  int64_t lines = 1;  // the number's voice channel_limit
  std::string number = "+33612345600";
  std::string number_country = "FR";
  std::string pool_type = "Parallel";  // FIFO | LIFO | Parallel
  int64_t max_parallel_items = 10;
  int64_t max_retries = 3;
  std::string campaign_status = "Active";
  // A rule 1 "Weekdays" attached to the campaign: calls a day, retry minutes, days.
  std::optional<int64_t> rule_max_calls_per_day;
  int64_t rule_retry_interval_minutes = 120;
  std::string rule_days = "mon,tue,wed,thu,fri,sat,sun";
};

Status SeedDialingOrganization(db::Connection& conn, const DialerSeed& seed);

// Adds contact `id` (and its member of pool 1) with that number, region and
// zone (empty: none).
Status SeedMember(db::Connection& conn, int64_t at, int64_t id, const std::string& phone,
                  const std::string& country, const std::string& timezone);

}  // namespace sb::testing
