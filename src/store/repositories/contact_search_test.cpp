// Contact search is per organization: two organizations with the same names
// each find only their own contacts, through the list and through the search
// predicate alone (SQLite's index is keyed by organization), and the index
// follows updates, deletes and a rebuild.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "store/drivers/dialect.hpp"
#include "store/migrations/migrations.hpp"
#include "store/repositories/contact_repository.hpp"
#include "store/repositories/contact_test_fixture.hpp"
#include "store/repositories/store_util.hpp"
#include "store/repositories/token_repository.hpp"

namespace sb::store {
namespace {

using Uuids = std::vector<std::string>;

class ContactSearchRepositoryTest : public ContactStoreTest {
 protected:
  bool Sqlite() const { return store_.engine() == db::Engine::kSqlite; }

  domain::Contact MustCreate(int64_t org, const std::string& name, const std::string& phone,
                             const std::string& email) {
    domain::Contact c;
    c.name = name;
    c.phone_number = phone;
    c.email = email;
    auto created = repo_->Create(org, org == org_ ? user_ : other_user_, c, {});
    EXPECT_TRUE(created.ok()) << created.error().details();
    return created.ok() ? *created : domain::Contact{};
  }

  // The uuids the list finds for `term` in `org`, sorted.
  Uuids Search(int64_t org, const std::string& term) {
    domain::ContactFilter filter;
    filter.search = term;
    auto gen = CurrentGeneration(*conn_, org);
    EXPECT_TRUE(gen.ok());
    CountCache counts;  // writes outside a unit of work leave the generation alone
    auto res = repo_->List(org, gen.ok() ? *gen : 0, filter, {1, 100}, counts);
    EXPECT_TRUE(res.ok()) << res.error().details();
    Uuids out;
    if (!res.ok()) return out;
    EXPECT_EQ(res->total, static_cast<int64_t>(res->contacts.size()));
    for (const auto& c : res->contacts) out.push_back(c.uuid);
    std::sort(out.begin(), out.end());
    return out;
  }

  // The uuids the dialect's search predicate for `org` selects on its own,
  // without the caller's organization constraint, sorted.
  Uuids PredicateOnly(int64_t org, const std::string& term) {
    db::Params params;
    std::string sql = "SELECT c.uuid FROM contacts c WHERE " +
                      conn_->dialect().ContactSearch("c", org, term, params) + " ORDER BY c.uuid";
    auto rows = conn_->Query(sql, params);
    EXPECT_TRUE(rows.ok()) << rows.error().details();
    Uuids out;
    if (!rows.ok()) return out;
    while (true) {
      auto more = (*rows)->Next();
      EXPECT_TRUE(more.ok());
      if (!more.ok() || !*more) break;
      out.push_back((*rows)->String(0));
    }
    return out;
  }

  // Entries of the SQLite search index matching `term`, all organizations.
  int64_t IndexEntries(const std::string& term) {
    auto n = conn_->QueryInt("SELECT COUNT(*) FROM contacts_search WHERE contacts_search MATCH ?",
                             {"\"" + term + "\""});
    EXPECT_TRUE(n.ok()) << n.error().details();
    return n.ok() ? n->value_or(-1) : -1;
  }

