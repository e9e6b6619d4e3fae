#include "tools/demo/demo_seeder.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <random>
#include <set>

#include "domain/contact.hpp"
#include "domain/enums.hpp"
#include "domain/phone.hpp"
#include "support/engine_test.hpp"
#include "support/test_db.hpp"
#include "tools/demo/demo_catalog.hpp"

namespace sb::tools {
namespace {

constexpr int64_t kNow = 1709294400;  // 2024-03-01T12:00:00Z

class DemoSeederTest : public ::sb::testing::EngineTest {
 protected:
  void SetUp() override {
    auto db = store_.Open();
    ASSERT_TRUE(db.ok()) << db.error().details();
    db_ = std::move(db).value();
    auto conn = db_->Acquire();
    ASSERT_TRUE(conn.ok());
    conn_ = std::move(conn).value();
  }
  void TearDown() override {
    conn_.reset();
    db_.reset();
  }

  DemoSeedSummary Seed(const std::string& org, int64_t contacts) {
    DemoSeeder seeder(*conn_, clock_, ids_);
    DemoSeedOptions options;
    options.organization = org;
    options.contacts = contacts;
    auto summary = seeder.Seed(options);
    EXPECT_TRUE(summary.ok()) << (summary.ok() ? "" : summary.error().details());
    return summary.ok() ? *summary : DemoSeedSummary{};
  }

  int64_t Int(const std::string& sql, const db::Params& params) {
    auto v = conn_->QueryInt(sql, params);
    EXPECT_TRUE(v.ok());
    return v.ok() ? v->value_or(-1) : -1;
  }

  // Rows of `sql` as strings (NULL as "<null>"); the columns in `times` as Unix
  // seconds.
  std::vector<std::vector<std::string>> Rows(const std::string& sql, const db::Params& params,
                                             int columns, const std::set<int>& times = {}) {
    std::vector<std::vector<std::string>> out;
    auto rows = conn_->Query(sql, params);
    EXPECT_TRUE(rows.ok());
    if (!rows.ok()) return out;
    while (true) {
      auto more = (*rows)->Next();
      EXPECT_TRUE(more.ok());
      if (!more.ok() || !*more) break;
      auto& row = out.emplace_back();
      for (int c = 0; c < columns; ++c) {
        if ((*rows)->IsNull(c)) {
          row.emplace_back("<null>");
        } else {
          row.push_back(times.contains(c) ? std::to_string((*rows)->Time(c)) : (*rows)->String(c));
        }
      }
    }
    return out;
  }

  ::sb::testing::TestStore store_;
  std::unique_ptr<db::Database> db_;
  db::ConnectionLease conn_;
  FakeClock clock_{kNow};
  SequentialIdGenerator ids_;
};

SB_INSTANTIATE_ENGINES(DemoSeederTest);

TEST_P(DemoSeederTest, SeedsEveryKindOfRow) {
  DemoSeedSummary s = Seed("Demo Org", 50);
  EXPECT_FALSE(s.already_seeded);
  EXPECT_EQ(s.contacts, 50);
  EXPECT_EQ(s.tags, 8);
  EXPECT_EQ(s.stages, 6);
  EXPECT_EQ(s.agents, 3);
  EXPECT_EQ(s.pools, 3);
  EXPECT_EQ(s.pool_items, 3 * 24);  // small organizations get 24 members per pool
  EXPECT_EQ(s.campaigns, 1);
  EXPECT_EQ(s.phone_numbers, 11);
  EXPECT_EQ(s.bindings, 11);
  EXPECT_GT(s.contact_tags, 0);
  EXPECT_GT(s.staged_contacts, 0);

  EXPECT_EQ(Int("SELECT COUNT(*) FROM users WHERE organization_id = ? AND email = ?"
                " AND role = 'owner'",
                {s.organization_id, std::string("admin@demo.example")}),
            1);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM pipelines WHERE organization_id = ? AND name = 'Sales'",
                {s.organization_id}),
            1);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM campaigns c JOIN campaign_pools cp ON cp.campaign_id = c.id"
                " WHERE c.organization_id = ? AND c.status = 'Active' AND c.agent_id IS NOT NULL",
                {s.organization_id}),
            2);
  EXPECT_GT(Int("SELECT write_generation FROM organizations WHERE id = ?", {s.organization_id}), 0);
}

