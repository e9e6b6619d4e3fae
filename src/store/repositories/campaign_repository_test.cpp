#include "store/repositories/campaign_repository.hpp"

#include <gtest/gtest.h>

#include "store/repositories/pool_repository.hpp"
#include "store/repositories/pool_test_fixture.hpp"
#include "support/engine_test.hpp"

namespace sb::store {
namespace {

using V = std::vector<std::string>;

class CampaignRepositoryTest : public PoolStoreTest {
 protected:
  CampaignRepository Repo() { return CampaignRepository(*conn_, clock_, ids_); }

  domain::Pool MakePool(int64_t org, const std::string& name) {
    PoolFields f;
    f.name = name;
    auto pool = PoolRepository(*conn_, clock_, ids_).Create(org, f);
    EXPECT_TRUE(pool.ok());
    return pool.ok() ? *pool : domain::Pool{};
  }

  std::string MakeAgent(int64_t org, const std::string& name) {
    std::string uuid = ids_.NewUuid();
    EXPECT_TRUE(conn_
                    ->Exec("INSERT INTO agents (organization_id, uuid, name, created_at,"
                           " updated_at) VALUES (?, ?, ?, ?, ?)",
                           {org, uuid, name, kNow, kNow})
                    .ok());
    return uuid;
  }

  domain::Campaign MakeCampaign(const std::string& name, const std::string& status = "Draft") {
    CampaignFields f;
    f.name = name;
    f.status = status;
    auto c = Repo().Create(org_, f);
    EXPECT_TRUE(c.ok());
    return c.ok() ? *c : domain::Campaign{};
  }
};

SB_INSTANTIATE_ENGINES(CampaignRepositoryTest);

TEST_P(CampaignRepositoryTest, CreateWithDefaultsAndAgent) {
  CampaignFields f;
  f.name = "Spring";
  auto plain = Repo().Create(org_, f);
  ASSERT_TRUE(plain.ok()) << plain.error().details();
  EXPECT_EQ(plain->status, "Draft");
  EXPECT_EQ(plain->agent_uuid, std::nullopt);
  EXPECT_TRUE(plain->pools.empty());
  EXPECT_EQ(plain->created_at, kNow);

  std::string agent = MakeAgent(org_, "Ava");
  f.agent_uuid = std::optional<std::string>(agent);
  auto with_agent = Repo().Create(org_, f);
  ASSERT_TRUE(with_agent.ok());
  EXPECT_EQ(with_agent->agent_uuid, agent);

  f.agent_uuid = std::optional<std::string>(MakeAgent(other_org_, "Theirs"));
  auto foreign = Repo().Create(org_, f);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code(), ErrorCode::kValidation);
  EXPECT_EQ(foreign.error().field(), "agent_uuid");
  EXPECT_EQ(*Repo().Count(org_, {}), 2);  // nothing written
}

TEST_P(CampaignRepositoryTest, UpdateKeepsAbsentFieldsAndClearsAgent) {
  std::string agent = MakeAgent(org_, "Ava");
  CampaignFields f;
  f.name = "Spring";
  f.agent_uuid = std::optional<std::string>(agent);
  auto c = Repo().Create(org_, f);
  ASSERT_TRUE(c.ok());
  clock_.Advance(30);
  CampaignFields change;
  change.status = "Active";
  auto active = Repo().Update(org_, c->uuid, change);
  ASSERT_TRUE(active.ok());
  EXPECT_EQ(active->name, "Spring");
  EXPECT_EQ(active->status, "Active");
  EXPECT_EQ(active->agent_uuid, agent);
  EXPECT_EQ(active->updated_at, kNow + 30);
  CampaignFields clear;
  clear.agent_uuid = std::optional<std::string>();
  EXPECT_EQ(Repo().Update(org_, c->uuid, clear)->agent_uuid, std::nullopt);
  EXPECT_EQ(Repo().Update(other_org_, c->uuid, change).error().code(), ErrorCode::kNotFound);
}

TEST_P(CampaignRepositoryTest, ListFiltersNewestFirst) {
  MakeCampaign("A", "Draft");
  MakeCampaign("B", "Active");
  MakeCampaign("C", "Active");
  auto names = [&](const CampaignFilter& filter, domain::PageRequest page = {1, 15}) {
    auto list = Repo().List(org_, filter, page);
    EXPECT_TRUE(list.ok());
    V out;
    if (list.ok()) {
      for (const auto& c : *list) out.push_back(c.name);
    }
    return out;
  };
  EXPECT_EQ(names({}), (V{"C", "B", "A"}));
  EXPECT_EQ(names({"Active"}), (V{"C", "B"}));
  EXPECT_EQ(names({"Archived"}), V{});
  EXPECT_EQ(names({}, {2, 2}), (V{"A"}));
  EXPECT_EQ(*Repo().Count(org_, {"Active"}), 2);
  EXPECT_EQ(*Repo().Count(other_org_, {}), 0);
}

TEST_P(CampaignRepositoryTest, AttachDetachAndDistinctContacts) {
  auto campaign = MakeCampaign("Spring");
  auto p1 = MakePool(org_, "One");
  auto p2 = MakePool(org_, "Two");
  auto theirs = MakePool(other_org_, "Theirs");
  auto ann = AddContact(org_, "Ann");
  auto bob = AddContact(org_, "Bob");
  AddMember(org_, p1.id, ann.id, "Pending");
  AddMember(org_, p2.id, ann.id, "Pending");
  AddMember(org_, p2.id, bob.id, "Completed");

  auto first = Repo().AttachPools(org_, campaign.uuid, {p2.uuid, theirs.uuid, p2.uuid});
  ASSERT_TRUE(first.ok()) << first.error().details();
  EXPECT_EQ(first->attached, 1);
  EXPECT_EQ(first->already_attached, 1);
  EXPECT_EQ(first->not_found, (V{theirs.uuid}));
  clock_.Advance(10);
  auto second = Repo().AttachPools(org_, campaign.uuid, {p1.uuid, p2.uuid});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->attached, 1);
  EXPECT_EQ(second->already_attached, 1);

