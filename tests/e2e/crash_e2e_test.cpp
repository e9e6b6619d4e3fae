// A real `switchboard serve` killed with SIGKILL at random moments while
// clients write through it: bulk contact upserts, an import, dialer claims and
// call events from several threads. After each kill the store is checked with
// no server up, then a new server is started on it. Across every round:
//  - every write whose answer a client received (2xx) is in the store;
//  - no pool member is handed out by two received claims, and each received
//    claim is still held by its worker or ended by its worker's event (leases
//    last an hour, so none runs out during the test); at the end, with the
//    leases made to run out, every member is Completed or back to Pending,
//    each Completed one with exactly one call logged;
//  - the import holds whole batches only after each kill and ends with every
//    row of its file imported once;
//  - the files are sound (integrity_check on SQLite, amcheck on PostgreSQL).
//
// The kill moments come from a seed, printed; set SWITCHBOARD_CRASH_SEED to
// replay one. The server commits with the default durability (full). A kill
// shows what a process crash keeps, which full and normal both keep; what only
// full keeps (an OS crash, a power loss) a test cannot show short of pulling
// the plug.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "e2e/cli_helpers.hpp"
#include "e2e/crash_harness.hpp"
#include "support/engine_test.hpp"
#include "support/temp_dir.hpp"
#include "support/test_db.hpp"

