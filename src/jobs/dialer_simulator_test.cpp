#include "jobs/dialer_simulator.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include <fmt/format.h>

#include "core/time_format.hpp"
#include "support/test_db.hpp"

namespace sb::jobs {
namespace {

constexpr const char* kCampaign = "00000000-0000-7000-8000-0000000000e1";

TEST(OutcomeOdds, ParsesOddsThatAddUpToOneAndNamesWhatIsWrong) {
  auto odds = ParseOutcomeOdds("picked-up=0.3,no-answer=0.5,busy=0.2");
  ASSERT_TRUE(odds.ok()) << odds.error().message();
  ASSERT_EQ(odds->size(), 3u);
  EXPECT_EQ((*odds)[1].outcome, "no-answer");
  EXPECT_DOUBLE_EQ((*odds)[1].probability, 0.5);
  for (const char* bad :
       {"", "picked-up", "picked-up=1,busy=0.2", "picked-up=0.5", "answered=1", "picked-up=x",
        "picked-up=0,busy=1", "busy=0.5,busy=0.5", "picked-up=1,", "picked-up=1.5"}) {
    auto parsed = ParseOutcomeOdds(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().field(), "outcomes") << bad;
  }
}

// An organization whose Draft campaign has a weekday rule (09:00-18:00, two
// calls a day, a retry after an hour) over contacts in New York, London,
// Lord Howe, Kathmandu and Tokyo, and contacts without a zone in the US and
// France; one number carrying three calls at once.
class DialerSimulatorTest : public ::testing::Test {
 protected:
  void SetUp() override { Fill(store_, db_); }

  void Fill(testing::TestStore& store, std::unique_ptr<db::Database>& out) {
    auto db = store.Open(2);
    ASSERT_TRUE(db.ok()) << db.error().details();
    out = std::move(db).value();
    auto conn = out->Acquire();
    ASSERT_TRUE(conn.ok());
    db::Connection& c = **conn;
    auto run = [&](const std::string& sql, const db::Params& params) {
      auto done = c.Exec(sql, params);
      ASSERT_TRUE(done.ok()) << sql << ": " << done.error().details();
    };
    const db::Value at = db::Timestamp{*ParseIsoDateTime("2024-03-01T00:00:00Z")};
    run("INSERT INTO organizations (id, uuid, name, created_at, updated_at)"
        " VALUES (1, '00000000-0000-7000-8000-0000000000a1', 'Acme', ?, ?)",
        {at, at});
    run("INSERT INTO agents (id, organization_id, uuid, name, created_at, updated_at)"
        " VALUES (1, 1, '00000000-0000-7000-8000-0000000000b1', 'Ava', ?, ?)",
        {at, at});
    run("INSERT INTO phone_numbers (id, organization_id, uuid, number, country_code, type,"
        " channel_settings, purchased_at, created_at, updated_at) VALUES (1, 1,"
        " '00000000-0000-7000-8000-0000000000c1', '+12125550100', 'US', 'local',"
        " '{\"voice\":{\"enabled\":true,\"channel_limit\":3}}', ?, ?, ?)",
        {at, at, at});
    run("INSERT INTO phone_number_bindings (organization_id, phone_number_id, channel,"
        " agent_id, created_at) VALUES (1, 1, 'call', 1, ?)",
        {at});
    run("INSERT INTO rules (id, organization_id, uuid, name, max_calls_per_day,"
        " retry_interval_minutes, days_of_week, created_at, updated_at) VALUES (1, 1,"
        " '00000000-0000-7000-8000-0000000000f1', 'Weekdays', 2, 60, 'mon,tue,wed,thu,fri',"
        " ?, ?)",
        {at, at});
    run("INSERT INTO pools (id, organization_id, uuid, name, type, max_parallel_items,"
        " max_retries, created_at, updated_at) VALUES (1, 1,"
        " '00000000-0000-7000-8000-0000000000d1', 'Leads', 'FIFO', 10, 3, ?, ?)",
        {at, at});
    run("INSERT INTO campaigns (id, organization_id, uuid, name, status, agent_id, rule_id,"
        " created_at, updated_at) VALUES (1, 1, ?, 'Spring', 'Draft', 1, 1, ?, ?)",
        {kCampaign, at, at});
    run("INSERT INTO campaign_pools (organization_id, campaign_id, pool_id, created_at)"
        " VALUES (1, 1, 1, ?)",
        {at});
    struct Person {
      const char* phone;
      const char* country;
      const char* timezone;  // "" for none
    };
    const Person people[] = {
        {"+12125550101", "US", "America/New_York"},
        {"+12125550102", "US", "America/New_York"},
        {"+442071230001", "GB", "Europe/London"},
        {"+442071230002", "GB", "Europe/London"},
        {"+61255500001", "AU", "Australia/Lord_Howe"},
        {"+97714000001", "NP", "Asia/Kathmandu"},
        {"+81312345678", "JP", "Asia/Tokyo"},
        {"+13105550103", "US", ""},
        {"+13105550104", "US", ""},
        {"+33612345601", "FR", ""},
        {"+33612345602", "FR", ""},
        {"+33612345603", "FR", ""},
    };
    int64_t id = 0;
    for (const Person& p : people) {
      ++id;
      run("INSERT INTO contacts (id, organization_id, uuid, name, phone_number, country_code,"
          " timezone, created_at, updated_at) VALUES (?, 1, ?, 'C', ?, ?, ?, ?, ?)",
          {id, fmt::format("00000000-0000-7000-8000-{:012}", 100 + id), std::string(p.phone),
           std::string(p.country),
           *p.timezone ? db::Value(std::string(p.timezone)) : db::Value(db::Null{}), at, at});
      run("INSERT INTO pool_items (organization_id, pool_id, contact_id, added_at, updated_at)"
          " VALUES (1, 1, ?, ?, ?)",
          {id, at, at});
    }
    members_ = id;
  }