  auto got = Repo().Get(org_, campaign.uuid);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->pools.size(), 2u);
  EXPECT_EQ(got->pools[0].name, "Two");  // attached first
  EXPECT_EQ(got->pools[1].name, "One");
  EXPECT_EQ(got->contacts_count, 2);

  ASSERT_TRUE(Repo().DetachPool(org_, campaign.uuid, p2.uuid).ok());
  EXPECT_EQ(Repo().DetachPool(org_, campaign.uuid, p2.uuid).error().message(),
            "Campaign pool not found");
  EXPECT_EQ(Repo().Get(org_, campaign.uuid)->contacts_count, 1);
  EXPECT_EQ(Repo().AttachPools(other_org_, campaign.uuid, {theirs.uuid}).error().code(),
            ErrorCode::kNotFound);

  // Deleting a pool detaches it; deleting the campaign keeps its pools.
  ASSERT_TRUE(PoolRepository(*conn_, clock_, ids_).Delete(org_, p1.uuid).ok());
  EXPECT_TRUE(Repo().Get(org_, campaign.uuid)->pools.empty());
  ASSERT_TRUE(Repo().AttachPools(org_, campaign.uuid, {p2.uuid}).ok());
  ASSERT_TRUE(Repo().Delete(org_, campaign.uuid).ok());
  EXPECT_TRUE(PoolRepository(*conn_, clock_, ids_).Get(org_, p2.uuid).ok());
  EXPECT_EQ(*conn_->QueryInt("SELECT COUNT(*) FROM campaign_pools", {}).value(), 0);
  EXPECT_EQ(Repo().Delete(org_, campaign.uuid).error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace sb::store
