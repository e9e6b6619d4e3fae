#include "domain/pool.hpp"

#include <gtest/gtest.h>

#include "domain/enums.hpp"

namespace sb::domain {
namespace {

constexpr int64_t kNow = 1709294400;

// Every (from, to) pair over all eight statuses: the manual targets are
// allowed from every status except the two a worker holds.
TEST(ManualMoveTable, Exhaustive) {
  for (std::string_view from : PoolItemStatuses()) {
    for (std::string_view to : PoolItemStatuses()) {
      bool manual_target = to == "Pending" || to == "Scheduled" || to == "Skipped";
      bool held = from == "Processing" || from == "In_Call";
      SCOPED_TRACE(std::string(from) + " -> " + std::string(to));
      EXPECT_EQ(IsManualMoveAllowed(from, to), manual_target && !held);
    }
  }
  EXPECT_FALSE(IsManualMoveAllowed("Bogus", "Pending"));
}

PoolItemState Busy(std::string status) {
  PoolItemState s;
  s.status = std::move(status);
  s.retry_count = 2;
  s.started_at = kNow - 300;
  s.completed_at = kNow - 200;
  s.failed_at = kNow - 100;
  s.next_retry_at = kNow + 600;
  s.skip_reason = "old";
  s.worker_id = "w1";
  s.lease_expires_at = kNow + 30;
  s.status_before_claim = "Pending";
  return s;
}

TEST(ApplyManualMove, PendingResetsEverything) {
  auto r = ApplyManualMove(Busy("Completed"), {"Pending", std::nullopt, std::nullopt}, kNow);
  ASSERT_TRUE(r.ok()) << r.error().message();
  PoolItemState expected;  // a fresh Pending member
  EXPECT_EQ(*r, expected);
}

TEST(ApplyManualMove, ScheduledSetsTimeAndKeepsHistory) {
  auto r = ApplyManualMove(Busy("Failed"), {"Scheduled", kNow + 3600, std::nullopt}, kNow);
  ASSERT_TRUE(r.ok()) << r.error().message();
  PoolItemState expected = Busy("Scheduled");
  expected.next_retry_at = kNow + 3600;
  expected.skip_reason.reset();
  expected.worker_id.reset();
  expected.lease_expires_at.reset();
  expected.status_before_claim.reset();
  EXPECT_EQ(*r, expected);
}

TEST(ApplyManualMove, SkippedRecordsReason) {
  auto r = ApplyManualMove(Busy("Retrying"), {"Skipped", std::nullopt, "asked not to"}, kNow);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->status, "Skipped");
  EXPECT_EQ(r->skip_reason, "asked not to");
  EXPECT_EQ(r->next_retry_at, std::nullopt);
  EXPECT_EQ(r->retry_count, 2);
  EXPECT_EQ(r->worker_id, std::nullopt);

  auto no_reason = ApplyManualMove(Busy("Pending"), {"Skipped", std::nullopt, std::nullopt}, kNow);
  ASSERT_TRUE(no_reason.ok());
  EXPECT_EQ(no_reason->skip_reason, std::nullopt);
}

struct ErrorCase {
  std::string from;
  ManualMove move;
  ErrorCode code;
  std::string field;
};

TEST(ApplyManualMove, Errors) {
  const ErrorCase cases[] = {
      {"Pending", {"Completed", std::nullopt, std::nullopt}, ErrorCode::kValidation, "status"},
      {"Pending", {"Processing", std::nullopt, std::nullopt}, ErrorCode::kValidation, "status"},
      {"Pending", {"pending", std::nullopt, std::nullopt}, ErrorCode::kValidation, "status"},
      {"Pending",
       {"Scheduled", std::nullopt, std::nullopt},
       ErrorCode::kValidation,
       "next_retry_at"},
      {"Pending", {"Scheduled", kNow, std::nullopt}, ErrorCode::kValidation, "next_retry_at"},
      {"Pending", {"Scheduled", kNow - 1, std::nullopt}, ErrorCode::kValidation, "next_retry_at"},
      {"Processing", {"Pending", std::nullopt, std::nullopt}, ErrorCode::kConflict, "status"},
      {"Processing", {"Skipped", std::nullopt, std::nullopt}, ErrorCode::kConflict, "status"},
      {"In_Call", {"Pending", std::nullopt, std::nullopt}, ErrorCode::kConflict, "status"},
      {"In_Call", {"Skipped", std::nullopt, std::nullopt}, ErrorCode::kConflict, "status"},
      {"In_Call", {"Scheduled", kNow + 60, std::nullopt}, ErrorCode::kConflict, "status"},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.from + " -> " + c.move.target);
    auto r = ApplyManualMove(Busy(c.from), c.move, kNow);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), c.code);
    EXPECT_EQ(r.error().field(), c.field);
  }
}

TEST(ApplyManualMove, ConflictNamesTheCurrentStatus) {
  auto r = ApplyManualMove(Busy("In_Call"), {"Pending", std::nullopt, std::nullopt}, kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("In_Call"), std::string::npos) << r.error().message();
}

}  // namespace
}  // namespace sb::domain
