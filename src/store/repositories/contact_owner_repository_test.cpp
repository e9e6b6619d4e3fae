// ContactRepository and the contact filter on ownership and origin: owner,
// creator, assignees, source name, lead source and category.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "store/repositories/contact_repository.hpp"
#include "store/repositories/store_test_fixture.hpp"
#include "store/repositories/store_util.hpp"
#include "store/repositories/token_repository.hpp"
#include "store/repositories/user_repository.hpp"

namespace sb::store {
namespace {

using Strings = std::vector<std::string>;

class ContactOwnerRepositoryTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    ann_ = MustUser(org_, "ann@acme.test");
    bob_ = MustUser(org_, "bob@acme.test");
    cy_ = MustUser(org_, "cy@acme.test");
    gus_ = MustUser(other_org_, "gus@globex.test");
    repo_ = std::make_unique<ContactRepository>(*conn_, clock_, ids_);
  }
  void TearDown() override {
    repo_.reset();
    StoreTest::TearDown();
  }

  domain::User MustUser(int64_t org, const std::string& email) {
    UserRepository users(*conn_, clock_, ids_);
    auto id = users.EnsureUser(org, email);
    EXPECT_TRUE(id.ok());
    auto list = users.List(org, {1, 100});
    EXPECT_TRUE(list.ok());
    for (const auto& u : *list) {
      if (u.id == *id) return u;
    }
    ADD_FAILURE() << "no user " << email;
    return {};
  }

  // A contact named `name` with a number of its own.
  domain::Contact Person(const std::string& name) {
    domain::Contact c;
    c.name = name;
    c.phone_number = "+1415555" + std::to_string(1000 + next_number_++);
    return c;
  }

  domain::Contact MustCreate(const domain::Contact& c, const domain::User& creator) {
    // In a unit of work, as the API writes: the lists below cache their totals.
    auto created = InUnitOfWork([&] { return repo_->Create(org_, creator.id, c, {}); });
    EXPECT_TRUE(created.ok()) << created.error().message() << " " << created.error().details();
    return created.ok() ? *created : domain::Contact{};
  }

  // The sorted names matching `filter` in the organization, and the total.
  std::pair<Strings, int64_t> Names(const domain::ContactFilter& filter, int64_t org = 0) {
    if (org == 0) org = org_;
    auto gen = CurrentGeneration(*conn_, org);
    auto res = repo_->List(org, *gen, filter, {1, 100}, counts_);
    EXPECT_TRUE(res.ok()) << res.error().details();
    Strings names;
    if (!res.ok()) return {names, -1};
    for (const auto& c : res->contacts) names.push_back(c.name);
    std::sort(names.begin(), names.end());
    return {names, res->total};
  }

  CountCache counts_;
  std::unique_ptr<ContactRepository> repo_;
  domain::User ann_, bob_, cy_, gus_;
  int next_number_ = 0;
};

SB_INSTANTIATE_ENGINES(ContactOwnerRepositoryTest);

TEST_P(ContactOwnerRepositoryTest, CreateStoresOwnershipAndTheCreator) {
  domain::Contact in = Person("Ada");
  in.owner_uuid = bob_.uuid;
  in.created_by_uuid = cy_.uuid;  // ignored: the creator is the user_id given
  in.assignee_uuids = {ann_.uuid, cy_.uuid};
  in.source_name = "Website";
  in.lead_source = "Ads";
  in.category = "SMB";
  domain::Contact c = MustCreate(in, ann_);
  EXPECT_EQ(c.owner_uuid, bob_.uuid);
  EXPECT_EQ(c.created_by_uuid, ann_.uuid);
  Strings expected = {ann_.uuid, cy_.uuid};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(c.assignee_uuids, expected);
  EXPECT_EQ(c.source_name, "Website");
  EXPECT_EQ(c.lead_source, "Ads");
  EXPECT_EQ(c.category, "SMB");

  // Without an owner the contact has none; the creator is still recorded.
  domain::Contact bare = MustCreate(Person("Bare"), bob_);
  EXPECT_EQ(bare.owner_uuid, std::nullopt);
  EXPECT_EQ(bare.created_by_uuid, bob_.uuid);
  EXPECT_EQ(bare.assignee_uuids, Strings{});
  EXPECT_EQ(bare.source_name, std::nullopt);
}

