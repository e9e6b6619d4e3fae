#include "store/repositories/user_repository.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "services/user_service.hpp"
#include "store/repositories/contact_repository.hpp"
#include "store/repositories/store_test_fixture.hpp"
#include "store/repositories/store_util.hpp"
#include "store/repositories/token_repository.hpp"

namespace sb::store {
namespace {

class UserRepositoryTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    repo_ = std::make_unique<UserRepository>(*conn_, clock_, ids_);
  }
  void TearDown() override {
    repo_.reset();
    StoreTest::TearDown();
  }

  static domain::User Person(const std::string& name, const std::string& email,
                             const std::string& role = "member") {
    domain::User u;
    u.name = name;
    u.email = email;
    u.role = role;
    return u;
  }

  domain::User MustCreate(int64_t org, const domain::User& u) {
    auto created = repo_->Create(org, u);
    EXPECT_TRUE(created.ok()) << created.error().message();
    return created.ok() ? *created : domain::User{};
  }

  std::vector<std::string> Emails(int64_t org, domain::PageRequest page = {1, 100}) {
    auto list = repo_->List(org, page);
    EXPECT_TRUE(list.ok());
    std::vector<std::string> out;
    if (!list.ok()) return out;
    for (const auto& u : *list) out.push_back(u.email);
    return out;
  }

  std::unique_ptr<UserRepository> repo_;
};

using Strings = std::vector<std::string>;

SB_INSTANTIATE_ENGINES(UserRepositoryTest);

TEST_P(UserRepositoryTest, CreateAssignsUuidAndTimestampsAndGetReturnsIt) {
  domain::User in = Person("Ann", "Ann@Acme.test", "admin");
  in.uuid = "ignored";
  in.created_at = 5;
  domain::User u = MustCreate(org_, in);
  EXPECT_EQ(u.uuid.size(), 36u);
  EXPECT_GT(u.id, 0);
  EXPECT_EQ(u.name, "Ann");
  EXPECT_EQ(u.email, "Ann@Acme.test");  // kept as given
  EXPECT_EQ(u.role, "admin");
  EXPECT_EQ(u.created_at, kNow);
  EXPECT_EQ(u.updated_at, kNow);
  auto got = repo_->Get(org_, u.uuid);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->email, "Ann@Acme.test");
  EXPECT_EQ(got->role, "admin");
}