TEST_P(DemoSeederTest, EveryPoolHasMembersInEveryStatus) {
  DemoSeedSummary s = Seed("Demo Org", 50);
  auto rows = Rows(
      "SELECT p.type, i.status, COUNT(*) FROM pool_items i JOIN pools p"
      " ON p.id = i.pool_id WHERE i.organization_id = ? GROUP BY 1, 2",
      {s.organization_id}, 3);
  std::map<std::string, std::set<std::string>> statuses;
  for (const auto& r : rows) statuses[r[0]].insert(r[1]);
  std::set<std::string> all;
  for (auto v : domain::PoolItemStatuses()) all.insert(std::string(v));
  ASSERT_EQ(all.size(), 8u);
  for (const char* type : {"FIFO", "LIFO", "Parallel"}) {
    EXPECT_EQ(statuses[type], all) << type;
  }
}

TEST_P(DemoSeederTest, PoolMembersCarryTheTimesOfTheirState) {
  DemoSeedSummary s = Seed("Demo Org", 50);
  auto rows = Rows(
      "SELECT status, started_at, completed_at, failed_at, next_retry_at,"
      " retry_count, attempt_count, worker_id, lease_expires_at, skip_reason,"
      " added_at FROM pool_items WHERE organization_id = ?",
      {s.organization_id}, 11, {1, 2, 3, 4, 8, 10});
  ASSERT_EQ(rows.size(), 72u);
  const std::string null = "<null>";
  for (const auto& r : rows) {
    const std::string& status = r[0];
    SCOPED_TRACE(status);
    EXPECT_LE(std::stoll(r[10]), kNow);
    if (status == "Pending") {
      EXPECT_EQ(r[1], null);
      EXPECT_EQ(r[6], "0");
    } else if (status == "Processing" || status == "In_Call") {
      EXPECT_NE(r[1], null);
      EXPECT_NE(r[7], null);
      EXPECT_NE(r[8], null);
    } else if (status == "Completed") {
      EXPECT_GE(std::stoll(r[2]), std::stoll(r[1]));
      EXPECT_GE(std::stoll(r[6]), 1);
    } else if (status == "Failed") {
      EXPECT_NE(r[3], null);
      EXPECT_GE(std::stoll(r[5]), 2);
    } else if (status == "Retrying") {
      EXPECT_GT(std::stoll(r[4]), kNow);
      EXPECT_GE(std::stoll(r[5]), 1);
      EXPECT_NE(r[3], null);
    } else if (status == "Scheduled") {
      EXPECT_GT(std::stoll(r[4]), kNow);
    } else {
      EXPECT_EQ(status, "Skipped");
      EXPECT_NE(r[9], null);
    }
  }
}