TEST_P(ContactOwnerRepositoryTest, UnknownUsersAre422NamingTheField) {
  const std::string unknown = "00000000-0000-7000-8000-0000000009ff";
  struct Case {
    std::optional<std::string> owner;
    Strings assignees;
    std::string field;
  };
  const std::vector<Case> cases = {
      {unknown, {}, "owner_uuid"},
      {gus_.uuid, {}, "owner_uuid"},  // another organization's user
      {std::nullopt, {ann_.uuid, unknown}, "assignee_uuids"},
      {std::nullopt, {gus_.uuid}, "assignee_uuids"},
  };
  domain::Contact existing = MustCreate(Person("Ada"), ann_);
  for (const auto& c : cases) {
    domain::Contact in = Person("New");
    in.owner_uuid = c.owner;
    in.assignee_uuids = c.assignees;
    auto created = repo_->Create(org_, ann_.id, in, {});
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().code(), ErrorCode::kValidation);
    EXPECT_EQ(created.error().field(), c.field);

    domain::Contact changed = existing;
    changed.owner_uuid = c.owner;
    changed.assignee_uuids = c.assignees;
    auto updated = repo_->Update(org_, changed, std::nullopt);
    ASSERT_FALSE(updated.ok());
    EXPECT_EQ(updated.error().field(), c.field);
  }
  auto unknown_listed = repo_->Create(org_, ann_.id,
                                      [&] {
                                        domain::Contact in = Person("New");
                                        in.assignee_uuids = {unknown};
                                        return in;
                                      }(),
                                      {});
  EXPECT_NE(unknown_listed.error().details().find(unknown), std::string::npos);
  // Nothing was written.
  EXPECT_EQ(Names({}).first, Strings{"Ada"});
  EXPECT_EQ(repo_->Get(org_, existing.uuid)->assignee_uuids, Strings{});
}

TEST_P(ContactOwnerRepositoryTest, UpdateWritesOwnerAndReplacesAssigneesButNotTheCreator) {
  domain::Contact in = Person("Ada");
  in.owner_uuid = ann_.uuid;
  in.assignee_uuids = {ann_.uuid, bob_.uuid};
  domain::Contact c = MustCreate(in, ann_);

  c.owner_uuid = cy_.uuid;
  c.created_by_uuid = cy_.uuid;
  c.assignee_uuids = {cy_.uuid};
  c.category = "Enterprise";
  auto saved = repo_->Update(org_, c, std::nullopt);
  ASSERT_TRUE(saved.ok()) << saved.error().message();
  EXPECT_EQ(saved->owner_uuid, cy_.uuid);
  EXPECT_EQ(saved->created_by_uuid, ann_.uuid);
  EXPECT_EQ(saved->assignee_uuids, Strings{cy_.uuid});
  EXPECT_EQ(saved->category, "Enterprise");

  c.owner_uuid.reset();
  c.assignee_uuids.clear();
  c.category.reset();
  saved = repo_->Update(org_, c, std::nullopt);
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->owner_uuid, std::nullopt);
  EXPECT_EQ(saved->assignee_uuids, Strings{});
  EXPECT_EQ(saved->category, std::nullopt);
  EXPECT_EQ(saved->created_by_uuid, ann_.uuid);
}

TEST_P(ContactOwnerRepositoryTest, ListLoadsEveryContactsAssignees) {
  for (const auto& [name, assignees] : std::vector<std::pair<std::string, Strings>>{
           {"A", {ann_.uuid}}, {"B", {}}, {"C", {bob_.uuid, cy_.uuid, ann_.uuid}}}) {
    domain::Contact in = Person(name);
    in.assignee_uuids = assignees;
    std::sort(in.assignee_uuids.begin(), in.assignee_uuids.end());
    MustCreate(in, ann_);
  }
  auto gen = CurrentGeneration(*conn_, org_);
  auto page = repo_->List(org_, *gen, {}, {1, 10}, counts_);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->contacts.size(), 3u);
  Strings all = {ann_.uuid, bob_.uuid, cy_.uuid};
  std::sort(all.begin(), all.end());
  EXPECT_EQ(page->contacts[0].name, "C");  // newest first
  EXPECT_EQ(page->contacts[0].assignee_uuids, all);
  EXPECT_EQ(page->contacts[1].assignee_uuids, Strings{});
  EXPECT_EQ(page->contacts[2].assignee_uuids, Strings{ann_.uuid});
  EXPECT_EQ(page->contacts[2].created_by_uuid, ann_.uuid);
}

