#include "domain/pool.hpp"

#include <array>

#include <fmt/format.h>

#include "domain/enums.hpp"

namespace sb::domain {
namespace {

// Which manual targets each status allows. A member held by a worker
// (Processing, In_Call) allows none: the worker's outcome or the lease
// sweeper decides what happens to it next.
struct ManualRow {
  std::string_view from;
  bool to_pending;
  bool to_scheduled;
  bool to_skipped;
};

constexpr std::array<ManualRow, 8> kManualMoves = {{
    {"Pending", true, true, true},
    {"Processing", false, false, false},
    {"Completed", true, true, true},
    {"Failed", true, true, true},
    {"Retrying", true, true, true},
    {"Scheduled", true, true, true},
    {"In_Call", false, false, false},
    {"Skipped", true, true, true},
}};

}  // namespace

bool IsManualMoveAllowed(std::string_view from, std::string_view to) {
  for (const ManualRow& row : kManualMoves) {
    if (row.from != from) continue;
    if (to == "Pending") return row.to_pending;
    if (to == "Scheduled") return row.to_scheduled;
    if (to == "Skipped") return row.to_skipped;
    return false;
  }
  return false;
}

Result<PoolItemState> ApplyManualMove(const PoolItemState& current, const ManualMove& move,
                                      int64_t now) {
  if (!IsOneOf(move.target, ManualPoolItemStatuses())) {
    return Error::Validation("status", fmt::format("The status may only be set to {}.",
                                                   DescribeChoices(ManualPoolItemStatuses())));
  }
  if (move.target == "Scheduled" && (!move.next_retry_at || *move.next_retry_at <= now)) {
    return Error::Validation("next_retry_at",
                             "The next_retry_at must be a date-time in the future to schedule.");
  }
  if (!IsManualMoveAllowed(current.status, move.target)) {
    return Error::Conflict(
        fmt::format("A member in status {} cannot be moved to {}.", current.status, move.target),
        "status");
  }

  PoolItemState next = current;
  next.status = move.target;
  next.worker_id.reset();
  next.lease_expires_at.reset();
  next.status_before_claim.reset();
  if (move.target == "Pending") {
    next.retry_count = 0;
    next.started_at.reset();
    next.completed_at.reset();
    next.failed_at.reset();
    next.next_retry_at.reset();
    next.skip_reason.reset();
  } else if (move.target == "Scheduled") {
    next.next_retry_at = move.next_retry_at;
    next.skip_reason.reset();
  } else {  // Skipped
    next.next_retry_at.reset();
    next.skip_reason = move.reason;
  }
  return next;
}

}  // namespace sb::domain
