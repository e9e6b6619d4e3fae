#include "store/repositories/contact_repository.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "store/repositories/contact_test_fixture.hpp"
#include "store/repositories/store_util.hpp"
#include "store/repositories/tag_repository.hpp"
#include "store/repositories/token_repository.hpp"

namespace sb::store {
namespace {

constexpr int64_t kNow = 1709294400;  // 2024-03-01T12:00:00Z
constexpr int64_t kDay = 86400;

// Builds a ContactFilter fluently (designated initializers would have to
// name every member to keep -Wmissing-field-initializers quiet).
struct Filter {
  domain::ContactFilter f;
  Filter& Search(std::string v) {
    f.search = std::move(v);
    return *this;
  }
  Filter& Status(std::string v) {
    f.status = std::move(v);
    return *this;
  }
  Filter& Channel(std::string v) {
    f.channel = std::move(v);
    return *this;
  }
  Filter& Tag(std::string v) {
    f.tag_uuid = std::move(v);
    return *this;
  }
  Filter& From(int64_t v) {
    f.created_from = v;
    return *this;
  }
  Filter& Until(int64_t v) {
    f.created_until = v;
    return *this;
  }
  operator domain::ContactFilter() const { return f; }  // NOLINT(google-explicit-constructor)
};

class ContactRepositoryTest : public ContactStoreTest {
 protected:
  static domain::Contact Person(const std::string& name, std::optional<std::string> phone,
                                std::optional<std::string> email = std::nullopt) {
    domain::Contact c;
    c.name = name;
    c.phone_number = std::move(phone);
    c.email = std::move(email);
    return c;
  }

  domain::Contact MustCreate(int64_t org, const domain::Contact& c,
                             const std::vector<std::string>& tags = {}) {
    auto created = repo_->Create(org, org == org_ ? user_ : other_user_, c, tags);
    EXPECT_TRUE(created.ok()) << created.error().details();
    return created.ok() ? *created : domain::Contact{};
  }

  std::string MustTag(int64_t org, const std::string& name) {
    TagRepository tags(*conn_, clock_, ids_);
    auto t = tags.Create(org, name);
    EXPECT_TRUE(t.ok());
    return t.ok() ? t->uuid : "";
  }

