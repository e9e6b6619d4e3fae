#include "store/repositories/pool_item_repository.hpp"

#include <gtest/gtest.h>

#include "store/repositories/pool_repository.hpp"
#include "store/repositories/pool_test_fixture.hpp"
#include "support/engine_test.hpp"

namespace sb::store {
namespace {

using V = std::vector<std::string>;

class PoolItemRepositoryTest : public PoolStoreTest {
 protected:
  void SetUp() override {
    PoolStoreTest::SetUp();
    PoolFields f;
    f.name = "Leads";
    auto pool = PoolRepository(*conn_, clock_, ids_).Create(org_, f);
    ASSERT_TRUE(pool.ok());
    pool_ = *pool;
  }
  PoolItemRepository Repo() { return PoolItemRepository(*conn_, clock_, ids_); }

  V Names(const PoolMemberFilter& filter, domain::PageRequest page = {1, 25}) {
    auto list = Repo().List(org_, pool_.id, filter, page);
    EXPECT_TRUE(list.ok());
    V out;
    if (list.ok()) {
      for (const auto& m : *list) out.push_back(m.name);
    }
    return out;
  }

  domain::Pool pool_;
};

SB_INSTANTIATE_ENGINES(PoolItemRepositoryTest);

TEST_P(PoolItemRepositoryTest, AddIsAllOrNothingAndSkipsMembers) {
  auto ann = AddContact(org_, "Ann");
  auto bob = AddContact(org_, "Bob");
  auto foreign = AddContact(other_org_, "Eve");
  auto repo = Repo();

  auto missing = repo.Add(org_, pool_.uuid, {ann.uuid, foreign.uuid, "unknown"}, 0);
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->not_found, (V{foreign.uuid, "unknown"}));
  EXPECT_EQ(missing->added, 0);
  EXPECT_EQ(*repo.Count(org_, pool_.id, {}), 0);

  auto first = repo.Add(org_, pool_.uuid, {ann.uuid}, 5);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->added, 1);
  auto second = repo.Add(org_, pool_.uuid, {bob.uuid, ann.uuid, bob.uuid}, 0);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->added, 1);
  EXPECT_EQ(second->skipped, 2);
  EXPECT_TRUE(second->not_found.empty());
  EXPECT_EQ(Names({}), (V{"Ann", "Bob"}));

  auto member = repo.Get(org_, pool_.uuid, ann.uuid);
  ASSERT_TRUE(member.ok());
  EXPECT_EQ(member->pool_uuid, pool_.uuid);
  EXPECT_EQ(member->status, "Pending");
  EXPECT_EQ(member->priority, 5);
  EXPECT_EQ(member->added_at, kNow);

  EXPECT_EQ(repo.Add(org_, "nope", {ann.uuid}, 0).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(repo.Add(other_org_, pool_.uuid, {foreign.uuid}, 0).error().code(),
            ErrorCode::kNotFound);
}

TEST_P(PoolItemRepositoryTest, AddManyInOneRequest) {
  V uuids;
  for (int i = 0; i < 120; ++i) uuids.push_back(AddContact(org_, "C" + std::to_string(i)).uuid);
  auto added = Repo().Add(org_, pool_.uuid, uuids, 0);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->added, 120);
  EXPECT_EQ(*Repo().Count(org_, pool_.id, {}), 120);
}

