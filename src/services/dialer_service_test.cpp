#include "services/dialer_service.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "services/campaign_service.hpp"
#include "services/pool_member_service.hpp"
#include "store/drivers/commit_group.hpp"
#include "store/repositories/store_util.hpp"
#include "support/dialer_seed.hpp"
#include "support/engine_test.hpp"
#include "support/test_db.hpp"

namespace sb::services {
namespace {

constexpr int64_t kNow = 1709294400;  // Friday 2024-03-01 12:00Z, 13:00 in Paris
constexpr int64_t kOrg = 1;           // the seeded organization

// The seeded dialing organization (support/dialer_seed.hpp) with two members
// and one line.
class DialerServiceTest : public ::sb::testing::EngineTest {
 protected:
  void SetUp() override {
    auto db = store_.Open();
    ASSERT_TRUE(db.ok()) << db.error().details();
    db_ = std::move(db).value();
    auto conn = db_->Acquire();
    ASSERT_TRUE(conn.ok());
    conn_ = std::move(conn).value();
    ::sb::testing::DialerSeed seed;
    seed.at = kNow - 3600;
    Status st = db::InTransaction(*conn_, [&]() -> Status {
      SB_RETURN_IF_ERROR(::sb::testing::SeedDialingOrganization(*conn_, seed));
      for (int64_t i = 1; i <= 2; ++i) {
        SB_RETURN_IF_ERROR(::sb::testing::SeedMember(
            *conn_, seed.at, i, "+3361" + std::to_string(1000000 + i), "FR", "Europe/Paris"));
      }
      return OkStatus();
    });
    ASSERT_TRUE(st.ok()) << st.error().details();
    pool_uuid_ = PoolUuid();
  }
  std::string PoolUuid() {
    auto rows = conn_->Query("SELECT uuid FROM pools WHERE id = 1", {});
    EXPECT_TRUE(rows.ok());
    EXPECT_TRUE(*(*rows)->Next());
    return (*rows)->String(0);
  }
  int64_t Generation() { return *store::CurrentGeneration(*conn_, kOrg); }
  std::string MemberStatus(int64_t contact_id) {
    auto rows = conn_->Query("SELECT status FROM pool_items WHERE contact_id = ?", {contact_id});
    EXPECT_TRUE(rows.ok());
    EXPECT_TRUE(*(*rows)->Next());
    return (*rows)->String(0);
  }
  DialerService Dialer() { return DialerService(*conn_, clock_, ids_); }

  ::sb::testing::TestStore store_;
  std::unique_ptr<db::Database> db_;
  db::ConnectionLease conn_;
  FakeClock clock_{kNow};
  SequentialIdGenerator ids_;
  std::string pool_uuid_;
};

TEST_P(DialerServiceTest, AClaimBumpsOnceAndAnEmptyOneNotAtAll) {
  const int64_t before = Generation();
  auto claimed = Dialer().Claim(kOrg, ::sb::testing::kSeedCampaignUuid, {"w1", 120, 5});
  ASSERT_TRUE(claimed.ok()) << claimed.error().details();
  ASSERT_EQ(claimed->size(), 1u);  // one line
  EXPECT_EQ(Generation(), before + 1);
  auto none = Dialer().Claim(kOrg, ::sb::testing::kSeedCampaignUuid, {"w2", 120, 5});
  ASSERT_TRUE(none.ok()) << none.error().details();
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(Generation(), before + 1);
}

TEST_P(DialerServiceTest, AReportedOutcomeMovesTheMemberOnceAndARefusedOneNothing) {
  auto claimed = Dialer().Claim(kOrg, ::sb::testing::kSeedCampaignUuid, {"w1", 120, 1});
  ASSERT_TRUE(claimed.ok() && claimed->size() == 1u);
  const store::ClaimedMember& m = claimed->front();
  const int64_t before = Generation();
  store::MemberEvent done;
  done.event.type = domain::DialerEventType::kCompleted;
  done.event.worker_id = "w2";  // not the worker holding it
  auto refused = Dialer().ReportEvent(kOrg, m.pool_uuid, m.contact_uuid, done);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(Generation(), before);
  done.event.worker_id = "w1";
  auto applied = Dialer().ReportEvent(kOrg, m.pool_uuid, m.contact_uuid, done);
  ASSERT_TRUE(applied.ok()) << applied.error().details();
  EXPECT_EQ(applied->state.status, "Completed");
  EXPECT_EQ(Generation(), before + 1);
}

TEST_P(DialerServiceTest, InTheGroupCommitEachClaimIsItsOwnUnitOfWork) {
  db::CommitGroup group(*db_);
  const int64_t before = Generation();
  auto claim = [&](const std::string& worker, bool& got) {
    return [&, worker](db::Connection& c) -> Status {
      auto claimed = DialerService(c, clock_, ids_)
                         .Claim(kOrg, ::sb::testing::kSeedCampaignUuid, {worker, 120, 1});
      if (!claimed.ok()) return claimed.error();
      got = !claimed->empty();
      return OkStatus();
    };
  };
  bool first = false;
  bool second = false;
  conn_.reset();  // the pool may hold one connection
  ASSERT_TRUE(group.Run(claim("w1", first)).ok());
  ASSERT_TRUE(group.Run(claim("w2", second)).ok());
  conn_ = std::move(db_->Acquire()).value();
  EXPECT_TRUE(first);
  EXPECT_FALSE(second);  // one line
  EXPECT_EQ(Generation(), before + 1);
}

TEST_P(DialerServiceTest, AddingMembersIsAllOrNothingAndAddingNoneLeavesTheGeneration) {
  PoolMemberService members(*conn_, clock_, ids_);
  const int64_t before = Generation();
  const std::string known = "00000000-0000-7000-8000-000000000001";  // already a member
  auto unknown = members.Add(kOrg, pool_uuid_, {known, "00000000-0000-7000-8000-0000000009ff"}, 0);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field(), "contact_uuids");
  auto again = members.Add(kOrg, pool_uuid_, {known}, 0);
  ASSERT_TRUE(again.ok()) << again.error().details();
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->skipped, 1);
  EXPECT_EQ(Generation(), before);
  ASSERT_TRUE(members.Remove(kOrg, pool_uuid_, known).ok());
  EXPECT_EQ(Generation(), before + 1);
  auto back = members.Add(kOrg, pool_uuid_, {known}, 0);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->added, 1);
  EXPECT_EQ(MemberStatus(1), "Pending");
  EXPECT_EQ(Generation(), before + 2);
}

TEST_P(DialerServiceTest, ACampaignTransitionTheLifecycleRefusesChangesNothing) {
  CampaignService campaigns(*conn_, clock_, ids_);
  const int64_t before = Generation();
  store::CampaignFields archive;
  archive.status = "Archived";
  ASSERT_TRUE(campaigns.Update(kOrg, ::sb::testing::kSeedCampaignUuid, archive).ok());
  EXPECT_EQ(Generation(), before + 1);
  store::CampaignFields reopen;
  reopen.status = "Active";
  reopen.name = "Reopened";
  auto refused = campaigns.Update(kOrg, ::sb::testing::kSeedCampaignUuid, reopen);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(refused.error().field(), "status");
  EXPECT_EQ(Generation(), before + 1);
  EXPECT_EQ(*conn_->QueryInt("SELECT COUNT(*) FROM campaigns WHERE name = 'Reopened'", {}), 0);
}

SB_INSTANTIATE_ENGINES(DialerServiceTest);

}  // namespace
}  // namespace sb::services