  // Names on one page of `filter`, in list order, and the total.
  std::pair<std::vector<std::string>, int64_t> ListNames(const domain::ContactFilter& filter,
                                                         domain::PageRequest page = {1, 100},
                                                         int64_t org = 0) {
    if (org == 0) org = org_;
    auto gen = CurrentGeneration(*conn_, org);
    EXPECT_TRUE(gen.ok());
    // A cache of its own: these writes run outside a unit of work, so the
    // generation does not move (services/contact_service_test.cpp has the
    // cached totals).
    CountCache counts;
    auto res = repo_->List(org, *gen, filter, page, counts);
    EXPECT_TRUE(res.ok()) << res.error().details();
    std::vector<std::string> names;
    if (!res.ok()) return {names, -1};
    for (const auto& c : res->contacts) names.push_back(c.name);
    return {names, res->total};
  }
};

using Names = std::vector<std::string>;

SB_INSTANTIATE_ENGINES(ContactRepositoryTest);

TEST_P(ContactRepositoryTest, CreateAssignsUuidAndTimestampsAndGetReturnsIt) {
  std::string vip = MustTag(org_, "VIP");
  domain::Contact in = Person("Ada", "+14155552671", "ada@example.com");
  in.uuid = "client-supplied";
  in.created_at = 5;
  domain::Contact c = MustCreate(org_, in, {vip, vip});
  EXPECT_EQ(c.uuid.size(), 36u);
  EXPECT_NE(c.uuid, "client-supplied");
  EXPECT_EQ(c.created_at, kNow);
  EXPECT_EQ(c.updated_at, kNow);
  ASSERT_EQ(c.tags.size(), 1u);
  EXPECT_EQ(c.tags[0].name, "VIP");

  auto got = repo_->Get(org_, c.uuid);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "Ada");
  EXPECT_EQ(got->email, "ada@example.com");
  EXPECT_EQ(got->phone_number, "+14155552671");
  EXPECT_EQ(got->status, "Active");
  EXPECT_EQ(got->metadata, "{}");
  EXPECT_EQ(got->tags.size(), 1u);
}

TEST_P(ContactRepositoryTest, AnotherOrganizationsContactIsNotFound) {
  domain::Contact c = MustCreate(org_, Person("Ada", "+14155552671"));
  EXPECT_EQ(repo_->Get(other_org_, c.uuid).error().code(), ErrorCode::kNotFound);
  c.name = "Eve";
  EXPECT_EQ(repo_->Update(other_org_, c, std::nullopt).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(repo_->Delete(other_org_, c.uuid).error().code(), ErrorCode::kNotFound);
  std::string other_tag = MustTag(other_org_, "X");
  EXPECT_EQ(repo_->AddTags(other_org_, c.uuid, {other_tag}).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(repo_->Get(org_, c.uuid)->name, "Ada");
}

TEST_P(ContactRepositoryTest, DuplicatePhoneIsAConflictOnlyWithinTheOrganization) {
  MustCreate(org_, Person("Ada", "+14155552671"));
  auto dup = repo_->Create(org_, user_, Person("Bob", "+14155552671"), {});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field(), "phone_number");
  EXPECT_TRUE(repo_->Create(other_org_, other_user_, Person("Bob", "+14155552671"), {}).ok());
  // Contacts without a number never collide.
  MustCreate(org_, Person("C", std::nullopt, "c@example.com"));
  MustCreate(org_, Person("D", std::nullopt, "d@example.com"));
  EXPECT_EQ(ListNames({}).second, 3);
}

TEST_P(ContactRepositoryTest, UnknownStageOrTagIsA422AndWritesNothing) {
  domain::Contact c = Person("Ada", "+14155552671");
  c.stage_uuid = "0190f0a0-0000-7000-8000-000000000001";
  auto bad_stage = repo_->Create(org_, user_, c, {});
  ASSERT_FALSE(bad_stage.ok());
  EXPECT_EQ(bad_stage.error().field(), "stage_uuid");

  std::string foreign_tag = MustTag(other_org_, "VIP");
  auto bad_tag = repo_->Create(org_, user_, Person("Ada", "+14155552671"), {foreign_tag});
  ASSERT_FALSE(bad_tag.ok());
  EXPECT_EQ(bad_tag.error().field(), "tag_uuids");
  EXPECT_EQ(ListNames({}).second, 0);
}

TEST_P(ContactRepositoryTest, UpdateWritesEveryFieldAndMovesUpdatedAt) {
  std::string a = MustTag(org_, "A");
  std::string b = MustTag(org_, "B");
  domain::Contact c = MustCreate(org_, Person("Ada", "+14155552671"), {a});
  clock_.Advance(60);
  c.name = "Ada B";
  c.surname.reset();
  c.notes = "n";
  c.status = "Inactive";
  auto kept_tags = repo_->Update(org_, c, std::nullopt);
  ASSERT_TRUE(kept_tags.ok()) << kept_tags.error().details();
  EXPECT_EQ(kept_tags->name, "Ada B");
  EXPECT_EQ(kept_tags->status, "Inactive");
  EXPECT_EQ(kept_tags->notes, "n");
  EXPECT_EQ(kept_tags->created_at, kNow);
  EXPECT_EQ(kept_tags->updated_at, kNow + 60);
  ASSERT_EQ(kept_tags->tags.size(), 1u);

  auto replaced = repo_->Update(org_, c, std::vector<std::string>{b});
  ASSERT_TRUE(replaced.ok());
  ASSERT_EQ(replaced->tags.size(), 1u);
  EXPECT_EQ(replaced->tags[0].name, "B");

  auto cleared = repo_->Update(org_, c, std::vector<std::string>{});
  ASSERT_TRUE(cleared.ok());
  EXPECT_TRUE(cleared->tags.empty());
}

TEST_P(ContactRepositoryTest, UpdateToATakenNumberIsAConflict) {
  MustCreate(org_, Person("Ada", "+14155552671"));
  domain::Contact bob = MustCreate(org_, Person("Bob", "+14155552672"));
  bob.phone_number = "+14155552671";
  auto res = repo_->Update(org_, bob, std::nullopt);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(res.error().field(), "phone_number");
  EXPECT_EQ(repo_->Get(org_, bob.uuid)->phone_number, "+14155552672");
}

TEST_P(ContactRepositoryTest, DeleteRemovesTheContactAndItsTags) {
  std::string vip = MustTag(org_, "VIP");
  domain::Contact c = MustCreate(org_, Person("Ada", "+14155552671"), {vip});
  ASSERT_TRUE(repo_->Delete(org_, c.uuid).ok());
  EXPECT_EQ(repo_->Get(org_, c.uuid).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(repo_->Delete(org_, c.uuid).error().code(), ErrorCode::kNotFound);
  // A new contact (which may reuse the row id) does not inherit the tag.
  domain::Contact d = MustCreate(org_, Person("Bob", "+14155552671"));
  EXPECT_TRUE(d.tags.empty());
  domain::ContactFilter by_tag;
  by_tag.tag_uuid = vip;
  EXPECT_EQ(ListNames(by_tag), std::make_pair(Names{}, int64_t{0}));
}

TEST_P(ContactRepositoryTest, AddTagsKeepsExistingAndRemoveTag) {
  std::string a = MustTag(org_, "alpha");
  std::string b = MustTag(org_, "Beta");
  std::string c_tag = MustTag(org_, "gamma");
  domain::Contact c = MustCreate(org_, Person("Ada", "+14155552671"), {b});
  clock_.Advance(30);
  auto added = repo_->AddTags(org_, c.uuid, {c_tag, a, b});
  ASSERT_TRUE(added.ok()) << added.error().details();
  std::vector<std::string> names;
  for (const auto& t : added->tags) names.push_back(t.name);
  EXPECT_EQ(names, (Names{"alpha", "Beta", "gamma"}));  // by name, case-insensitively
  EXPECT_EQ(added->updated_at, kNow + 30);

  auto unknown = repo_->AddTags(org_, c.uuid, {"0190f0a0-0000-7000-8000-00000000dead"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field(), "tag_uuids");
  EXPECT_EQ(repo_->Get(org_, c.uuid)->tags.size(), 3u);

  ASSERT_TRUE(repo_->RemoveTag(org_, c.uuid, b).ok());
  EXPECT_EQ(repo_->RemoveTag(org_, c.uuid, b).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(repo_->RemoveTag(org_, c.uuid, "nope").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(repo_->RemoveTag(other_org_, c.uuid, a).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(repo_->Get(org_, c.uuid)->tags.size(), 2u);
}

TEST_P(ContactRepositoryTest, ListIsNewestFirstWithPagesAndTotals) {
  for (const char* n : {"A", "B", "C", "D", "E"}) {
    MustCreate(org_, Person(n, std::nullopt, std::string(n) + "@example.com"));
  }
  MustCreate(other_org_, Person("X", std::nullopt, "x@example.com"));
  EXPECT_EQ(ListNames({}, {1, 2}), std::make_pair(Names{"E", "D"}, int64_t{5}));
  EXPECT_EQ(ListNames({}, {3, 2}), std::make_pair(Names{"A"}, int64_t{5}));
  EXPECT_EQ(ListNames({}, {4, 2}), std::make_pair(Names{}, int64_t{5}));
  EXPECT_EQ(ListNames({}, {1, 100}, other_org_), std::make_pair(Names{"X"}, int64_t{1}));
}

TEST_P(ContactRepositoryTest, ListFilters) {
  std::string vip = MustTag(org_, "VIP");
  domain::Contact ann = Person("Ann", "+14155552671", "ann.smith@example.com");
  ann.surname = "Smith";
  ann.preferred_contact_channel = "SMS";
  MustCreate(org_, ann, {vip});
  clock_.Advance(kDay);
  domain::Contact bob = Person("Bob", "+4915123456789", "bob@corp.de");
  bob.status = "Inactive";
  bob.preferred_contact_channel = "Call";
  MustCreate(org_, bob);
  clock_.Advance(kDay);
  domain::Contact cat = Person("Catherine", std::nullopt, "cat@example.com");
  cat.surname = "Annex";
  MustCreate(org_, cat, {vip});

  struct Case {
    const char* label;
    domain::ContactFilter filter;
    Names expected;
  };
  const int64_t day0 = kNow - kNow % kDay;
  const Case cases[] = {
      {"all", {}, {"Catherine", "Bob", "Ann"}},
      {"status", Filter().Status("Inactive"), {"Bob"}},
      {"channel", Filter().Channel("SMS"), {"Ann"}},
      {"tag", Filter().Tag(vip), {"Catherine", "Ann"}},
      {"unknown tag", Filter().Tag("0190f0a0-0000-7000-8000-00000000dead"), {}},
      {"search trigram, mixed case", Filter().Search("aNn"), {"Catherine", "Ann"}},
      {"search short", Filter().Search("an"), {"Catherine", "Ann"}},
      {"search one char", Filter().Search("b"), {"Bob"}},
      {"search email", Filter().Search("corp.de"), {"Bob"}},
      {"search phone", Filter().Search("(415) 555"), {"Ann"}},
      {"search phone fragment", Filter().Search("555-26"), {"Ann"}},
      {"search e164 prefix", Filter().Search("+4915"), {"Bob"}},
      {"search nothing", Filter().Search("zzz"), {}},
      {"search LIKE wildcards are literal", Filter().Search("%"), {}},
      {"search with quote", Filter().Search("an\"n"), {}},
      {"from day 1", Filter().From(day0 + kDay), {"Catherine", "Bob"}},
      {"until day 1", Filter().Until(day0 + 2 * kDay), {"Bob", "Ann"}},
      {"day 1 only", Filter().From(day0 + kDay).Until(day0 + 2 * kDay), {"Bob"}},
      {"tag and search", Filter().Search("smith").Tag(vip), {"Ann"}},
      {"tag and date", Filter().Tag(vip).From(day0 + kDay), {"Catherine"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.label);
    auto [names, total] = ListNames(c.filter);
    EXPECT_EQ(names, c.expected);
    EXPECT_EQ(total, static_cast<int64_t>(c.expected.size()));
  }
}

TEST_P(ContactRepositoryTest, SearchFollowsRenames) {
  domain::Contact c = MustCreate(org_, Person("Ann", "+14155552671"));
  c.name = "Zelda";
  ASSERT_TRUE(repo_->Update(org_, c, std::nullopt).ok());
  EXPECT_EQ(ListNames(Filter().Search("ann")).first, Names{});
  EXPECT_EQ(ListNames(Filter().Search("zel")).first, Names{"Zelda"});
  ASSERT_TRUE(repo_->Delete(org_, c.uuid).ok());
  EXPECT_EQ(ListNames(Filter().Search("zel")).first, Names{});
}

}  // namespace
}  // namespace sb::store