TEST_P(ContactOwnerRepositoryTest, FiltersMatchExactlyAndAnyValueOfAList) {
  auto make = [&](const std::string& name, const domain::User& owner, Strings assignees,
                  std::optional<std::string> source, std::optional<std::string> lead,
                  std::optional<std::string> category) {
    domain::Contact in = Person(name);
    in.owner_uuid = owner.uuid;
    in.assignee_uuids = std::move(assignees);
    std::sort(in.assignee_uuids.begin(), in.assignee_uuids.end());
    in.source_name = std::move(source);
    in.lead_source = std::move(lead);
    in.category = std::move(category);
    MustCreate(in, ann_);
  };
  make("A1", ann_, {bob_.uuid}, "Website", "Ads", "SMB");
  make("A2", ann_, {bob_.uuid, cy_.uuid}, "Referral", std::nullopt, std::nullopt);
  make("B1", bob_, {}, "website", "Ads", "Enterprise");
  make("C1", cy_, {ann_.uuid}, "Website", "Fair", "Enterprise");

  auto filter = [](auto setter) {
    domain::ContactFilter f;
    setter(f);
    return f;
  };
  struct Case {
    const char* what;
    domain::ContactFilter filter;
    Strings names;
  };
  const std::vector<Case> cases = {
      {"owner ann", filter([&](auto& f) { f.owner_uuids = {ann_.uuid}; }), {"A1", "A2"}},
      {"owner bob or cy",
       filter([&](auto& f) {
         f.owner_uuids = {bob_.uuid, cy_.uuid};
       }),
       {"B1", "C1"}},
      {"owner of another organization", filter([&](auto& f) { f.owner_uuids = {gus_.uuid}; }), {}},
      {"assignee bob", filter([&](auto& f) { f.assignee_uuids = {bob_.uuid}; }), {"A1", "A2"}},
      {"assignee cy or ann",
       filter([&](auto& f) {
         f.assignee_uuids = {cy_.uuid, ann_.uuid};
       }),
       {"A2", "C1"}},
      {"source Website", filter([](auto& f) { f.source_names = {"Website"}; }), {"A1", "C1"}},
      {"source website or Referral",
       filter([](auto& f) {
         f.source_names = {"website", "Referral"};
       }),
       {"A2", "B1"}},
      {"lead Ads", filter([](auto& f) { f.lead_sources = {"Ads"}; }), {"A1", "B1"}},
      {"category Enterprise", filter([](auto& f) { f.categories = {"Enterprise"}; }), {"B1", "C1"}},
      {"category SMB or Enterprise",
       filter([](auto& f) {
         f.categories = {"SMB", "Enterprise"};
       }),
       {"A1", "B1", "C1"}},
      {"owner ann and assignee cy",
       filter([&](auto& f) {
         f.owner_uuids = {ann_.uuid};
         f.assignee_uuids = {cy_.uuid};
       }),
       {"A2"}},
      {"source Website and category Enterprise",
       filter([](auto& f) {
         f.source_names = {"Website"};
         f.categories = {"Enterprise"};
       }),
       {"C1"}},
      {"source Website and search A1",
       filter([](auto& f) {
         f.source_names = {"Website"};
         f.search = "A1";
       }),
       {"A1"}},
  };
  for (const auto& c : cases) {
    auto [names, total] = Names(c.filter);
    EXPECT_EQ(names, c.names) << c.what;
    EXPECT_EQ(total, static_cast<int64_t>(c.names.size())) << c.what;
  }
  // The other organization sees none of it.
  EXPECT_EQ(Names(filter([](auto& f) { f.source_names = {"Website"}; }), other_org_).first,
            Strings{});
}

TEST_P(ContactOwnerRepositoryTest, CachedTotalsAreKeyedByTheNewFilters) {
  domain::Contact in = Person("A1");
  in.owner_uuid = ann_.uuid;
  in.category = "SMB";
  MustCreate(in, ann_);
  domain::ContactFilter by_ann;
  by_ann.owner_uuids = {ann_.uuid};
  domain::ContactFilter by_bob;
  by_bob.owner_uuids = {bob_.uuid};
  // Counted (and cached) one after the other: each gets its own total.
  EXPECT_EQ(Names(by_ann).second, 1);
  EXPECT_EQ(Names(by_bob).second, 0);
  EXPECT_EQ(Names(by_ann).second, 1);

  domain::ContactFilter two;
  two.categories = {"SMB", "Enterprise"};
  domain::ContactFilter reordered;
  reordered.categories = {"Enterprise", "SMB"};
  EXPECT_EQ(two.CacheKey(), reordered.CacheKey());
  domain::ContactFilter as_source;
  as_source.source_names = {"SMB"};
  domain::ContactFilter as_category;
  as_category.categories = {"SMB"};
  EXPECT_NE(as_source.CacheKey(), as_category.CacheKey());
  domain::ContactFilter as_lead;
  as_lead.lead_sources = {"SMB"};
  EXPECT_NE(as_lead.CacheKey(), as_category.CacheKey());
  domain::ContactFilter as_assignee;
  as_assignee.assignee_uuids = {ann_.uuid};
  EXPECT_NE(as_assignee.CacheKey(), by_ann.CacheKey());
  EXPECT_NE(by_ann.CacheKey(), domain::ContactFilter{}.CacheKey());
}

}  // namespace
}  // namespace sb::store
