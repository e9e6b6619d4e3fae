// End-to-end tests of `switchboard import` with other commands: SIGINT stops
// it and `switchboard serve` resumes it; an export imports into another
// organization unchanged.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "core/csv_reader.hpp"
#include "e2e/cli_helpers.hpp"
#include "e2e/cli_import_util.hpp"
#include "e2e/subprocess.hpp"

namespace sb::testing {
namespace {

// Reads every record of `csv`.
std::vector<std::vector<std::string>> Records(const std::string& csv) {
  StringCsvSource source(csv);
  CsvReader reader(source);
  std::vector<std::vector<std::string>> out;
  CsvRecord record;
  while (reader.Next(&record).value_or(false)) {
    EXPECT_TRUE(record.ok()) << record.reason;
    out.push_back(record.cells);
  }
  return out;
}

TEST_P(CliImportE2E, SigintStopsBetweenBatchesAndServeResumesTheImport) {
  TestStore store;
  ASSERT_TRUE(store.ok()) << store.error();
  TempDir dir;
  const std::string csv = dir.File("big.csv");
  constexpr int64_t kRows = 6000;
  WriteContactsCsv(csv, kRows);

  Subprocess import(
      {kBinary, "import", "--db", store.target(), "--org", "Acme", csv, "--batch-rows", "10"});
  ASSERT_TRUE(import.running()) << import.error();
  ASSERT_TRUE(import.WaitForStderrLine("progress: ", SecondsFromNow(120))) << import.err();
  import.Signal(SIGINT);
  ExitStatus stopped = import.Wait(SecondsFromNow(120));
  ASSERT_EQ(stopped.exit_code, 130) << import.out() << import.err();
  const std::string uuid = import.out().substr(0, 36);
  auto summary = SummaryOf(import.out());
  EXPECT_EQ(summary["status"], "running") << import.out();
  const int64_t read = std::stoll(summary["rows read"]);
  EXPECT_GT(read, 0);
  EXPECT_LT(read, kRows) << "stopped before the end";
  EXPECT_EQ(read % 10, 0) << "between two batches";
  EXPECT_NE(import.err().find("interrupted: stopped before line " + std::to_string(read + 2)),
            std::string::npos)
      << import.err();
  EXPECT_NE(import.err().find("resumes it"), std::string::npos) << import.err();
  {
    auto database = store.Open();
    ASSERT_TRUE(database.ok());
    EXPECT_EQ(QueryCount(**database, "SELECT COUNT(*) FROM contacts"), read);
    EXPECT_EQ(QueryCount(**database,
                         "SELECT COUNT(*) FROM imports WHERE status = 'running' AND"
                         " lease_owner IS NULL"),
              1)
        << "left running, its lease given up";
  }

  RunResult token = Cli({"token", "create", "--db", store.target(), "--org", "Acme"});
  ASSERT_EQ(token.status.exit_code, 0) << Describe(token);
  const std::string bearer = "Bearer " + token.out.substr(0, token.out.size() - 1);
  Subprocess serve({kBinary, "serve", "--db", store.target(), "--host", "127.0.0.1", "--port", "0",
                    "--threads", "2", "--import-dir", dir.File("spool")});
  auto listening = serve.WaitForStderrLine("listening on", SecondsFromNow(60));
  ASSERT_TRUE(listening) << serve.err();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(*listening, m, std::regex(R"(127\.0\.0\.1:(\d+))")));
  httplib::Client client("127.0.0.1", std::stoi(m[1].str()));
  client.set_read_timeout(std::chrono::seconds(30));
  std::string status;
  std::string body;
  const auto deadline = SecondsFromNow(180);
  while (std::chrono::steady_clock::now() < deadline) {
    auto res = client.Get("/api/v1/imports/" + uuid, {{"Authorization", bearer}});
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    ASSERT_EQ(res->status, 200) << res->body;
    body = res->body;
    rapidjson::Document doc = ParseJson(body);
    ASSERT_TRUE(doc.IsObject() && doc["data"]["status"].IsString()) << body;
    status = doc["data"]["status"].GetString();
    if (status != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(status, "completed") << body;
  serve.Signal(SIGTERM);
  serve.Wait(SecondsFromNow(60));
  auto database = store.Open();
  ASSERT_TRUE(database.ok());
  EXPECT_EQ(QueryCount(**database, "SELECT COUNT(*) FROM contacts"), kRows)
      << "every row once: resumed after the last committed batch";
  EXPECT_EQ(QueryCount(**database, "SELECT created FROM imports"), kRows);
  EXPECT_TRUE(std::filesystem::exists(csv)) << "serve leaves a file outside its spool alone";
}

TEST_P(CliImportE2E, AnExportImportsIntoAnotherOrganizationWithTheSameContactsTagsAndMetadata) {
  TestStore store;
  ASSERT_TRUE(store.ok()) << store.error();
  TempDir dir;
  RunResult demo = Cli({"demo", "--db", store.target(), "--contacts", "80", "--org", "Acme"});
  ASSERT_EQ(demo.status.exit_code, 0) << Describe(demo);
  RunResult exported = Cli({"export", "--db", store.target(), "--org", "Acme"});
  ASSERT_EQ(exported.status.exit_code, 0) << Describe(exported);
  const std::string csv = dir.File("acme.csv");
  { std::ofstream(csv, std::ios::binary) << exported.out; }
  const auto before = Records(exported.out);
  ASSERT_EQ(before.size(), 81u);

  // stage_uuid and owner_uuid name Acme's stages and users, which the other
  // organization does not have: a mapping leaves them out (and the read-only
  // columns, which the default mapping ignores too).
  const std::vector<std::string>& header = before[0];
  std::string mapping = "{";
  for (const std::string& column : header) {
    static const std::vector<std::string> kSkipped = {
        "uuid",       "stage_uuid",       "owner_uuid",  "created_at",
        "updated_at", "last_call_status", "last_call_at"};
    if (std::find(kSkipped.begin(), kSkipped.end(), column) != kSkipped.end()) continue;
    mapping += (mapping.size() > 1 ? "," : "") + ("\"" + column + "\":\"" + column + "\"");
  }
  mapping += "}";
  RunResult imported =
      Cli({"import", "--db", store.target(), "--org", "Globex", csv, "--mapping", mapping});
  ASSERT_EQ(imported.status.exit_code, 0) << Describe(imported);
  auto summary = SummaryOf(imported.out);
  EXPECT_EQ(summary["created"], "80") << imported.out;
  EXPECT_EQ(summary["failed"], "0") << imported.out;

  RunResult again = Cli({"export", "--db", store.target(), "--org", "Globex"});
  ASSERT_EQ(again.status.exit_code, 0) << Describe(again);
  const auto after = Records(again.out);
  ASSERT_EQ(after.size(), before.size());
  ASSERT_EQ(after[0], header) << "the same columns, metadata keys included";
  // Contact by phone number (or email): every column but the Acme-only ones.
  auto keyed = [&](const std::vector<std::vector<std::string>>& rows) {
    const auto col = [&](const std::string& name) {
      return static_cast<size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    };
    std::map<std::string, std::vector<std::string>> out;
    for (size_t i = 1; i < rows.size(); ++i) {
      std::vector<std::string> kept;
      for (size_t c = 0; c < header.size(); ++c) {
        const std::string& h = header[c];
        if (h == "uuid" || h == "stage_uuid" || h == "owner_uuid" || h == "created_at" ||
            h == "updated_at" || h == "last_call_status" || h == "last_call_at") {
          continue;
        }
        std::string cell = rows[i][c];
        if (h == "tags") {  // a set: the order is the store's
          std::vector<std::string> names;
          for (size_t p = 0, q; p <= cell.size(); p = q + 1) {
            q = std::min(cell.find(';', p), cell.size());
            if (q > p) names.push_back(cell.substr(p, q - p));
          }
          std::sort(names.begin(), names.end());
          cell.clear();
          for (const auto& n : names) cell += n + ";";
        }
        kept.push_back(h + "=" + cell);
      }
      out[rows[i][col("phone_number")] + "|" + rows[i][col("email")]] = kept;
    }
    return out;
  };
  const auto want = keyed(before);
  const auto got = keyed(after);
  EXPECT_EQ(want.size(), 80u);
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace sb::testing
