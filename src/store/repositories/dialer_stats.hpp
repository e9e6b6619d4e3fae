// Counts behind GET /api/v1/campaigns/{uuid}/stats and /api/v1/pools/{uuid}/stats:
// members by status, attempts, call outcomes and completion.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "store/drivers/database.hpp"

namespace sb::store {

struct DialerStats {
  int64_t members = 0;
  // Every pool-member status (seed 000's eight), with 0 where none.
  std::vector<std::pair<std::string, int64_t>> by_status;
  int64_t attempts = 0;  // attempts made by the members
  int64_t calls = 0;     // rows of the call log
  // Every call status, with 0 where none.
  std::vector<std::pair<std::string, int64_t>> outcomes;
  int64_t terminal = 0;   // Completed + Failed + Skipped
  int64_t completed = 0;  // Completed
};

// A campaign's members (of its attached pools) and its calls. 404 "Campaign".
Result<DialerStats> CampaignStats(db::Connection& conn, int64_t org,
                                  const std::string& campaign_uuid);
// A pool's members and the calls made to them from it. 404 "Pool".
Result<DialerStats> PoolStats(db::Connection& conn, int64_t org, const std::string& pool_uuid);

}  // namespace sb::store