  SimulationOptions Week(uint64_t seed) {
    SimulationOptions o;
    o.campaign_uuid = kCampaign;
    o.start = *ParseIsoDateTime("2024-03-07T00:00:00Z");  // Thursday; New York springs forward
    o.days = 7;                                           // on Sunday the 10th
    o.workers = 4;
    o.outcomes = *ParseOutcomeOdds("picked-up=0.3,no-answer=0.5,busy=0.2");
    o.seed = seed;
    return o;
  }

  int64_t Count(const std::string& sql) {
    auto conn = db_->Acquire();
    auto n = (*conn)->QueryInt(sql, {});
    return n.ok() ? n->value_or(0) : -1;
  }

  testing::TestStore store_;
  std::unique_ptr<db::Database> db_;
  int64_t members_ = 0;
};

TEST_F(DialerSimulatorTest, AWeekNeverCallsOutsideAnyWindowAndAccountsForEveryAttempt) {
  auto report = SimulateCampaign(*db_, 1, Week(7));
  ASSERT_TRUE(report.ok()) << report.error().message() << " " << report.error().details();
  EXPECT_EQ(report->outside_legal_window, 0);
  EXPECT_EQ(report->outside_rule_window, 0);
  EXPECT_GT(report->attempts, members_) << "some members are retried";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM calls"), report->attempts);

  const auto& hours = report->attempts_by_local_hour;
  EXPECT_EQ(std::accumulate(hours.begin(), hours.end(), int64_t{0}), report->attempts);
  for (size_t h = 0; h < hours.size(); ++h) {
    if (h < 9 || h >= 18) {
      EXPECT_EQ(hours[h], 0) << "local hour " << h;
    }
  }
  int64_t by_outcome = 0;
  for (const auto& [outcome, n] : report->attempts_by_outcome) by_outcome += n;
  EXPECT_EQ(by_outcome, report->attempts);
  EXPECT_EQ(report->attempts_by_outcome.at("voicemail"), 0) << "not in the odds";
  int64_t by_day = 0;
  for (const auto& [day, n] : report->attempts_by_day) {
    by_day += n;
    EXPECT_NE(day, "2024-03-09") << "Saturday is not a rule day";
    EXPECT_NE(day, "2024-03-10") << "Sunday is not a rule day";
  }
  EXPECT_EQ(by_day, report->attempts);
  int64_t members = 0;
  for (const auto& [status, n] : report->members_by_status) members += n;
  EXPECT_EQ(members, members_);
  EXPECT_EQ(report->members_by_status.at("Processing") + report->members_by_status.at("In_Call"),
            0);
}

TEST_F(DialerSimulatorTest, TheSameSeedGivesTheSameReport) {
  auto first = SimulateCampaign(*db_, 1, Week(42));
  ASSERT_TRUE(first.ok());
  testing::TestStore other_store;
  std::unique_ptr<db::Database> other;
  Fill(other_store, other);
  auto second = SimulateCampaign(*other, 1, Week(42));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->attempts, second->attempts);
  EXPECT_EQ(first->attempts_by_local_hour, second->attempts_by_local_hour);
  EXPECT_EQ(first->attempts_by_outcome, second->attempts_by_outcome);
  EXPECT_EQ(first->members_by_status, second->members_by_status);
}

TEST_F(DialerSimulatorTest, RefusesBadOptionsAndFinishedCampaigns) {
  SimulationOptions o = Week(1);
  o.days = 0;
  EXPECT_EQ(SimulateCampaign(*db_, 1, o).error().field(), "days");
  o = Week(1);
  o.workers = 1001;
  EXPECT_EQ(SimulateCampaign(*db_, 1, o).error().field(), "workers");
  o = Week(1);
  o.campaign_uuid = "00000000-0000-7000-8000-0000000000e9";
  EXPECT_EQ(SimulateCampaign(*db_, 1, o).error().code(), ErrorCode::kNotFound);
  auto conn = db_->Acquire();
  ASSERT_TRUE((*conn)->Exec("UPDATE campaigns SET status = 'Archived'").ok());
  auto archived = SimulateCampaign(*db_, 1, Week(1));
  ASSERT_FALSE(archived.ok());
  EXPECT_EQ(archived.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(archived.error().field(), "status");
}

}  // namespace
}  // namespace sb::jobs
