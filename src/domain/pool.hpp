// Pools (dialing queues) and their members, and the rules for moving a member
// by hand. The dialer's own transitions (claim, outcome, lease expiry) extend
// the same state table later; a manual move must never take a member away
// from a worker that holds it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace sb::domain {

// Limits of a pool's settings, shared by validation and tests.
inline constexpr int64_t kPoolNameMin = 3;
inline constexpr int64_t kPoolNameMax = 255;
inline constexpr int64_t kPoolDescriptionMax = 1000;
inline constexpr int64_t kPoolMaxParallelMin = 1;
inline constexpr int64_t kPoolMaxParallelMax = 100;
inline constexpr int64_t kPoolMaxRetriesMax = 100;
inline constexpr int64_t kMemberPriorityLimit = 1000;  // priority is in [-limit, limit]
inline constexpr int64_t kMemberNotesMax = 2000;

struct Pool {
  int64_t id = 0;
  std::string uuid;
  std::string name;
  std::string description;
  std::string type = "FIFO";  // FIFO, LIFO, Parallel
  int64_t max_parallel_items = 10;
  int64_t max_retries = 3;
  bool is_active = true;
  int64_t contacts_count = 0;  // members
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// A contact's membership of a pool, as the API shows it (seed 000).
struct PoolMember {
  std::string pool_uuid;
  std::string contact_uuid;
  std::string name;
  std::optional<std::string> phone_number;
  std::optional<std::string> email;
  std::string status = "Pending";
  int64_t priority = 0;
  int64_t retry_count = 0;
  std::optional<int64_t> started_at;
  std::optional<int64_t> completed_at;
  std::optional<int64_t> failed_at;
  std::optional<int64_t> next_retry_at;
  std::optional<std::string> notes;
  int64_t added_at = 0;
};

// The part of a pool item that status transitions read and write.
struct PoolItemState {
  std::string status = "Pending";
  int64_t retry_count = 0;
  std::optional<int64_t> started_at;
  std::optional<int64_t> completed_at;
  std::optional<int64_t> failed_at;
  std::optional<int64_t> next_retry_at;
  std::optional<std::string> skip_reason;
  // The lease of the worker holding the item (Processing / In_Call).
  std::optional<std::string> worker_id;
  std::optional<int64_t> lease_expires_at;
  std::optional<std::string> status_before_claim;
  // Attempts made (calls started or dialled) and how the last one ended.
  int64_t attempt_count = 0;
  std::optional<std::string> last_outcome;

  bool operator==(const PoolItemState&) const = default;
};

// A move an operator requests through the API.
struct ManualMove {
  std::string target;                    // Pending, Scheduled or Skipped
  std::optional<int64_t> next_retry_at;  // required for Scheduled
  std::optional<std::string> reason;     // optional for Skipped
};

// True when an operator may move a member in `from` to `to` (both spelled as
// the API spells statuses). Only Pending, Scheduled and Skipped are manual
// targets, and never while a worker holds the member (Processing, In_Call).
bool IsManualMoveAllowed(std::string_view from, std::string_view to);

// Applies `move` to `current` at time `now`:
// - Pending re-queues: retry_count 0, every timestamp and the lease cleared.
// - Scheduled sets next_retry_at (must be after `now`) and drops any lease.
// - Skipped records the reason in skip_reason and clears next_retry_at.
// Errors: 422 naming "status" for a target that is not a manual move, 422
// naming "next_retry_at" when Scheduled lacks a future time, 409 naming
// "status" when the current status does not allow the move.
Result<PoolItemState> ApplyManualMove(const PoolItemState& current, const ManualMove& move,
                                      int64_t now);

}  // namespace sb::domain
