#include "store/repositories/pool_repository.hpp"

#include <gtest/gtest.h>

#include "store/repositories/pool_test_fixture.hpp"
#include "support/engine_test.hpp"

namespace sb::store {
namespace {

class PoolRepositoryTest : public PoolStoreTest {
 protected:
  PoolRepository Repo() { return PoolRepository(*conn_, clock_, ids_); }
};

SB_INSTANTIATE_ENGINES(PoolRepositoryTest);

TEST_P(PoolRepositoryTest, CreateAppliesDefaults) {
  PoolFields f;
  f.name = "Leads";
  f.description = "";
  auto pool = Repo().Create(org_, f);
  ASSERT_TRUE(pool.ok()) << pool.error().details();
  EXPECT_EQ(pool->name, "Leads");
  EXPECT_EQ(pool->type, "FIFO");
  EXPECT_EQ(pool->max_parallel_items, 10);
  EXPECT_EQ(pool->max_retries, 3);
  EXPECT_TRUE(pool->is_active);
  EXPECT_EQ(pool->contacts_count, 0);
  EXPECT_EQ(pool->created_at, kNow);
}

TEST_P(PoolRepositoryTest, UpdateKeepsAbsentFields) {
  PoolFields f;
  f.name = "Leads";
  f.description = "warm";
  f.type = "LIFO";
  f.max_retries = 5;
  auto pool = Repo().Create(org_, f);
  ASSERT_TRUE(pool.ok());
  clock_.Advance(60);
  PoolFields change;
  change.is_active = false;
  change.max_parallel_items = 2;
  auto updated = Repo().Update(org_, pool->uuid, change);
  ASSERT_TRUE(updated.ok()) << updated.error().details();
  EXPECT_EQ(updated->name, "Leads");
  EXPECT_EQ(updated->description, "warm");
  EXPECT_EQ(updated->type, "LIFO");
  EXPECT_EQ(updated->max_retries, 5);
  EXPECT_EQ(updated->max_parallel_items, 2);
  EXPECT_FALSE(updated->is_active);
  EXPECT_EQ(updated->updated_at, kNow + 60);
  EXPECT_EQ(updated->created_at, kNow);
}

TEST_P(PoolRepositoryTest, ListFiltersCountsAndOrdersNewestFirst) {
  auto repo = Repo();
  const struct {
    const char* name;
    const char* type;
    bool active;
  } pools[] = {{"Alpha leads", "FIFO", true},
               {"Beta", "LIFO", true},
               {"alpha_2", "Parallel", false},
               {"Gamma", "FIFO", false}};
  for (const auto& p : pools) {
    PoolFields f;
    f.name = p.name;
    f.type = p.type;
    f.is_active = p.active;
    ASSERT_TRUE(repo.Create(org_, f).ok());
  }
  auto names = [&](const PoolFilter& filter, domain::PageRequest page = {1, 15}) {
    std::vector<std::string> out;
    auto list = repo.List(org_, filter, page);
    EXPECT_TRUE(list.ok());
    for (const auto& p : *list) out.push_back(p.name);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(names({}), (V{"Gamma", "alpha_2", "Beta", "Alpha leads"}));
  EXPECT_EQ(names({"ALPHA", std::nullopt, std::nullopt}), (V{"alpha_2", "Alpha leads"}));
  EXPECT_EQ(names({"a_", std::nullopt, std::nullopt}), (V{"alpha_2"}));  // _ is literal
  EXPECT_EQ(names({std::nullopt, "FIFO", std::nullopt}), (V{"Gamma", "Alpha leads"}));
  EXPECT_EQ(names({std::nullopt, std::nullopt, false}), (V{"Gamma", "alpha_2"}));
  EXPECT_EQ(names({std::nullopt, "FIFO", true}), (V{"Alpha leads"}));
  EXPECT_EQ(names({}, {2, 3}), (V{"Alpha leads"}));
  EXPECT_EQ(*repo.Count(org_, {}), 4);
  EXPECT_EQ(*repo.Count(org_, {std::nullopt, std::nullopt, true}), 2);
  EXPECT_EQ(*repo.Count(other_org_, {}), 0);
  EXPECT_TRUE(repo.List(other_org_, {}, {1, 15})->empty());
}

TEST_P(PoolRepositoryTest, OtherOrganizationIsNotFound) {
  PoolFields f;
  f.name = "Leads";
  auto pool = Repo().Create(org_, f);
  ASSERT_TRUE(pool.ok());
  auto repo = Repo();
  EXPECT_EQ(repo.Get(other_org_, pool->uuid).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(repo.Update(other_org_, pool->uuid, f).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(repo.Delete(other_org_, pool->uuid).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(repo.Duplicate(other_org_, pool->uuid, "Copy", true).error().code(),
            ErrorCode::kNotFound);
  EXPECT_TRUE(repo.Get(org_, pool->uuid).ok());
}

TEST_P(PoolRepositoryTest, DeleteRemovesMembers) {
  PoolFields f;
  f.name = "Leads";
  auto pool = Repo().Create(org_, f);
  AddMember(org_, pool->id, AddContact(org_, "Ann").id, "Completed");
  EXPECT_EQ(Repo().Get(org_, pool->uuid)->contacts_count, 1);
  ASSERT_TRUE(Repo().Delete(org_, pool->uuid).ok());
  EXPECT_EQ(*conn_->QueryInt("SELECT COUNT(*) FROM pool_items", {}).value(), 0);
  EXPECT_EQ(Repo().Get(org_, pool->uuid).error().code(), ErrorCode::kNotFound);
}

TEST_P(PoolRepositoryTest, DuplicateCopiesSettingsAndResetsMembers) {
  PoolFields f;
  f.name = "Leads";
  f.description = "warm";
  f.type = "Parallel";
  f.max_parallel_items = 4;
  f.max_retries = 0;
  f.is_active = false;
  auto pool = Repo().Create(org_, f);
  int64_t ann = AddContact(org_, "Ann").id;
  int64_t bob = AddContact(org_, "Bob").id;
  AddMember(org_, pool->id, bob, "Failed");
  AddMember(org_, pool->id, ann, "Completed");

  auto bare = Repo().Duplicate(org_, pool->uuid, "Copy", false);
  ASSERT_TRUE(bare.ok()) << bare.error().details();
  EXPECT_EQ(bare->name, "Copy");
  EXPECT_EQ(bare->description, "warm");
  EXPECT_EQ(bare->type, "Parallel");
  EXPECT_EQ(bare->max_parallel_items, 4);
  EXPECT_EQ(bare->max_retries, 0);
  EXPECT_FALSE(bare->is_active);
  EXPECT_EQ(bare->contacts_count, 0);

  auto full = Repo().Duplicate(org_, pool->uuid, "Full copy", true);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->contacts_count, 2);
  auto rows = conn_->Query(
      "SELECT contact_id, status, retry_count, priority, notes FROM pool_items"
      " WHERE pool_id = ? ORDER BY id",
      {full->id});
  ASSERT_TRUE(rows.ok());
  for (int64_t expected : {bob, ann}) {
    ASSERT_TRUE(*(*rows)->Next());
    EXPECT_EQ((*rows)->Int(0), expected);
    EXPECT_EQ((*rows)->String(1), "Pending");
    EXPECT_EQ((*rows)->Int(2), 0);
    EXPECT_EQ((*rows)->Int(3), 7);
    EXPECT_EQ((*rows)->String(4), "n");
  }
  EXPECT_FALSE(*(*rows)->Next());
}

}  // namespace
}  // namespace sb::store