TEST_P(PoolItemRepositoryTest, SearchAndStatusFilters) {
  const struct {
    const char* name;
    const char* surname;
    const char* email;
    const char* phone;
    const char* status;
  } contacts[] = {
      {"Anna", "Schmidt", "anna@example.com", "+14155550101", "Pending"},
      {"Bob", "Jones", "bob@work.example", "+14155550102", "Completed"},
      {"Carla", nullptr, nullptr, "+442071234567", "Pending"},
      {"Dan", "O\"Brien", "dan_x@example.com", nullptr, "Failed"},
  };
  for (const auto& c : contacts) {
    auto opt = [](const char* s) { return s ? std::optional<std::string>(s) : std::nullopt; };
    auto added = AddContact(org_, c.name, opt(c.surname), opt(c.email), opt(c.phone));
    AddMember(org_, pool_.id, added.id, c.status);
  }
  AddContact(org_, "Annabel");  // not a member
  const struct {
    std::optional<std::string> search;
    std::optional<std::string> status;
    V expected;
  } cases[] = {
      {std::nullopt, std::nullopt, {"Anna", "Bob", "Carla", "Dan"}},
      {std::nullopt, "Pending", {"Anna", "Carla"}},
      {std::nullopt, "Skipped", {}},
      {"ANN", std::nullopt, {"Anna"}},                 // trigram, case-insensitive
      {"schmi", std::nullopt, {"Anna"}},               // surname
      {"example.com", std::nullopt, {"Anna", "Dan"}},  // email
      {"5550102", std::nullopt, {"Bob"}},              // phone
      {"o\"b", std::nullopt, {"Dan"}},                 // quote inside the FTS string
      {"an", std::nullopt, {"Anna", "Dan"}},           // short: LIKE
      {"_", std::nullopt, {"Dan"}},                    // LIKE wildcard taken literally
      {"44", std::nullopt, {"Carla"}},
      {"example", "Failed", {"Dan"}},
      {"zzz", std::nullopt, {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.search.value_or("-") + " / " + c.status.value_or("-"));
    PoolMemberFilter filter{c.search, c.status};
    EXPECT_EQ(Names(filter), c.expected);
    EXPECT_EQ(*Repo().Count(org_, pool_.id, filter), static_cast<int64_t>(c.expected.size()));
  }
  EXPECT_EQ(Names({}, {2, 3}), (V{"Dan"}));
  EXPECT_EQ(Names({}, {3, 3}), V{});
}

TEST_P(PoolItemRepositoryTest, UpdateAppliesManualMoves) {
  auto ann = AddContact(org_, "Ann");
  AddMember(org_, pool_.id, ann.id, "Failed");
  ASSERT_TRUE(conn_
                  ->Exec("UPDATE pool_items SET failed_at = ?, started_at = ?, attempt_count = 3",
                         {kNow - 10, kNow - 20})
                  .ok());
  auto repo = Repo();
  clock_.Advance(5);

  MemberChange schedule;
  schedule.move = domain::ManualMove{"Scheduled", kNow + 3600, std::nullopt};
  schedule.priority = -4;
  auto scheduled = repo.Update(org_, pool_.uuid, ann.uuid, schedule);
  ASSERT_TRUE(scheduled.ok()) << scheduled.error().details();
  EXPECT_EQ(scheduled->member.status, "Scheduled");
  EXPECT_EQ(scheduled->member.next_retry_at, kNow + 3600);
  EXPECT_EQ(scheduled->member.failed_at, kNow - 10);
  EXPECT_EQ(scheduled->member.priority, -4);
  EXPECT_EQ(scheduled->member.notes, "n");
  EXPECT_EQ(scheduled->state.status, "Scheduled");

  MemberChange reset;
  reset.move = domain::ManualMove{"Pending", std::nullopt, std::nullopt};
  reset.notes = std::optional<std::string>();  // clear
  auto pending = repo.Update(org_, pool_.uuid, ann.uuid, reset);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->member.status, "Pending");
  EXPECT_EQ(pending->member.retry_count, 0);
  EXPECT_EQ(pending->member.next_retry_at, std::nullopt);
  EXPECT_EQ(pending->member.failed_at, std::nullopt);
  EXPECT_EQ(pending->member.started_at, std::nullopt);
  EXPECT_EQ(pending->member.notes, std::nullopt);
  EXPECT_EQ(pending->member.priority, -4);
  EXPECT_EQ(pending->previous_status, "Scheduled");

  MemberChange skip;
  skip.move = domain::ManualMove{"Skipped", std::nullopt, "wrong number"};
  ASSERT_TRUE(repo.Update(org_, pool_.uuid, ann.uuid, skip).ok());
  auto reason = conn_->Query("SELECT skip_reason FROM pool_items", {});
  ASSERT_TRUE(reason.ok() && *(*reason)->Next());
  EXPECT_EQ((*reason)->String(0), "wrong number");
}

TEST_P(PoolItemRepositoryTest, UpdateRefusesAHeldMember) {
  auto ann = AddContact(org_, "Ann");
  AddMember(org_, pool_.id, ann.id, "In_Call");
  MemberChange change;
  change.priority = 9;
  change.move = domain::ManualMove{"Pending", std::nullopt, std::nullopt};
  auto res = Repo().Update(org_, pool_.uuid, ann.uuid, change);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code(), ErrorCode::kConflict);
  auto member = Repo().Get(org_, pool_.uuid, ann.uuid);
  EXPECT_EQ(member->status, "In_Call");
  EXPECT_EQ(member->priority, 7);  // nothing written
}

TEST_P(PoolItemRepositoryTest, NotFoundCases) {
  auto ann = AddContact(org_, "Ann");
  auto bob = AddContact(org_, "Bob");
  AddMember(org_, pool_.id, ann.id, "Pending");
  auto repo = Repo();
  MemberChange change;
  EXPECT_EQ(repo.Get(org_, pool_.uuid, bob.uuid).error().message(), "Pool member not found");
  EXPECT_EQ(repo.Update(org_, pool_.uuid, bob.uuid, change).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(repo.Remove(org_, pool_.uuid, bob.uuid).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(repo.Get(other_org_, pool_.uuid, ann.uuid).error().message(), "Pool not found");
  EXPECT_EQ(repo.Remove(other_org_, pool_.uuid, ann.uuid).error().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(repo.Remove(org_, pool_.uuid, ann.uuid).ok());
  EXPECT_EQ(*repo.Count(org_, pool_.id, {}), 0);
}

}  // namespace
}  // namespace sb::store