TEST_P(DemoSeederTest, ContactsAreValidAndRealistic) {
  DemoSeedSummary s = Seed("Demo Org", 50);
  auto rows = Rows(
      "SELECT id, uuid, phone_number, number_type, country_code, timezone, email,"
      " status, preferred_contact_channel, metadata, created_at, updated_at,"
      " primary_language FROM contacts WHERE organization_id = ? ORDER BY id",
      {s.organization_id}, 13, {10, 11});
  ASSERT_EQ(rows.size(), 50u);
  std::set<std::string> phones, uuids, countries;
  int64_t previous_created = 0;
  for (const auto& r : rows) {
    SCOPED_TRACE(r[2]);
    auto normalized = domain::NormalizePhone(r[2], std::nullopt);
    ASSERT_TRUE(normalized.ok());
    EXPECT_EQ(normalized->e164, r[2]);
    EXPECT_EQ(normalized->number_type, r[3]);
    EXPECT_EQ(normalized->region, r[4]);
    EXPECT_TRUE(phones.insert(r[2]).second) << "duplicate phone";
    EXPECT_TRUE(IsUuid(r[1]));
    EXPECT_TRUE(uuids.insert(r[1]).second);
    EXPECT_TRUE(domain::IsKnownTimeZone(r[5])) << r[5];
    if (r[6] != "<null>") {
      EXPECT_TRUE(domain::IsPlausibleEmail(r[6])) << r[6];
    }
    EXPECT_TRUE(domain::IsOneOf(r[7], domain::ContactStatuses()));
    EXPECT_TRUE(domain::IsOneOf(r[8], domain::ContactChannels()));
    EXPECT_EQ(r[9].front(), '{');
    EXPECT_EQ(r[9].back(), '}');
    int64_t created = std::stoll(r[10]);
    EXPECT_GT(created, previous_created) << "created_at must grow with id";
    EXPECT_GE(created, kNow - 180 * 86400);
    EXPECT_LE(std::stoll(r[11]), kNow);
    EXPECT_GE(std::stoll(r[11]), created);
    EXPECT_FALSE(r[12].empty());
    previous_created = created;
    countries.insert(r[4]);
  }
  EXPECT_GE(countries.size(), 6u);
  // Tags and stages point into the same organization.
  EXPECT_EQ(Int("SELECT COUNT(*) FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
                " WHERE ct.organization_id = ? AND t.organization_id = ct.organization_id",
                {s.organization_id}),
            s.contact_tags);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM contacts c JOIN pipeline_stages st ON st.id = c.stage_id"
                " WHERE c.organization_id = ? AND st.organization_id = c.organization_id",
                {s.organization_id}),
            s.staged_contacts);
}

TEST_P(DemoSeederTest, PhoneNumbersAndBindingsFollowTheSeedShape) {
  DemoSeedSummary s = Seed("Demo Org", 10);
  auto rows = Rows(
      "SELECT number, country_code, type, status, compliance_status, currency,"
      " capabilities, channel_settings, is_external FROM phone_numbers"
      " WHERE organization_id = ?",
      {s.organization_id}, 9);
  ASSERT_EQ(rows.size(), 11u);
  int external = 0;
  std::set<std::string> types;
  for (const auto& r : rows) {
    SCOPED_TRACE(r[0]);
    auto normalized = domain::NormalizePhone(r[0], std::nullopt);
    ASSERT_TRUE(normalized.ok());
    EXPECT_EQ(normalized->region, r[1]);
    EXPECT_TRUE(domain::IsOneOf(r[2], domain::PhoneNumberTypes()));
    EXPECT_TRUE(domain::IsOneOf(r[3], domain::PhoneNumberStatuses()));
    EXPECT_TRUE(domain::IsOneOf(r[4], domain::ComplianceStatuses()));
    EXPECT_TRUE(r[5] == "EUR" || r[5] == "USD");
    EXPECT_NE(r[6].find("\"local_calling\":"), std::string::npos);
    EXPECT_NE(r[7].find("\"inbound\":{\"enabled\":"), std::string::npos);
    external += r[8] == "1";
    types.insert(r[2]);
  }
  EXPECT_EQ(external, 1);
  EXPECT_EQ(types.size(), 4u);
  auto channels = Rows(
      "SELECT channel, COUNT(*) FROM phone_number_bindings b JOIN agents a"
      " ON a.id = b.agent_id WHERE b.organization_id = ? GROUP BY channel"
      " ORDER BY channel",
      {s.organization_id}, 2);
  EXPECT_EQ(channels, (std::vector<std::vector<std::string>>{
                          {"call", "6"}, {"sms", "3"}, {"whatsapp", "2"}}));
}

TEST_P(DemoSeederTest, SecondRunDoesNotDuplicate) {
  DemoSeedSummary first = Seed("Demo Org", 50);
  DemoSeedSummary second = Seed("Demo Org", 50);
  EXPECT_TRUE(second.already_seeded);
  EXPECT_EQ(second.organization_id, first.organization_id);
  EXPECT_EQ(second.contacts, 50);
  EXPECT_EQ(second.pool_items, first.pool_items);
  EXPECT_EQ(second.contact_tags, first.contact_tags);
  EXPECT_EQ(second.phone_numbers, first.phone_numbers);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM users WHERE organization_id = ?", {first.organization_id}),
            1);
}

