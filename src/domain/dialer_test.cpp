#include "domain/dialer.hpp"

#include <gtest/gtest.h>

#include <map>

namespace sb::domain {
namespace {

using E = DialerEventType;

constexpr int64_t kNow = 1'709'294'400;  // 2024-03-01T12:00:00Z
constexpr int64_t kHour = 3600;

const std::vector<std::string> kStatuses = {"Pending",   "Processing", "In_Call", "Retrying",
                                            "Scheduled", "Completed",  "Failed",  "Skipped"};

// A member held by worker w1 with a lease running until kNow + 60.
PoolItemState Held(const std::string& status, int64_t attempts = 0) {
  PoolItemState s;
  s.status = status;
  s.worker_id = "w1";
  s.lease_expires_at = kNow + 60;
  s.status_before_claim = "Retrying";
  s.attempt_count = attempts;
  s.retry_count = attempts;
  s.next_retry_at = kNow - kHour;
  return s;
}

DialerContext Context(int64_t max_attempts = 4) {
  DialerContext ctx;
  ctx.now = kNow;
  ctx.policy = RetryPolicy{max_attempts, 120, 2.0};
  ctx.next_callable = [](int64_t t) { return std::optional<int64_t>(t); };
  ctx.is_legal = [](int64_t) { return true; };
  return ctx;
}

DialerEvent Event(E type) {
  DialerEvent e;
  e.type = type;
  e.worker_id = "w1";
  e.outcome = "busy";
  e.callback_at = kNow + kHour;
  e.reason = "duplicate";
  return e;
}

// THE SPECIFICATION: every status x event. "409" where the event does not fit.
TEST(DialerTable, EveryStatusAndEvent) {
  const std::map<E, std::map<std::string, std::string>> expected = {
      {E::kStarted, {{"Processing", "In_Call"}}},
      {E::kCompleted, {{"Processing", "Completed"}, {"In_Call", "Completed"}}},
      {E::kFailed, {{"Processing", "Retrying"}, {"In_Call", "Retrying"}}},
      {E::kInvalidNumber, {{"Processing", "Failed"}, {"In_Call", "Failed"}}},
      {E::kOptedOut, {{"Processing", "Skipped"}, {"In_Call", "Skipped"}}},
      {E::kDoNotCall, {{"Processing", "Skipped"}, {"In_Call", "Skipped"}}},
      {E::kCallback, {{"Processing", "Scheduled"}, {"In_Call", "Scheduled"}}},
      {E::kRelease, {{"Processing", "Retrying"}}},  // back to where it was claimed from
      {E::kSkip, {{"Processing", "Skipped"}}},
      {E::kLeaseExpired, {{"Processing", "Retrying"}, {"In_Call", "Retrying"}}},
  };
  for (const auto& [event, row] : expected) {
    for (const std::string& status : kStatuses) {
      PoolItemState held = Held(status);
      if (event == E::kLeaseExpired) held.lease_expires_at = kNow;
      auto t = ApplyDialerEvent(held, Event(event), Context());
      auto want = row.find(status);
      std::string label = status + " + " + std::string(DialerEventName(event));
      EXPECT_EQ(DialerEventFits(status, event), want != row.end()) << label;
      if (want == row.end()) {
        ASSERT_FALSE(t.ok()) << label;
        EXPECT_EQ(t.error().code(), ErrorCode::kConflict) << label;
        EXPECT_EQ(t.error().field(), "status") << label;
        EXPECT_NE(t.error().message().find(status), std::string::npos) << t.error().message();
        continue;
      }
      ASSERT_TRUE(t.ok()) << label << ": " << t.error().message();
      EXPECT_EQ(t->next.status, want->second) << label;
      if (event == E::kStarted) {
        EXPECT_EQ(t->next.worker_id, "w1") << "the lease continues in the call";
      } else {
        EXPECT_FALSE(t->next.worker_id) << label;
        EXPECT_FALSE(t->next.lease_expires_at) << label;
      }
    }
  }
}

TEST(DialerTable, AttemptsAndTheCallLog) {
  struct Case {
    std::string status;
    E event;
    int64_t attempts_after;   // from 1 attempt before
    const char* call_status;  // nullptr: no call log row
  };
  const std::vector<Case> cases = {
      {"Processing", E::kStarted, 2, nullptr},  // counted when the call starts
      {"In_Call", E::kCompleted, 1, "picked-up"},
      {"Processing", E::kCompleted, 2, "picked-up"},  // dialled without `started`
      {"In_Call", E::kFailed, 1, "busy"},
      {"Processing", E::kFailed, 2, "busy"},
      {"In_Call", E::kInvalidNumber, 1, "failed"},
      {"In_Call", E::kOptedOut, 1, "picked-up"},
      {"In_Call", E::kCallback, 1, "picked-up"},
      {"Processing", E::kRelease, 1, nullptr},
      {"Processing", E::kSkip, 1, nullptr},
      {"Processing", E::kLeaseExpired, 1, nullptr},  // never dialled
      {"In_Call", E::kLeaseExpired, 1, "failed"},
  };
  for (const Case& c : cases) {
    PoolItemState held = Held(c.status, 1);
    if (c.event == E::kLeaseExpired) held.lease_expires_at = kNow;
    auto t = ApplyDialerEvent(held, Event(c.event), Context());
    std::string label = c.status + " + " + std::string(DialerEventName(c.event));
    ASSERT_TRUE(t.ok()) << label;
    EXPECT_EQ(t->next.attempt_count, c.attempts_after) << label;
    if (c.call_status) {
      EXPECT_EQ(t->call_status, c.call_status) << label;
    } else {
      EXPECT_FALSE(t->call_status) << label;
    }
    EXPECT_EQ(t->opt_out, c.event == E::kOptedOut) << label;
  }
}

TEST(DialerTable, FailuresRetryWithBackoffUntilAttemptsAreUsedUp) {
  PoolItemState s = Held("In_Call", 1);
  s.retry_count = 0;
  auto first = ApplyDialerEvent(s, Event(E::kFailed), Context(3));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->next.status, "Retrying");
  EXPECT_EQ(first->next.retry_count, 1);
  EXPECT_EQ(first->next.next_retry_at, kNow + 120 * 60);
  EXPECT_EQ(first->next.last_outcome, "busy");