  static Uuids Sorted(Uuids v) {
    std::sort(v.begin(), v.end());
    return v;
  }
};

SB_INSTANTIATE_ENGINES(ContactSearchRepositoryTest);

TEST_P(ContactSearchRepositoryTest, TwoOrganizationsWithTheSameNamesEachFindOnlyTheirOwn) {
  auto a1 = MustCreate(org_, "Ann Smith", "+14155550101", "ann@smith.test");
  auto a2 = MustCreate(org_, "Bob Smithers", "+14155550102", "bob@smith.test");
  auto g1 = MustCreate(other_org_, "Ann Smith", "+14155550101", "ann@smith.test");
  auto g2 = MustCreate(other_org_, "Cat Smith", "+14155550103", "cat@smith.test");
  auto g3 = MustCreate(other_org_, "Dan Smithson", "+14155550104", "dan@smith.test");

  EXPECT_EQ(Search(org_, "smith"), Sorted({a1.uuid, a2.uuid}));
  EXPECT_EQ(Search(other_org_, "smith"), Sorted({g1.uuid, g2.uuid, g3.uuid}));
  EXPECT_EQ(Search(org_, "ann smith"), Uuids{a1.uuid});
  EXPECT_EQ(Search(other_org_, "ann smith"), Uuids{g1.uuid});
  // By the digits of a phone-like term too.
  EXPECT_EQ(Search(org_, "(415) 555-0101"), Uuids{a1.uuid});
  EXPECT_EQ(Search(other_org_, "415-555-0101"), Uuids{g1.uuid});
  EXPECT_EQ(Search(org_, "Smithson"), Uuids{});
  if (!Sqlite())
    GTEST_SKIP() << "PostgreSQL's trigram indexes are scoped by the caller's"
                    " organization constraint, not by the predicate";
  // The index itself is per organization: the predicate alone never selects
  // another organization's contact.
  EXPECT_EQ(PredicateOnly(org_, "smith"), Sorted({a1.uuid, a2.uuid}));
  EXPECT_EQ(PredicateOnly(other_org_, "smith"), Sorted({g1.uuid, g2.uuid, g3.uuid}));
  EXPECT_EQ(PredicateOnly(org_, "dan@smith"), Uuids{});
}

TEST_P(ContactSearchRepositoryTest, SearchFollowsUpdatesAndDeletesInEachOrganization) {
  auto a1 = MustCreate(org_, "Ann Smith", "+14155550101", "ann@smith.test");
  auto a2 = MustCreate(org_, "Bob Smith", "+14155550102", "bob@smith.test");
  auto g1 = MustCreate(other_org_, "Ann Smith", "+14155550101", "ann@smith.test");
  auto g2 = MustCreate(other_org_, "Bob Smith", "+14155550102", "bob@smith.test");

  // A rename in one organization moves only its contact.
  a1.name = "Ann Jones";
  a1.email = "ann@jones.test";
  ASSERT_TRUE(repo_->Update(org_, a1, std::nullopt).ok());
  EXPECT_EQ(Search(org_, "smith"), Uuids{a2.uuid});
  EXPECT_EQ(Search(org_, "jones"), Uuids{a1.uuid});
  EXPECT_EQ(Search(other_org_, "smith"), Sorted({g1.uuid, g2.uuid}));
  EXPECT_EQ(Search(other_org_, "jones"), Uuids{});

  // A delete in the other organization removes only its contact.
  ASSERT_TRUE(repo_->Delete(other_org_, g2.uuid).ok());
  EXPECT_EQ(Search(other_org_, "bob smith"), Uuids{});
  EXPECT_EQ(Search(other_org_, "smith"), Uuids{g1.uuid});
  EXPECT_EQ(Search(org_, "bob smith"), Uuids{a2.uuid});
  ASSERT_TRUE(repo_->Delete(org_, a2.uuid).ok());
  EXPECT_EQ(Search(org_, "smith"), Uuids{});
  EXPECT_EQ(Search(other_org_, "smith"), Uuids{g1.uuid});

  if (!Sqlite()) return;
  // Nothing stale is left in the index: one entry per remaining contact.
  EXPECT_EQ(IndexEntries("smith"), 1);
  EXPECT_EQ(IndexEntries("jones"), 1);
  EXPECT_EQ(PredicateOnly(org_, "jones"), Uuids{a1.uuid});
  EXPECT_EQ(PredicateOnly(other_org_, "jones"), Uuids{});
}

TEST_P(ContactSearchRepositoryTest, TheMigrationRebuildsTheIndexFromTheContacts) {
  auto a1 = MustCreate(org_, "Ann Smith", "+14155550101", "ann@smith.test");
  auto g1 = MustCreate(other_org_, "Ann Smith", "+14155550101", "ann@smith.test");
  // Applying version 13 again rebuilds the index from the rows as they are.
  ASSERT_TRUE(conn_->Exec("DELETE FROM schema_migrations WHERE version = 13", {}).ok());
  auto applied = Migrate(*db_);
  ASSERT_TRUE(applied.ok()) << applied.error().details();
  EXPECT_EQ(*applied, 1);
  EXPECT_EQ(Search(org_, "smith"), Uuids{a1.uuid});
  EXPECT_EQ(Search(other_org_, "smith"), Uuids{g1.uuid});
  auto a2 = MustCreate(org_, "Bob Smith", "+14155550102", "bob@smith.test");
  EXPECT_EQ(Search(org_, "smith"), Sorted({a1.uuid, a2.uuid}));
  if (!Sqlite()) return;
  EXPECT_EQ(IndexEntries("smith"), 3);
  EXPECT_EQ(PredicateOnly(other_org_, "smith"), Uuids{g1.uuid});
}

}  // namespace
}  // namespace sb::store
