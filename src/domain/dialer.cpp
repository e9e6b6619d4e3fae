#include "domain/dialer.hpp"

#include <array>
#include <cmath>

#include <fmt/format.h>

namespace sb::domain {
namespace {

using E = DialerEventType;

struct EventName {
  E type;
  std::string_view name;
};
constexpr std::array<EventName, 10> kEventNames = {{
    {E::kStarted, "started"},
    {E::kCompleted, "completed"},
    {E::kFailed, "failed"},
    {E::kInvalidNumber, "invalid_number"},
    {E::kOptedOut, "opted_out"},
    {E::kDoNotCall, "do_not_call"},
    {E::kCallback, "callback"},
    {E::kRelease, "release"},
    {E::kSkip, "skip"},
    {E::kLeaseExpired, "lease_expired"},
}};

constexpr std::array<std::string_view, 5> kFailureOutcomes = {"no-answer", "busy", "voicemail",
                                                              "unreachable", "failed"};

// THE TABLE: the statuses each event may happen in. Only a worker's lease
// (Processing, In_Call) takes events; terminal and waiting statuses take none.
struct Row {
  E event;
  bool from_processing;
  bool from_in_call;
};
constexpr std::array<Row, 10> kTable = {{
    {E::kStarted, true, false},
    {E::kCompleted, true, true},
    {E::kFailed, true, true},
    {E::kInvalidNumber, true, true},
    {E::kOptedOut, true, true},
    {E::kDoNotCall, true, true},
    {E::kCallback, true, true},
    {E::kRelease, true, false},  // a call in progress must end with its outcome
    {E::kSkip, true, false},
    {E::kLeaseExpired, true, true},
}};

constexpr int64_t kMaxRetryDelay = 30LL * 24 * 3600;

void DropLease(PoolItemState& s) {
  s.worker_id.reset();
  s.lease_expires_at.reset();
  s.status_before_claim.reset();
}

// The member failed an attempt with `outcome`: Retrying at the next callable
// time after the delay, or Failed when attempts are used up or no window
// lies ahead.
void FailAttempt(PoolItemState& s, const std::string& outcome, const DialerContext& ctx) {
  s.last_outcome = outcome;
  if (s.attempt_count >= ctx.policy.max_attempts) {
    s.status = "Failed";
    s.failed_at = ctx.now;
    s.next_retry_at.reset();
    return;
  }
  int64_t retry_count = s.retry_count + 1;
  int64_t at = ctx.now + RetryDelaySeconds(ctx.policy, retry_count);
  std::optional<int64_t> callable = ctx.next_callable ? ctx.next_callable(at) : at;
  if (!callable) {
    s.status = "Failed";
    s.failed_at = ctx.now;
    s.next_retry_at.reset();
    s.last_outcome = "no_calling_window";
    return;
  }
  s.status = "Retrying";
  s.retry_count = retry_count;
  s.next_retry_at = *callable;
}

}  // namespace

Result<DialerEventType> ParseDialerEventType(std::string_view name) {
  for (const EventName& e : kEventNames) {
    if (e.name == name && e.type != E::kLeaseExpired) return e.type;
  }
  return Error::Validation(
      "type",
      "The type must be one of started, completed, failed, invalid_number, opted_out, "
      "do_not_call, callback, release, skip.");
}

std::string_view DialerEventName(DialerEventType type) {
  for (const EventName& e : kEventNames) {
    if (e.type == type) return e.name;
  }
  return "unknown";
}

EnumValues FailureOutcomes() { return kFailureOutcomes; }

bool DialerEventFits(std::string_view status, DialerEventType event) {
  for (const Row& row : kTable) {
    if (row.event != event) continue;
    return (status == "Processing" && row.from_processing) ||
           (status == "In_Call" && row.from_in_call);
  }
  return false;
}

bool IsDue(const PoolItemState& state, int64_t now) {
  if (state.status == "Pending") return true;
  if (state.status == "Retrying" || state.status == "Scheduled") {
    return !state.next_retry_at || *state.next_retry_at <= now;
  }
  return false;
}

Result<PoolItemState> ApplyClaim(const PoolItemState& current, const std::string& worker_id,
                                 int64_t lease_expires_at, int64_t now) {
  if (!IsDue(current, now)) {
    return Error::Conflict(
        fmt::format("The member is {} and not due to be called.", current.status), "status");
  }
  PoolItemState next = current;
  next.status_before_claim = current.status;
  next.status = "Processing";
  next.worker_id = worker_id;
  next.lease_expires_at = lease_expires_at;
  return next;
}

int64_t RetryDelaySeconds(const RetryPolicy& policy, int64_t retry_count) {
  double factor = std::pow(std::max(1.0, policy.retry_backoff),
                           static_cast<double>(std::max<int64_t>(0, retry_count - 1)));
  double seconds = static_cast<double>(policy.retry_interval_minutes) * 60.0 * factor;
  if (!(seconds < static_cast<double>(kMaxRetryDelay))) return kMaxRetryDelay;
  return static_cast<int64_t>(seconds);
}

Result<DialerTransition> ApplyDialerEvent(const PoolItemState& current, const DialerEvent& event,
                                          const DialerContext& ctx) {
  if (!DialerEventFits(current.status, event.type)) {
    return Error::Conflict(fmt::format("A member in status {} cannot take the event {}.",
                                       current.status, DialerEventName(event.type)),
                           "status");
  }
  if (event.type == E::kLeaseExpired && current.lease_expires_at &&
      *current.lease_expires_at > ctx.now) {
    return Error::Conflict("The lease on this member has not run out.", "lease_expires_at");
  }
  if (event.type != E::kLeaseExpired) {
    if (current.worker_id != event.worker_id) {
      return Error::Conflict("Another worker holds this member.", "worker_id");
    }
    if (current.lease_expires_at && *current.lease_expires_at <= ctx.now) {
      return Error::Conflict("The lease on this member has run out.", "worker_id");
    }
  }
  if (event.type == E::kFailed && (!event.outcome || !IsOneOf(*event.outcome, FailureOutcomes()))) {
    return Error::Validation("outcome", fmt::format("The outcome must be one of {}.",
                                                    DescribeChoices(FailureOutcomes())));
  }
  if (event.type == E::kCallback) {
    if (!event.callback_at || *event.callback_at <= ctx.now) {
      return Error::Validation("callback_at", "The callback_at must be a date-time in the future.");
    }
    if (ctx.is_legal && !ctx.is_legal(*event.callback_at)) {
      return Error::Validation("callback_at",
                               "The callback_at is outside the contact's legal calling window.");
    }
  }
  if (event.type == E::kSkip && (!event.reason || event.reason->empty())) {
    return Error::Validation("reason", "A skip needs a reason.");
  }

  DialerTransition t;
  PoolItemState& s = t.next;
  s = current;
  const bool in_call = current.status == "In_Call";
  // Every event but release, skip and a lease lost before dialling ends an
  // attempt; one reported straight from Processing was dialled without a
  // `started` event, so it counts here.
  const bool ends_attempt = event.type != E::kStarted && event.type != E::kRelease &&
                            event.type != E::kSkip && !(event.type == E::kLeaseExpired && !in_call);
  if ((event.type == E::kStarted) || (ends_attempt && !in_call)) ++s.attempt_count;

  switch (event.type) {
    case E::kStarted:
      s.status = "In_Call";
      s.started_at = ctx.now;
      return t;  // the lease continues
    case E::kCompleted:
      s.status = "Completed";
      s.completed_at = ctx.now;
      s.next_retry_at.reset();
      s.last_outcome = "completed";
      t.call_status = "picked-up";
      break;
    case E::kFailed:
      FailAttempt(s, *event.outcome, ctx);
      t.call_status = *event.outcome;
      break;
    case E::kInvalidNumber:
      s.status = "Failed";
      s.failed_at = ctx.now;
      s.next_retry_at.reset();
      s.last_outcome = "invalid_number";
      t.call_status = "failed";
      break;
    case E::kOptedOut:
    case E::kDoNotCall:
      s.status = "Skipped";
      s.skip_reason = std::string(DialerEventName(event.type));
      s.next_retry_at.reset();
      s.last_outcome = s.skip_reason;
      t.call_status = "picked-up";
      t.opt_out = true;
      break;
    case E::kCallback:
      s.status = "Scheduled";
      s.next_retry_at = event.callback_at;
      s.last_outcome = "callback";
      t.call_status = "picked-up";
      break;
    case E::kRelease:
      s.status = current.status_before_claim.value_or("Pending");
      break;
    case E::kSkip:
      s.status = "Skipped";
      s.skip_reason = event.reason;
      s.next_retry_at.reset();
      break;
    case E::kLeaseExpired:
      if (in_call) {
        FailAttempt(s, "lease_expired", ctx);
        t.call_status = "failed";
      } else {
        s.status = current.status_before_claim.value_or("Pending");
      }
      break;
  }
  DropLease(s);
  return t;
}

}  // namespace sb::domain
