#include "jobs/dialer_simulator.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "core/time_format.hpp"
#include "support/dialer_seed.hpp"
#include "support/test_db.hpp"

namespace sb::jobs {
namespace {

constexpr const char* kCampaign = testing::kSeedCampaignUuid;

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
    testing::DialerSeed seed;
    seed.at = *ParseIsoDateTime("2024-03-01T00:00:00Z");
    seed.lines = 3;
    seed.number = "+12125550100";
    seed.number_country = "US";
    seed.pool_type = "FIFO";
    seed.campaign_status = "Draft";
    seed.rule_max_calls_per_day = 2;
    seed.rule_retry_interval_minutes = 60;
    seed.rule_days = "mon,tue,wed,thu,fri";
    ASSERT_TRUE(testing::SeedDialingOrganization(c, seed).ok());
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
      auto added = testing::SeedMember(c, seed.at, ++id, p.phone, p.country, p.timezone);
      ASSERT_TRUE(added.ok()) << added.error().details();
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