namespace sb::testing {
namespace {

constexpr int kRounds = 5;
constexpr int kClaimWorkers = 3;
constexpr int kPoolMembers = 500;
constexpr int64_t kImportRows = 5000;  // five batches of 1 000: resumed across kills
constexpr int kBulkItems = 10;         // contacts per bulk upsert

std::string Phone(int64_t base, int64_t i) { return "+1415" + std::to_string(base + i); }
// Numbers of the pool's contacts, the import's rows and the bulk upserts: apart.
constexpr int64_t kPoolPhones = 2000000;
constexpr int64_t kImportPhones = 3000000;
constexpr int64_t kBulkPhones = 4000000;

uint32_t Seed() {
  const char* env = std::getenv("SWITCHBOARD_CRASH_SEED");
  if (env != nullptr && *env != '\0') return static_cast<uint32_t>(std::stoul(env));
  return std::random_device{}();
}

// What the clients were told, from every thread.
struct Ledger {
  std::mutex mu;
  std::vector<std::string> contacts;               // uuids a bulk upsert answered
  std::map<std::string, std::string> claims;       // contact uuid -> worker, claims answered
  std::vector<std::string> doubled;                // handed out by a second answered claim
  std::map<std::string, std::string> completions;  // contact uuid -> call uuid, events answered
  std::vector<std::string> surprises;              // 2xx answers that say something is wrong
};

class CrashE2E : public ::sb::testing::EngineTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.ok()) << store_.error();
    RunResult token = Cli({"token", "create", "--db", store_.target(), "--org", "Acme"});
    ASSERT_EQ(token.status.exit_code, 0) << Describe(token);
    token_ = token.out.substr(0, token.out.find('\n'));
    auto database = store_.Open(2);
    ASSERT_TRUE(database.ok()) << database.error().details();
    db_ = std::move(database).value();
    org_ = Scalar(*db_, "SELECT id FROM organizations WHERE name = 'Acme'");
    ASSERT_GT(org_, 0);
  }

  std::unique_ptr<CrashServer> StartServer() {
    auto server = std::make_unique<CrashServer>(store_.target(), dir_.File("spool"));
    EXPECT_TRUE(server->Started()) << server->err();
    EXPECT_NE(server->err().find("durability full"), std::string::npos) << server->err();
    return server;
  }

  Answer Post(CrashServer& s, const std::string& path, const std::string& body) {
    return s.Call("POST", path, token_, body);
  }

  // The dialer's setup and the import, through the first server.
  void Prepare(CrashServer& s) {
    auto number = Post(s, "/api/v1/phone-numbers",
                       R"({"number":"+14156660000","type":"mobile",)"
                       R"("channel_settings":{"voice":{"channel_limit":1000}}})");
    ASSERT_EQ(number.status, 201) << number.body;
    auto agent = Post(s, "/api/v1/agents", R"({"name":"Ava"})");
    ASSERT_EQ(agent.status, 201) << agent.body;
    const std::string agent_uuid = agent.data()["uuid"].GetString();
    auto bound = Post(s, "/api/v1/agents/" + agent_uuid + "/channels/call",
                      R"({"phone_number_uuid":")" +
                          std::string(number.data()["phone_number_uuid"].GetString()) + "\"}");
    ASSERT_EQ(bound.status, 200) << bound.body;
    auto pool = Post(s, "/api/v1/pools",
                     R"({"name":"Leads","description":"","type":"FIFO","max_parallel_items":100})");
    ASSERT_EQ(pool.status, 201) << pool.body;
    pool_ = pool.data()["uuid"].GetString();
    const std::string zone = ZoneAtNoonNow();
    std::string items;
    for (int i = 0; i < kPoolMembers; ++i) {
      items += std::string(i ? "," : "") + R"({"name":"Member)" + std::to_string(i) +
               R"(","phone_number":")" + Phone(kPoolPhones, i) + R"(","timezone":")" + zone + "\"}";
    }
    auto members = Post(s, "/api/v1/contacts/bulk", R"({"contacts":[)" + items + "]}");
    ASSERT_EQ(members.status, 200) << members.body.substr(0, 500);
    ASSERT_EQ(members.data()["created"].GetInt(), kPoolMembers) << members.body.substr(0, 500);
    std::string uuids;
    for (const auto& r : members.data()["results"].GetArray()) {
      uuids += std::string(uuids.empty() ? "" : ",") + "\"" + r["uuid"].GetString() + "\"";
    }
    auto added =
        Post(s, "/api/v1/pools/" + pool_ + "/contacts", R"({"contact_uuids":[)" + uuids + "]}");
    ASSERT_EQ(added.status, 200) << added.body;
    auto campaign =
        Post(s, "/api/v1/campaigns",
             R"({"name":"Crash","status":"Active","agent_uuid":")" + agent_uuid + "\"}");
    ASSERT_EQ(campaign.status, 201) << campaign.body;
    campaign_ = campaign.data()["uuid"].GetString();
    auto attached = Post(s, "/api/v1/campaigns/" + campaign_ + "/pools",
                         R"({"pool_uuids":[")" + pool_ + "\"]}");
    ASSERT_EQ(attached.status, 200) << attached.body;
    pool_id_ = Scalar(*db_, "SELECT id FROM pools WHERE uuid = ?", {pool_});
    campaign_id_ = Scalar(*db_, "SELECT id FROM campaigns WHERE uuid = ?", {campaign_});

    std::string csv = "name,phone_number\n";
    for (int64_t i = 0; i < kImportRows; ++i) {
      csv += "Row" + std::to_string(i) + "," + Phone(kImportPhones, i) + "\n";
    }
    auto import = s.Call("POST", "/api/v1/contacts/import", token_, csv, "text/csv");
    ASSERT_EQ(import.status, 202) << import.body;
  }

  // Bulk upserts of new numbers until `stop`.
  void BulkWriter(CrashServer& s, std::atomic<bool>& stop) {
    while (!stop) {
      const int64_t first = next_bulk_.fetch_add(kBulkItems);
      std::string items;
      for (int i = 0; i < kBulkItems; ++i) {
        items += std::string(i ? "," : "") + R"({"name":"Bulk","phone_number":")" +
                 Phone(kBulkPhones, first + i) + "\"}";
      }
      auto res = Post(s, "/api/v1/contacts/bulk",
                      R"({"upsert_by":"phone_number","contacts":[)" + items + "]}");
      if (!res.ok()) continue;  // no answer: the write may or may not be in
      std::lock_guard<std::mutex> lock(ledger_.mu);
      for (const auto& r : res.data()["results"].GetArray()) {
        if (!r["uuid"].IsString()) {
          ledger_.surprises.push_back("bulk item refused: " + res.body.substr(0, 300));
          continue;
        }
        ledger_.contacts.push_back(r["uuid"].GetString());
      }
    }
  }

  // Claims one member at a time and completes it, until `stop`.
  void ClaimWorker(CrashServer& s, const std::string& worker, std::atomic<bool>& stop) {
    while (!stop) {
      auto claim = Post(s, "/api/v1/campaigns/" + campaign_ + "/claim",
                        R"({"worker_id":")" + worker + R"(","limit":1,"lease_seconds":3600})");
      if (!claim.ok()) continue;
      if (!claim.data().IsArray() || claim.data().Empty()) {
        // The pool ran dry (PostgreSQL gets through it within a round or two).
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      const std::string contact = claim.data()[0]["contact"]["uuid"].GetString();
      {
        std::lock_guard<std::mutex> lock(ledger_.mu);
        if (!ledger_.claims.emplace(contact, worker).second) ledger_.doubled.push_back(contact);
      }
      auto done = Post(s, "/api/v1/pools/" + pool_ + "/contacts/" + contact + "/events",
                       R"({"type":"completed","worker_id":")" + worker + "\"}");
      if (!done.ok()) continue;
      std::lock_guard<std::mutex> lock(ledger_.mu);
      if (!done.data()["call_uuid"].IsString()) {
        ledger_.surprises.push_back("no call logged: " + done.body.substr(0, 300));
      } else {
        ledger_.completions[contact] = done.data()["call_uuid"].GetString();
      }
    }
  }

  // The pool's members: contact uuid -> "status worker".
  std::map<std::string, std::pair<std::string, std::string>> Members() {
    std::map<std::string, std::pair<std::string, std::string>> out;
    auto uuids = Column(*db_,
                        "SELECT c.uuid FROM pool_items p JOIN contacts c ON c.id = p.contact_id"
                        " WHERE p.pool_id = ? ORDER BY p.id",
                        {pool_id_});
    auto statuses =
        Column(*db_, "SELECT status FROM pool_items WHERE pool_id = ? ORDER BY id", {pool_id_});
    auto workers =
        Column(*db_, "SELECT COALESCE(worker_id, '') FROM pool_items WHERE pool_id = ? ORDER BY id",
               {pool_id_});
    EXPECT_EQ(uuids.size(), statuses.size());
    for (size_t i = 0; i < uuids.size() && i < statuses.size() && i < workers.size(); ++i) {
      out[uuids[i]] = {statuses[i], workers[i]};
    }
    return out;
  }

  // Every answered write is in the store, and the store is whole.
  void CheckAfterKill(const std::string& when, bool final) {
    SCOPED_TRACE(when);
    std::lock_guard<std::mutex> lock(ledger_.mu);
    EXPECT_TRUE(ledger_.surprises.empty()) << ledger_.surprises.front();
    EXPECT_TRUE(ledger_.doubled.empty()) << "handed out twice: " << ledger_.doubled.front();
    const auto contacts =
        ColumnSet(*db_, "SELECT uuid FROM contacts WHERE organization_id = ?", {org_});
    int missing = 0;
    for (const auto& uuid : ledger_.contacts) missing += contacts.count(uuid) == 0 ? 1 : 0;
    EXPECT_EQ(missing, 0) << "of " << ledger_.contacts.size() << " answered bulk contacts";

    const auto members = Members();
    EXPECT_EQ(members.size(), static_cast<size_t>(kPoolMembers)) << "no member lost";
    const auto calls = ColumnSet(*db_, "SELECT uuid FROM calls WHERE organization_id = ?", {org_});
    for (const auto& [contact, worker] : ledger_.claims) {
      auto it = members.find(contact);
      ASSERT_NE(it, members.end()) << contact;
      const auto& [status, holder] = it->second;
      auto done = ledger_.completions.find(contact);
      if (done != ledger_.completions.end()) {
        EXPECT_EQ(status, "Completed") << contact << ": its completion was answered";
        EXPECT_EQ(calls.count(done->second), 1u) << "the answered call " << done->second;
      } else if (final) {
        EXPECT_TRUE(status == "Completed" || status == "Pending")
            << contact << " is " << status << " after its lease ran out";
      } else {
        EXPECT_TRUE(status == "Completed" || (status == "Processing" && holder == worker))
            << contact << " claimed by " << worker << " is " << status << " held by " << holder;
      }
    }
    int64_t completed = 0;
    for (const auto& [contact, state] : members) {
      completed += state.first == "Completed" ? 1 : 0;
      if (final) {
        EXPECT_TRUE(state.first == "Completed" || state.first == "Pending")
            << contact << " is " << state.first;
      } else if (state.first == "Processing") {
        EXPECT_TRUE(state.second.starts_with("r")) << "held by a worker of the test";
      }
    }
    EXPECT_EQ(
        Scalar(*db_, "SELECT COUNT(*) FROM calls WHERE organization_id = ? AND campaign_id = ?",
               {org_, campaign_id_}),
        completed)
        << "one call per completed member, none twice";

    // The import: whole batches, counts that describe the store.
    auto rows = Column(*db_,
                       "SELECT status || ' ' || rows_read || ' ' || created || ' ' || updated"
                       " || ' ' || skipped || ' ' || failed || ' ' || COALESCE(error, '')"
                       " FROM imports WHERE organization_id = ?",
                       {org_});
    ASSERT_EQ(rows.size(), 1u);
    std::istringstream in(rows[0]);
    std::string status;
    int64_t read = -1, created = -1, updated = -1, skipped = -1, failed = -1;
    in >> status >> read >> created >> updated >> skipped >> failed;
    const int64_t imported = Scalar(
        *db_,
        "SELECT COUNT(*) FROM contacts WHERE organization_id = ? AND phone_number LIKE '+14153%'",
        {org_});
    EXPECT_EQ(read % 1000 == 0 || read == kImportRows, true) << rows[0];
    EXPECT_EQ(created, read) << rows[0];
    EXPECT_EQ(updated + skipped + failed, 0) << rows[0];
    EXPECT_EQ(imported, created) << "every row counted is a contact, none twice";
    if (final) {
      EXPECT_EQ(status, "completed") << rows[0];
      EXPECT_EQ(read, kImportRows) << rows[0];
    }
    const std::string problems = IntegrityProblems(*db_);
    EXPECT_EQ(problems, "") << "the store's files are damaged";
  }

  TestStore store_;
  TempDir dir_;
  std::string token_, pool_, campaign_;
  int64_t org_ = 0, pool_id_ = 0, campaign_id_ = 0;
  std::unique_ptr<db::Database> db_;
  Ledger ledger_;
  std::atomic<int64_t> next_bulk_{0};
};

