// Reading and writing the dialer's part of a pool_items row, shared by the
// claim (dialer_repository.cpp) and the worker events (dialer_events.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/pool.hpp"
#include "store/drivers/database.hpp"

namespace sb::store::dialer_rows {

// The pool-item columns PoolItemState holds (alias `pi`), read by ReadState.
extern const char* const kStateColumns;
inline constexpr int kStateColumnCount = 12;

// The state from the kStateColumns starting at column `first`.
domain::PoolItemState ReadState(const db::Rows& rows, int first);

// The campaign and phone number a claim hands a member out for.
struct ClaimBinding {
  int64_t campaign_id = 0;
  int64_t phone_number_id = 0;
};

// Writes `s` to pool item `item_id`, and with `binding` records who claimed
// it in the same statement.
Status WriteState(db::Connection& conn, int64_t org, int64_t item_id,
                  const domain::PoolItemState& s, int64_t now,
                  const std::optional<ClaimBinding>& binding = std::nullopt);

// A campaign this call completed: what its campaign.status_changed shows.
struct CompletedCampaign {
  std::string uuid;
  std::string name;
  std::string previous_status;
};

// Marks the campaign Completed once every member of its pools is terminal;
// the campaign when this call completed it, nothing when it did not.
Result<std::optional<CompletedCampaign>> CompleteCampaignIfDone(db::Connection& conn, int64_t org,
                                                                int64_t campaign_id, int64_t now);

}  // namespace sb::store::dialer_rows