TEST_P(UserRepositoryTest, EmailIsUniquePerOrganizationInAnyCase) {
  MustCreate(org_, Person("Ann", "ann@acme.test"));
  auto dup = repo_->Create(org_, Person("Other Ann", "ANN@ACME.TEST"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field(), "email");
  // Another organization may use the same address.
  MustCreate(other_org_, Person("Ann", "ann@acme.test"));
  EXPECT_EQ(Emails(org_), Strings{"ann@acme.test"});
  EXPECT_EQ(Emails(other_org_), Strings{"ann@acme.test"});
}

TEST_P(UserRepositoryTest, ListPagesByEmailAndCounts) {
  for (const char* e : {"d@acme.test", "b@acme.test", "a@acme.test", "c@acme.test"}) {
    MustCreate(org_, Person("U", e));
  }
  MustCreate(other_org_, Person("G", "g@globex.test"));
  EXPECT_EQ(Emails(org_), (Strings{"a@acme.test", "b@acme.test", "c@acme.test", "d@acme.test"}));
  EXPECT_EQ(Emails(org_, {2, 3}), Strings{"d@acme.test"});
  EXPECT_EQ(Emails(org_, {3, 3}), Strings{});
  EXPECT_EQ(*repo_->Count(org_), 4);
  EXPECT_EQ(*repo_->Count(other_org_), 1);
}

TEST_P(UserRepositoryTest, UpdateWritesNameEmailRoleAndTimestamp) {
  domain::User u = MustCreate(org_, Person("Ann", "ann@acme.test"));
  MustCreate(org_, Person("Bob", "bob@acme.test"));
  clock_.Advance(60);
  u.name = "Annie";
  u.email = "annie@acme.test";
  u.role = "admin";
  auto saved = repo_->Update(org_, u);
  ASSERT_TRUE(saved.ok()) << saved.error().message();
  EXPECT_EQ(saved->name, "Annie");
  EXPECT_EQ(saved->email, "annie@acme.test");
  EXPECT_EQ(saved->role, "admin");
  EXPECT_EQ(saved->created_at, kNow);
  EXPECT_EQ(saved->updated_at, kNow + 60);

  // Changing only the case of one's own email is no conflict.
  u.email = "ANNIE@acme.test";
  EXPECT_TRUE(repo_->Update(org_, u).ok());
  u.email = "Bob@Acme.Test";
  auto taken = repo_->Update(org_, u);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(taken.error().field(), "email");
}

TEST_P(UserRepositoryTest, AnotherOrganizationsUserIsNotFound) {
  domain::User u = MustCreate(org_, Person("Ann", "ann@acme.test"));
  EXPECT_EQ(repo_->Get(other_org_, u.uuid).error().code(), ErrorCode::kNotFound);
  domain::User changed = u;
  changed.name = "Mallory";
  EXPECT_EQ(repo_->Update(other_org_, changed).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(repo_->Delete(other_org_, u.uuid).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(repo_->Get(org_, u.uuid)->name, "Ann");
}

TEST_P(UserRepositoryTest, TheLastOwnerCanBeNeitherDemotedNorDeleted) {
  domain::User owner = MustCreate(org_, Person("Olga", "olga@acme.test", "owner"));
  domain::User member = MustCreate(org_, Person("Max", "max@acme.test"));

  domain::User demoted = owner;
  demoted.role = "admin";
  auto demote = repo_->Update(org_, demoted);
  ASSERT_FALSE(demote.ok());
  EXPECT_EQ(demote.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(demote.error().field(), "role");
  auto del = repo_->Delete(org_, owner.uuid);
  ASSERT_FALSE(del.ok());
  EXPECT_EQ(del.error().code(), ErrorCode::kConflict);
  // Renaming the last owner is fine.
  domain::User renamed = owner;
  renamed.name = "Olga K";
  EXPECT_TRUE(repo_->Update(org_, renamed).ok());

  // With a second owner, the first may go.
  member.role = "owner";
  ASSERT_TRUE(repo_->Update(org_, member).ok());
  ASSERT_TRUE(repo_->Update(org_, demoted).ok());
  EXPECT_EQ(repo_->Get(org_, owner.uuid)->role, "admin");
  EXPECT_TRUE(repo_->Delete(org_, owner.uuid).ok());
  EXPECT_EQ(repo_->Get(org_, owner.uuid).error().code(), ErrorCode::kNotFound);
  // Members are deleted freely; an owner of another organization does not count.
  domain::User extra = MustCreate(org_, Person("Eve", "eve@acme.test"));
  MustCreate(other_org_, Person("Gus", "gus@globex.test", "owner"));
  EXPECT_TRUE(repo_->Delete(org_, extra.uuid).ok());
  EXPECT_EQ(repo_->Delete(org_, member.uuid).error().code(), ErrorCode::kConflict);
}

TEST_P(UserRepositoryTest, DeleteReleasesContactsAndRevokesTokens) {
  MustCreate(org_, Person("Olga", "olga@acme.test", "owner"));
  TokenRepository tokens(*conn_, clock_, ids_);
  auto token = tokens.Create("Acme", "max@acme.test", "t", std::nullopt);
  ASSERT_TRUE(token.ok());
  auto list = repo_->List(org_, {1, 10});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  const domain::User& m = list->at(0);  // max@ sorts before olga@
  ASSERT_EQ(m.email, "max@acme.test");

  ContactRepository contacts(*conn_, clock_, ids_);
  domain::Contact c;
  c.name = "Ada";
  c.phone_number = "+14155552671";
  c.owner_uuid = m.uuid;
  c.assignee_uuids = {m.uuid};
  auto created = contacts.Create(org_, m.id, c, {});
  ASSERT_TRUE(created.ok()) << created.error().message();
  EXPECT_EQ(created->owner_uuid, m.uuid);
  EXPECT_EQ(created->created_by_uuid, m.uuid);
  EXPECT_EQ(created->assignee_uuids, Strings{m.uuid});
  ASSERT_TRUE(tokens.Authenticate(token->token).ok());

  auto before = CurrentGeneration(*conn_, org_);
  ASSERT_TRUE(InUnitOfWork([&] { return repo_->Delete(org_, m.uuid); }).ok());
  EXPECT_GT(*CurrentGeneration(*conn_, org_), *before);
  auto after = contacts.Get(org_, created->uuid);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->owner_uuid, std::nullopt);
  EXPECT_EQ(after->created_by_uuid, std::nullopt);
  EXPECT_EQ(after->assignee_uuids, Strings{});
  auto auth = tokens.Authenticate(token->token);
  ASSERT_FALSE(auth.ok());
  EXPECT_EQ(auth.error().code(), ErrorCode::kInvalidAuth);
}

TEST_P(UserRepositoryTest, EnsureUserFindsInAnyCaseAndMakesTheFirstUserTheOwner) {
  auto first = repo_->EnsureUser(org_, "Boss@Acme.test");
  ASSERT_TRUE(first.ok());
  auto again = repo_->EnsureUser(org_, "boss@acme.TEST");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*first, *again);
  auto second = repo_->EnsureUser(org_, "staff@acme.test");
  ASSERT_TRUE(second.ok());
  auto list = repo_->List(org_, {1, 10});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(list->at(0).email, "Boss@Acme.test");
  EXPECT_EQ(list->at(0).name, "Boss");
  EXPECT_EQ(list->at(0).role, "owner");
  EXPECT_EQ(list->at(1).name, "staff");
  EXPECT_EQ(list->at(1).role, "member");

  auto bad = repo_->EnsureUser(org_, "not-an-email");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field(), "email");
}

TEST_P(UserRepositoryTest, WritesBumpTheGeneration) {
  auto gen = [&] { return *CurrentGeneration(*conn_, org_); };
  int64_t g0 = gen();
  auto created =
      InUnitOfWork([&] { return repo_->Create(org_, Person("Ann", "ann@acme.test", "owner")); });
  ASSERT_TRUE(created.ok());
  domain::User u = *created;
  int64_t g1 = gen();
  EXPECT_GT(g1, g0);
  u.name = "Annie";
  ASSERT_TRUE(InUnitOfWork([&] { return repo_->Update(org_, u); }).ok());
  int64_t g2 = gen();
  EXPECT_GT(g2, g1);
  ASSERT_TRUE(services::EnsureUser(*conn_, org_, "new@acme.test", clock_, ids_).ok());
  int64_t g3 = gen();
  EXPECT_GT(g3, g2);
  ASSERT_TRUE(services::EnsureUser(*conn_, org_, "new@acme.test", clock_, ids_).ok());
  EXPECT_EQ(gen(), g3);  // finding is no write
}

}  // namespace
}  // namespace sb::store