  s.retry_count = 1;
  s.attempt_count = 2;
  auto second = ApplyDialerEvent(s, Event(E::kFailed), Context(3));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->next.next_retry_at, kNow + 240 * 60) << "backoff 2";

  s.attempt_count = 3;
  auto last = ApplyDialerEvent(s, Event(E::kFailed), Context(3));
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->next.status, "Failed");
  EXPECT_EQ(last->next.failed_at, kNow);
  EXPECT_FALSE(last->next.next_retry_at);

  EXPECT_EQ(RetryDelaySeconds(RetryPolicy{10, 60, 10.0}, 9), 30LL * 24 * 3600) << "capped";
}

TEST(DialerTable, RetriesMoveIntoTheCallingWindow) {
  DialerContext ctx = Context();
  const int64_t opening = kNow + 20 * kHour;
  ctx.next_callable = [&](int64_t t) { return std::optional<int64_t>(std::max(t, opening)); };
  auto t = ApplyDialerEvent(Held("In_Call", 1), Event(E::kFailed), ctx);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->next.next_retry_at, opening);

  ctx.next_callable = [](int64_t) { return std::optional<int64_t>(); };
  auto none = ApplyDialerEvent(Held("In_Call", 1), Event(E::kFailed), ctx);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->next.status, "Failed");
  EXPECT_EQ(none->next.last_outcome, "no_calling_window");
}

TEST(DialerTable, WorkerLeaseAndValues) {
  DialerEvent other = Event(E::kCompleted);
  other.worker_id = "w2";
  auto stolen = ApplyDialerEvent(Held("In_Call"), other, Context());
  ASSERT_FALSE(stolen.ok());
  EXPECT_EQ(stolen.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(stolen.error().field(), "worker_id");

  PoolItemState expired = Held("In_Call");
  expired.lease_expires_at = kNow;
  auto late = ApplyDialerEvent(expired, Event(E::kCompleted), Context());
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().field(), "worker_id");
  EXPECT_TRUE(ApplyDialerEvent(expired, Event(E::kLeaseExpired), Context()).ok())
      << "the sweeper needs no worker";
  auto early = ApplyDialerEvent(Held("In_Call"), Event(E::kLeaseExpired), Context());
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().field(), "lease_expires_at");

  struct Bad {
    E type;
    std::function<void(DialerEvent&)> spoil;
    const char* field;
  };
  DialerContext illegal = Context();
  illegal.is_legal = [](int64_t) { return false; };
  for (const Bad& b : std::vector<Bad>{
           {E::kFailed, [](DialerEvent& e) { e.outcome.reset(); }, "outcome"},
           {E::kFailed, [](DialerEvent& e) { e.outcome = "picked-up"; }, "outcome"},
           {E::kCallback, [](DialerEvent& e) { e.callback_at.reset(); }, "callback_at"},
           {E::kCallback, [](DialerEvent& e) { e.callback_at = kNow - 1; }, "callback_at"},
           {E::kSkip, [](DialerEvent& e) { e.reason = ""; }, "reason"},
       }) {
    DialerEvent e = Event(b.type);
    b.spoil(e);
    auto t = ApplyDialerEvent(Held("Processing"), e, Context());
    ASSERT_FALSE(t.ok()) << b.field;
    EXPECT_EQ(t.error().code(), ErrorCode::kValidation);
    EXPECT_EQ(t.error().field(), b.field);
  }
  auto outside = ApplyDialerEvent(Held("In_Call"), Event(E::kCallback), illegal);
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().field(), "callback_at");
}

TEST(DialerTable, ClaimsTakeOnlyDueMembers) {
  for (const std::string& status : kStatuses) {
    PoolItemState s;
    s.status = status;
    s.next_retry_at = kNow + 10;
    bool due_now = status == "Pending";
    bool due_later = due_now || status == "Retrying" || status == "Scheduled";
    EXPECT_EQ(IsDue(s, kNow), due_now) << status;
    EXPECT_EQ(IsDue(s, kNow + 10), due_later) << status;
    auto claimed = ApplyClaim(s, "w9", kNow + 130, kNow + 10);
    ASSERT_EQ(claimed.ok(), due_later) << status;
    if (!claimed.ok()) {
      EXPECT_EQ(claimed.error().field(), "status");
      continue;
    }
    EXPECT_EQ(claimed->status, "Processing");
    EXPECT_EQ(claimed->status_before_claim, status);
    EXPECT_EQ(claimed->worker_id, "w9");
    EXPECT_EQ(claimed->lease_expires_at, kNow + 130);
  }
  EXPECT_FALSE(ParseDialerEventType("lease_expired").ok());
  EXPECT_EQ(ParseDialerEventType("invalid_number").value(), E::kInvalidNumber);
}

}  // namespace
}  // namespace sb::domain
