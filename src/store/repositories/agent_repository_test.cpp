#include "store/repositories/agent_repository.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "store/repositories/store_test_fixture.hpp"
#include "store/repositories/token_repository.hpp"

namespace sb::store {
namespace {

class AgentRepositoryTest : public StoreTest {
 protected:
  // A phone number row, written directly (the phone-number repository has its own tests).
  std::string AddNumber(int64_t org, const std::string& number) {
    std::string uuid = ids_.NewUuid();
    EXPECT_TRUE(
        conn_
            ->Exec("INSERT INTO phone_numbers (organization_id, uuid, number, country_code,"
                   " type, purchased_at, created_at, updated_at)"
                   " VALUES (?, ?, ?, 'US', 'local', ?, ?, ?)",
                   {org, uuid, number, db::Timestamp{0}, db::Timestamp{0}, db::Timestamp{0}})
            .ok());
    return uuid;
  }

  static std::vector<std::string> Bindings(const domain::Agent& a) {
    std::vector<std::string> out;
    for (const auto& b : a.bindings) out.push_back(b.channel + ":" + b.number);
    return out;
  }
};

SB_INSTANTIATE_ENGINES(AgentRepositoryTest);

TEST_P(AgentRepositoryTest, CreateRenameDelete) {
  AgentRepository repo(*conn_, clock_, ids_);
  auto a = repo.Create(org_, "Ava");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->name, "Ava");
  EXPECT_TRUE(a->bindings.empty());
  clock_.Advance(10);
  auto renamed = repo.Rename(org_, a->uuid, "Bea");
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ(renamed->name, "Bea");
  EXPECT_EQ(renamed->created_at, 1709294400);
  EXPECT_EQ(renamed->updated_at, 1709294410);
  ASSERT_TRUE(repo.Delete(org_, a->uuid).ok());
  EXPECT_EQ(repo.Get(org_, a->uuid).error().code(), ErrorCode::kNotFound);
}

TEST_P(AgentRepositoryTest, ListPagesByNameAndCounts) {
  AgentRepository repo(*conn_, clock_, ids_);
  for (const char* n : {"Cy", "Ava", "Bo"}) ASSERT_TRUE(repo.Create(org_, n).ok());
  ASSERT_TRUE(repo.Create(other_org_, "Zed").ok());
  EXPECT_EQ(*repo.Count(org_), 3);
  auto first = repo.List(org_, {1, 2});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].name, "Ava");
  EXPECT_EQ((*first)[1].name, "Bo");
  auto second = repo.List(org_, {2, 2});
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].name, "Cy");
}

TEST_P(AgentRepositoryTest, BindReplacesThePreviousAgentOnThatChannelOnly) {
  AgentRepository repo(*conn_, clock_, ids_);
  auto ava = *repo.Create(org_, "Ava");
  auto bo = *repo.Create(org_, "Bo");
  std::string n1 = AddNumber(org_, "+14155552671");
  std::string n2 = AddNumber(org_, "+12125551234");
  ASSERT_TRUE(repo.Bind(org_, ava.uuid, "call", n1).ok());
  ASSERT_TRUE(repo.Bind(org_, ava.uuid, "sms", n1).ok());
  auto both = repo.Bind(org_, ava.uuid, "call", n2);
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(Bindings(*both), (std::vector<std::string>{"call:+12125551234", "call:+14155552671",
                                                       "sms:+14155552671"}));
  auto taken = repo.Bind(org_, bo.uuid, "call", n1);
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(Bindings(*taken), (std::vector<std::string>{"call:+14155552671"}));
  EXPECT_EQ(Bindings(*repo.Get(org_, ava.uuid)),
            (std::vector<std::string>{"call:+12125551234", "sms:+14155552671"}));
}

TEST_P(AgentRepositoryTest, BindRejectsUnknownNumbersAndAgents) {
  AgentRepository repo(*conn_, clock_, ids_);
  auto ava = *repo.Create(org_, "Ava");
  std::string foreign = AddNumber(other_org_, "+14155552671");
  auto bad = repo.Bind(org_, ava.uuid, "call", foreign);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kValidation);
  EXPECT_EQ(bad.error().field(), "phone_number_uuid");
  std::string mine = AddNumber(org_, "+12125551234");
  EXPECT_EQ(repo.Bind(other_org_, ava.uuid, "call", mine).error().code(), ErrorCode::kNotFound);
}

TEST_P(AgentRepositoryTest, UnbindOneOrAllAndNotFoundWhenNothingBound) {
  AgentRepository repo(*conn_, clock_, ids_);
  auto ava = *repo.Create(org_, "Ava");
  std::string n1 = AddNumber(org_, "+14155552671");
  std::string n2 = AddNumber(org_, "+12125551234");
  ASSERT_TRUE(repo.Bind(org_, ava.uuid, "call", n1).ok());
  ASSERT_TRUE(repo.Bind(org_, ava.uuid, "call", n2).ok());
  ASSERT_TRUE(repo.Bind(org_, ava.uuid, "whatsapp", n1).ok());

  auto one = repo.Unbind(org_, ava.uuid, "call", n1);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(Bindings(*one),
            (std::vector<std::string>{"call:+12125551234", "whatsapp:+14155552671"}));
  EXPECT_EQ(repo.Unbind(org_, ava.uuid, "call", n1).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(repo.Unbind(org_, ava.uuid, "sms", std::nullopt).error().code(), ErrorCode::kNotFound);
  auto all = repo.Unbind(org_, ava.uuid, "call", std::nullopt);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(Bindings(*all), (std::vector<std::string>{"whatsapp:+14155552671"}));
}

TEST_P(AgentRepositoryTest, DeletingAnAgentRemovesItsBindings) {
  AgentRepository repo(*conn_, clock_, ids_);
  auto ava = *repo.Create(org_, "Ava");
  std::string n1 = AddNumber(org_, "+14155552671");
  ASSERT_TRUE(repo.Bind(org_, ava.uuid, "call", n1).ok());
  ASSERT_TRUE(repo.Delete(org_, ava.uuid).ok());
  EXPECT_EQ(*conn_->QueryInt("SELECT COUNT(*) FROM phone_number_bindings", {}), 0);
  EXPECT_EQ(*conn_->QueryInt("SELECT COUNT(*) FROM phone_numbers", {}), 1);
}

}  // namespace
}  // namespace sb::store
