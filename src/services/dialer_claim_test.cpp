#include "services/dialer_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "store/repositories/store_util.hpp"
#include "support/dialer_seed.hpp"
#include "support/engine_test.hpp"
#include "support/test_db.hpp"

namespace sb::services {
namespace {

constexpr int64_t kNow = 1709294400;  // Friday 2024-03-01 12:00Z, 13:00 in Paris

// One organization with an Active campaign over one Parallel pool of
// `members` contacts in Paris, and one number whose voice line carries
// `lines` calls at once.
class DialerClaimTest : public ::sb::testing::EngineTest {
 protected:
  void Fill(int64_t members, int64_t max_parallel, int64_t lines) {
    auto db = store_.Open(16);
    ASSERT_TRUE(db.ok()) << db.error().details();
    db_ = std::move(db).value();
    auto conn = db_->Acquire();
    ASSERT_TRUE(conn.ok());
    db::Connection& c = **conn;
    testing::DialerSeed seed;
    seed.at = kNow - 3600;
    seed.lines = lines;
    seed.max_parallel_items = max_parallel;
    auto filled = db::InTransaction(c, [&]() -> Status {
      SB_RETURN_IF_ERROR(testing::SeedDialingOrganization(c, seed));
      for (int64_t i = 1; i <= members; ++i) {
        SB_RETURN_IF_ERROR(testing::SeedMember(c, seed.at, i, "+3361" + std::to_string(1000000 + i),
                                               "FR", "Europe/Paris"));
      }
      return OkStatus();
    });
    ASSERT_TRUE(filled.ok()) << filled.error().details();
  }

  int64_t Count(const std::string& sql) {
    auto conn = db_->Acquire();
    auto n = (*conn)->QueryInt(sql, {});
    return n.ok() ? n->value_or(0) : -1;
  }

  testing::TestStore store_;
  std::unique_ptr<db::Database> db_;
  FakeClock clock_{kNow};
  SequentialIdGenerator ids_;
};

SB_INSTANTIATE_ENGINES(DialerClaimTest);

// 64 workers claim and complete a campaign of 10 000 members at once: every
// member is handed out exactly once, and never more than max_parallel_items
// are in flight.
TEST_P(DialerClaimTest, SixtyFourWorkersClaimEachMemberExactlyOnce) {
  constexpr int64_t kMembers = 10000;
  constexpr int64_t kParallel = 100;
  Fill(kMembers, kParallel, 1000);
  std::mutex mu;
  std::map<std::string, int> handed;  // contact uuid -> times claimed
  std::atomic<int64_t> in_flight{0};
  std::atomic<int64_t> peak{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> workers;
  for (int w = 0; w < 64; ++w) {
    workers.emplace_back([&, w] {
      const std::string worker = "w" + std::to_string(w);
      while (!failed) {
        auto conn = db_->Acquire();
        // A pool busy past its wait is an answer (503 to a client), not a
        // failure: 64 workers share 16 connections, so back off and retry.
        if (!conn.ok() && conn.error().code() == ErrorCode::kUnavailable) {
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
          continue;
        }
        if (!conn.ok()) return failed.store(true);
        DialerService dialer(**conn, clock_, ids_);
        auto claimed = dialer.Claim(1, "00000000-0000-7000-8000-0000000000e1",
                                    store::ClaimRequest{worker, 120, 5});
        // The last completion completes the campaign, which then hands out nothing.
        if (!claimed.ok() && claimed.error().code() == ErrorCode::kConflict) return;
        if (!claimed.ok()) {
          ADD_FAILURE() << claimed.error().message() << ": " << claimed.error().details();
          return failed.store(true);
        }
        if (claimed->empty()) return;
        int64_t now_in_flight = in_flight += static_cast<int64_t>(claimed->size());
        int64_t seen = peak.load();
        while (now_in_flight > seen && !peak.compare_exchange_weak(seen, now_in_flight)) {
        }
        {
          std::lock_guard<std::mutex> lock(mu);
          for (const auto& m : *claimed) ++handed[m.contact_uuid];
        }
        for (const auto& m : *claimed) {
          store::MemberEvent done;
          done.event.type = domain::DialerEventType::kCompleted;
          done.event.worker_id = worker;
          --in_flight;  // before the write: a claim may take the slot right after it
          auto applied = dialer.ReportEvent(1, m.pool_uuid, m.contact_uuid, done);
          if (!applied.ok()) {
            ADD_FAILURE() << applied.error().details();
            return failed.store(true);
          }
        }
      }
    });
  }
  for (auto& t : workers) t.join();
  ASSERT_FALSE(failed);
  EXPECT_EQ(static_cast<int64_t>(handed.size()), kMembers);
  for (const auto& [contact, times] : handed) ASSERT_EQ(times, 1) << contact;
  EXPECT_LE(peak.load(), kParallel);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pool_items WHERE status = 'Completed'"), kMembers);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM calls"), kMembers);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM campaigns WHERE status = 'Completed'"), 1);
}

// A worker that disappears: its leases run out, the sweeper returns the
// undialled member to the queue and fails the call in progress into a retry.
TEST_P(DialerClaimTest, TheSweeperReturnsExpiredLeases) {
  Fill(3, 10, 10);
  auto conn = db_->Acquire();
  DialerService dialer(**conn, clock_, ids_);
  auto claimed = dialer.Claim(1, "00000000-0000-7000-8000-0000000000e1", {"gone", 60, 2});
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 2u);
  store::MemberEvent started;
  started.event.type = domain::DialerEventType::kStarted;
  started.event.worker_id = "gone";
  ASSERT_TRUE(
      dialer.ReportEvent(1, (*claimed)[0].pool_uuid, (*claimed)[0].contact_uuid, started).ok());

  auto early = dialer.SweepExpiredLeases(100);
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(*early, 0);
  clock_.Advance(61);
  auto swept = dialer.SweepExpiredLeases(100);
  ASSERT_TRUE(swept.ok()) << swept.error().details();
  EXPECT_EQ(*swept, 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pool_items WHERE status = 'Retrying'"
                  " AND last_outcome = 'lease_expired' AND attempt_count = 1"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pool_items WHERE status = 'Pending'"
                  " AND attempt_count = 0 AND worker_id IS NULL"),
            2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM calls WHERE status = 'failed'"), 1);
  auto again = dialer.SweepExpiredLeases(100);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
}

}  // namespace
}  // namespace sb::services