TEST_P(DemoSeederTest, IsReproducibleButOrganizationsGetTheirOwnIds) {
  DemoSeedSummary a = Seed("Demo Org", 30);
  DemoSeedSummary b = Seed("Second Org", 30);
  const std::string sql =
      "SELECT phone_number, name, email, uuid FROM contacts WHERE organization_id = ? ORDER BY id";
  auto rows_a = Rows(sql, {a.organization_id}, 4);
  auto rows_b = Rows(sql, {b.organization_id}, 4);
  ASSERT_EQ(rows_a.size(), 30u);
  ASSERT_EQ(rows_b.size(), 30u);
  for (size_t i = 0; i < rows_a.size(); ++i) {
    EXPECT_EQ(rows_a[i][0], rows_b[i][0]);
    EXPECT_EQ(rows_a[i][1], rows_b[i][1]);
    EXPECT_EQ(rows_a[i][2], rows_b[i][2]);
    EXPECT_NE(rows_a[i][3], rows_b[i][3]);
  }
}

TEST_P(DemoSeederTest, RejectsAnOutOfRangeCount) {
  DemoSeeder seeder(*conn_, clock_, ids_);
  DemoSeedOptions options;
  options.contacts = -1;
  auto r = seeder.Seed(options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kValidation);
  options.contacts = kMaxDemoContacts + 1;
  EXPECT_FALSE(seeder.Seed(options).ok());
}

TEST_P(DemoSeederTest, ZeroContactsStillSeedsTheRest) {
  DemoSeedSummary s = Seed("Empty Demo", 0);
  EXPECT_EQ(s.contacts, 0);
  EXPECT_EQ(s.pool_items, 0);
  EXPECT_EQ(s.pools, 3);
  EXPECT_EQ(s.phone_numbers, 11);
}

// The demo mints numbers from blocks without parsing them; sample every block
// across its whole range to keep that safe.
TEST(DemoCatalogTest, EveryNumberBlockGivesValidNumbersOfOneType) {
  std::mt19937_64 rng(7);
  for (const demo::Country& country : demo::Countries()) {
    for (const demo::NumberBlock& block : country.blocks) {
      SCOPED_TRACE(std::string(block.prefix));
      EXPECT_TRUE(domain::IsKnownTimeZone(std::string(block.timezone)));
      const uint64_t cap = demo::BlockCapacity(block);
      std::string type;
      std::set<std::string> seen;
      for (int i = 0; i < 200; ++i) {
        uint64_t index = i < 2 ? (i == 0 ? 0 : cap - 1) : rng() % cap;
        std::string number = demo::BlockNumber(block, index);
        auto n = domain::NormalizePhone(number, std::nullopt);
        ASSERT_TRUE(n.ok()) << number;
        EXPECT_EQ(n->region, country.region);
        if (type.empty()) type = n->number_type;
        EXPECT_EQ(n->number_type, type) << number;
        seen.insert(number);
      }
      // Distinct indices give distinct numbers.
      std::set<std::string> consecutive;
      for (uint64_t i = 0; i < 1000; ++i) consecutive.insert(demo::BlockNumber(block, i));
      EXPECT_EQ(consecutive.size(), 1000u);
    }
  }
}

TEST(DemoCatalogTest, EmailSafeFoldsAccents) {
  EXPECT_EQ(demo::EmailSafe("José"), "jose");
  EXPECT_EQ(demo::EmailSafe("Müller"), "muller");
  EXPECT_EQ(demo::EmailSafe("Groß"), "gross");
  EXPECT_EQ(demo::EmailSafe("O'Brien"), "obrien");
  EXPECT_EQ(demo::EmailSafe("Côté"), "cote");
}

}  // namespace
}  // namespace sb::tools
