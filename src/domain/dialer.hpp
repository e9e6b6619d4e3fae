// The dialer's state machine for a pool member: claims by workers, the
// outcomes they report, and leases that run out. One table (dialer.cpp)
// decides which event fits which status; everything else here computes the
// member's next state from it. Pure: the caller supplies the time, the limits
// and the calling window.
//
//   Pending | Retrying (due) | Scheduled (due) --claim--> Processing (leased)
//   Processing --started--> In_Call
//   Processing | In_Call --completed--> Completed
//   Processing | In_Call --failed(outcome)--> Retrying, or Failed when used up
//   Processing | In_Call --invalid_number--> Failed
//   Processing | In_Call --opted_out | do_not_call--> Skipped
//   Processing | In_Call --callback(at)--> Scheduled
//   Processing --release--> the status it was claimed from (no attempt)
//   Processing --skip(reason)--> Skipped
//   lease runs out: Processing -> claimed-from status; In_Call -> as failed
//                   with outcome lease_expired
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "domain/enums.hpp"
#include "domain/pool.hpp"

namespace sb::domain {

enum class DialerEventType {
  kStarted,
  kCompleted,
  kFailed,
  kInvalidNumber,
  kOptedOut,
  kDoNotCall,
  kCallback,
  kRelease,
  kSkip,
  kLeaseExpired,  // the sweeper's, never a worker's
};

// The wire name ("started", "invalid_number", ...); 422 naming `type` for an
// unknown one (lease_expired is not accepted from the wire).
Result<DialerEventType> ParseDialerEventType(std::string_view name);
std::string_view DialerEventName(DialerEventType type);

// Outcomes a `failed` event may carry (the call log's statuses for them).
EnumValues FailureOutcomes();

struct DialerEvent {
  DialerEventType type = DialerEventType::kStarted;
  std::string worker_id;
  std::optional<std::string> outcome;  // failed: one of FailureOutcomes()
  std::optional<int64_t> callback_at;  // callback
  std::optional<std::string> reason;   // skip
};

// How often a member may be tried, from the campaign's rule or, without one,
// the pool (attempts = max_retries + 1) and the rule defaults.
struct RetryPolicy {
  int64_t max_attempts = 4;
  int64_t retry_interval_minutes = 120;
  double retry_backoff = 1.0;
};

struct DialerContext {
  int64_t now = 0;
  RetryPolicy policy;
  // The first callable second at or after a time (the calling window), or
  // nullopt when the contact has none ahead.
  std::function<std::optional<int64_t>(int64_t)> next_callable;
  // True when a callback at that time is inside the legal window.
  std::function<bool(int64_t)> is_legal;
};

struct DialerTransition {
  PoolItemState next;
  // An attempt ended with this event: the call log gets a row with this
  // status ("picked-up", "no-answer", ..., "failed").
  std::optional<std::string> call_status;
  // The contact asked not to be called again (opted_out, do_not_call).
  bool opt_out = false;
};

// True when the table lets `event` happen to a member in `status`.
bool DialerEventFits(std::string_view status, DialerEventType event);

// Whether a member in `state` may be claimed at `now`: Pending, or Retrying /
// Scheduled whose next_retry_at has passed.
bool IsDue(const PoolItemState& state, int64_t now);

// Hands the member to `worker_id` until `lease_expires_at`. 409 naming
// `status` when it is not due.
Result<PoolItemState> ApplyClaim(const PoolItemState& current, const std::string& worker_id,
                                 int64_t lease_expires_at, int64_t now);

// Applies a worker's event (or the sweeper's lease expiry). Errors: 409 naming
// `status` (and the current status in the message) when the event does not
// fit; 409 naming `worker_id` when another worker holds the member or the
// lease has run out; 422 naming `outcome` / `callback_at` / `reason` for a
// missing or bad value.
Result<DialerTransition> ApplyDialerEvent(const PoolItemState& current, const DialerEvent& event,
                                          const DialerContext& context);

// The retry delay after the member's `retry_count`-th failure (1-based):
// interval * backoff^(retry_count - 1), in seconds, at most 30 days.
int64_t RetryDelaySeconds(const RetryPolicy& policy, int64_t retry_count);

}  // namespace sb::domain
