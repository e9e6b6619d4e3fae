// End-to-end tests of the `switchboard` subcommands that read a store's data:
// simulate and export.
// On SQLite only, as the rest of CliE2E (cli_e2e_test.cpp says why).
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/csv_reader.hpp"
#include "e2e/cli_helpers.hpp"
#include "store/drivers/sqlite/sqlite_database.hpp"

namespace sb::testing {
namespace {

TEST(CliE2E, SimulateReportsAWeekOfTheDemoCampaignWithoutTouchingTheStore) {
  TempDir dir;
  const std::string db = dir.File("demo.db");
  ASSERT_EQ(Cli({"demo", "--db", db, "--contacts", "60"}).status.exit_code, 0);
  std::string campaign;
  {
    auto store = db::OpenSqlite(db::SqliteOptions{db});
    ASSERT_TRUE(store.ok());
    auto conn = (*store)->Acquire();
    auto rows = (*conn)->Query("SELECT uuid FROM campaigns WHERE status = 'Active'", {});
    ASSERT_TRUE(rows.ok() && (*rows)->Next().value());
    campaign = (*rows)->String(0);
  }
  const std::vector<std::string> args = {"simulate",
                                         "--db",
                                         db,
                                         "--campaign",
                                         campaign,
                                         "--days",
                                         "7",
                                         "--workers",
                                         "3",
                                         "--outcomes",
                                         "picked-up=0.3,no-answer=0.5,busy=0.2",
                                         "--seed",
                                         "9",
                                         "--start",
                                         "2024-03-07T00:00:00Z"};
  RunResult first = Cli(args);
  ASSERT_EQ(first.status.exit_code, 0) << Describe(first);
  rapidjson::Document report = ParseJson(first.out);
  ASSERT_TRUE(report.IsObject()) << first.out;
  EXPECT_EQ(report["attempts_outside_legal_window"].GetInt(), 0) << first.out;
  EXPECT_EQ(report["attempts_outside_rule_window"].GetInt(), 0) << first.out;
  EXPECT_STREQ(report["from"].GetString(), "2024-03-07T00:00:00Z");
  EXPECT_STREQ(report["to"].GetString(), "2024-03-14T00:00:00Z");
  int64_t by_hour = 0;
  for (const auto& h : report["attempts_by_local_hour"].GetObject()) by_hour += h.value.GetInt();
  EXPECT_GT(report["attempts"].GetInt(), 0);
  EXPECT_EQ(by_hour, report["attempts"].GetInt());
  EXPECT_EQ(Cli(args).out, first.out) << "the store is unchanged and the seed decides";

  RunResult bad = Cli({"simulate", "--db", db, "--campaign", campaign, "--outcomes", "busy=0.5"});
  EXPECT_EQ(bad.status.exit_code, 1) << Describe(bad);
  EXPECT_NE(bad.err.find("outcomes"), std::string::npos) << bad.err;
  RunResult unknown = Cli({"simulate", "--db", db, "--campaign",
                           "00000000-0000-7000-8000-000000000000", "--outcomes", "busy=1"});
  EXPECT_EQ(unknown.status.exit_code, 1) << Describe(unknown);
  EXPECT_NE(unknown.err.find("Campaign"), std::string::npos) << unknown.err;
}

// Reads every record of `csv`; fails the test on a malformed one.
std::vector<std::vector<std::string>> Records(const std::string& csv) {
  StringCsvSource source(csv);
  CsvReader reader(source);
  std::vector<std::vector<std::string>> out;
  CsvRecord record;
  while (true) {
    auto more = reader.Next(&record);
    if (!more.ok() || !*more) break;
    EXPECT_TRUE(record.ok()) << record.reason;
    out.push_back(record.cells);
  }
  return out;
}

TEST(CliE2E, ExportWritesTheOrganizationsContactsAsCsvFilteredLikeTheList) {
  TempDir dir;
  const std::string db = dir.File("demo.db");
  ASSERT_EQ(Cli({"demo", "--db", db, "--contacts", "40", "--org", "Acme"}).status.exit_code, 0);
  ASSERT_EQ(Cli({"demo", "--db", db, "--contacts", "5", "--org", "Globex"}).status.exit_code, 0);

  RunResult all = Cli({"export", "--db", db, "--org", "Acme"});
  ASSERT_EQ(all.status.exit_code, 0) << Describe(all);
  auto rows = Records(all.out);
  ASSERT_EQ(rows.size(), 41u) << "a header and every contact of Acme only";
  EXPECT_EQ(rows[0][0], "uuid");
  EXPECT_EQ(rows[0][1], "name");
  size_t status = std::find(rows[0].begin(), rows[0].end(), "status") - rows[0].begin();
  ASSERT_LT(status, rows[0].size());
  int64_t active = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), rows[0].size()) << "row " << i;
    active += rows[i][status] == "Active" ? 1 : 0;
  }

  RunResult only = Cli({"export", "--db", db, "--org", "Acme", "--status", "Active"});
  ASSERT_EQ(only.status.exit_code, 0) << Describe(only);
  EXPECT_EQ(static_cast<int64_t>(Records(only.out).size()), active + 1);
  RunResult same = Cli({"export", "--db", db, "--org", "Acme", "--filter", "status=Active"});
  EXPECT_EQ(same.out, only.out);

  RunResult bad = Cli({"export", "--db", db, "--org", "Acme", "--status", "Sleeping"});
  EXPECT_EQ(bad.status.exit_code, 1) << Describe(bad);
  EXPECT_NE(bad.err.find("--status"), std::string::npos) << bad.err;
  EXPECT_EQ(bad.out, "");
  RunResult nobody = Cli({"export", "--db", db, "--org", "Initech"});
  EXPECT_EQ(nobody.status.exit_code, 1) << Describe(nobody);
  EXPECT_NE(nobody.err.find("Organization not found"), std::string::npos) << nobody.err;
}

}  // namespace
}  // namespace sb::testing