SB_INSTANTIATE_ENGINES(CrashE2E);

TEST_P(CrashE2E, AnsweredWritesSurviveSigkillAndTheStoreStaysWhole) {
  const uint32_t seed = Seed();
  std::cout << "[ CrashE2E ] seed " << seed << " (SWITCHBOARD_CRASH_SEED replays it)" << std::endl;
  RecordProperty("seed", std::to_string(seed));
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  SystemClock clock;

  for (int round = 0; round < kRounds; ++round) {
    auto server = StartServer();
    ASSERT_NE(server->port(), 0);
    if (round == 0) {
      Prepare(*server);
      if (HasFatalFailure()) return;
    }
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    clients.emplace_back([&] { BulkWriter(*server, stop); });
    for (int w = 0; w < kClaimWorkers; ++w) {
      clients.emplace_back([&, round, w] {
        ClaimWorker(*server, "r" + std::to_string(round) + "w" + std::to_string(w), stop);
      });
    }
    // The import must get somewhere between kills: it counts an attempt each
    // time a server takes it over, and five takeovers without a committed
    // batch fail it (a file that kills every server must not loop for ever).
    // So each round waits for one more batch, then kills at a random moment.
    const int64_t read_before =
        Scalar(*db_, "SELECT rows_read FROM imports WHERE organization_id = ?", {org_});
    const Deadline progress = SecondsFromNow(60);
    while (std::chrono::steady_clock::now() < progress &&
           Scalar(*db_,
                  "SELECT COUNT(*) FROM imports WHERE organization_id = ?"
                  " AND status = 'running' AND rows_read = ?",
                  {org_, read_before}) +
                   Scalar(*db_,
                          "SELECT COUNT(*) FROM imports WHERE organization_id = ?"
                          " AND status = 'queued'",
                          {org_}) >
               0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const int after_ms = std::uniform_int_distribution<int>(50, 800)(random);
    std::this_thread::sleep_for(std::chrono::milliseconds(after_ms));
    server->Kill();
    stop = true;
    for (auto& c : clients) c.join();
    {
      std::lock_guard<std::mutex> lock(ledger_.mu);
      std::cout << "[ CrashE2E ] round " << round << ": killed " << after_ms
                << " ms after the import's next batch; " << ledger_.contacts.size()
                << " bulk contacts, " << ledger_.claims.size() << " claims, "
                << ledger_.completions.size() << " completions answered so far" << std::endl;
    }
    CheckAfterKill("after kill " + std::to_string(round), false);
    if (HasFatalFailure()) return;
    // The dead server's import lease stands in for two minutes passing: it
    // runs out now, so the next server resumes the import.
    Write(
        *db_,
        "UPDATE imports SET lease_expires_at = ? WHERE organization_id = ? AND status = 'running'",
        {db::Timestamp{clock.NowSeconds() - 5}, org_});
  }

  // The end: every lease runs out; a last server returns the members held by
  // dead workers to the pool and finishes the import, then stops cleanly.
  Write(*db_,
        "UPDATE pool_items SET lease_expires_at = ? WHERE pool_id = ?"
        " AND status IN ('Processing', 'In_Call')",
        {db::Timestamp{clock.NowSeconds() - 5}, pool_id_});
  auto server = StartServer();
  const Deadline deadline = SecondsFromNow(60);
  while (std::chrono::steady_clock::now() < deadline) {
    const int64_t held = Scalar(
        *db_,
        "SELECT COUNT(*) FROM pool_items WHERE pool_id = ? AND status IN ('Processing', 'In_Call')",
        {pool_id_});
    const int64_t open = Scalar(
        *db_, "SELECT COUNT(*) FROM imports WHERE organization_id = ? AND status <> 'completed'",
        {org_});
    if (held == 0 && open == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(server->Stop(), 0) << server->err();
  CheckAfterKill("at the end", true);
  std::lock_guard<std::mutex> lock(ledger_.mu);
  EXPECT_GT(ledger_.contacts.size(), 0u) << "the bulk writer got answers";
  EXPECT_GT(ledger_.completions.size(), 0u) << "the workers got answers";
}

}  // namespace
}  // namespace sb::testing
