// End-to-end test of a `switchboard import` killed for real (SIGKILL, no
// handler runs, nothing is flushed or released) while it writes its batches:
// the store holds whole batches only, with counts that describe it, and
// `switchboard serve` on the same store finishes the import once the dead
// process's lease has run out, every row of the file imported exactly once.
//
// The other tests of interrupted imports stop them gracefully (SIGINT between
// batches, cli_import_resume_e2e_test.cpp) or make the store refuse a batch
// (tests/support/failing_database.hpp); only a kill shows that a batch cut
// short by the process's death leaves nothing behind.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/webhook.hpp"
#include "e2e/cli_helpers.hpp"
#include "e2e/cli_import_util.hpp"
#include "e2e/subprocess.hpp"
#include "store/repositories/webhook_repository.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

// Enough rows that the import, at kBatchRows a transaction, is still running
// when the test has seen kKillAfterRows committed, even on a fast machine (it
// takes about 5 s under AddressSanitizer, 2000 rows/s), and few enough that
// the whole test stays well within 30 s on PostgreSQL.
constexpr int64_t kRows = 10000;
constexpr int64_t kBatchRows = 200;
// The kill comes once this many rows are committed (several batches: the
// resume starts deep in the file), and most of the file is still unread.
constexpr int64_t kKillAfterRows = kRows / 5;

// The phone number of row `i`: a valid US number, unique, and of one length,
// so that the store's order of the numbers is the file's order.
std::string UsPhone(int64_t i) { return "+1415" + std::to_string(2000000 + i); }

// Row i's tags: two, one or none, so that the tag links a batch makes depend
// on which rows it holds.
const char* TagsOfRow(int64_t i) {
  static const char* const kTags[] = {"vip;lead", "lead", "", ""};
  return kTags[i % 4];
}

// The contact_tags rows that the file's first `rows` rows make.
int64_t TagLinksOfFirstRows(int64_t rows) {
  static const int64_t kLinks[] = {2, 1, 0, 0};
  int64_t links = 0;
  for (int64_t i = 0; i < rows; ++i) links += kLinks[i % 4];
  return links;
}

void WriteUsContactsCsv(const std::string& path, int64_t rows) {
  std::ofstream out(path, std::ios::binary);
  out << "name,surname,phone_number,tags\n";
  for (int64_t i = 0; i < rows; ++i) {
    out << "Lead" << i << ",Kill" << i << "," << UsPhone(i) << "," << TagsOfRow(i) << "\n";
  }
}

// The organization's import and what the store holds beside it.
struct ImportState {
  std::string status;
  std::optional<std::string> lease_owner;
  std::optional<int64_t> lease_expires_at;
  int64_t rows_read = 0;
  int64_t created = 0;
  int64_t updated = 0;
  int64_t skipped = 0;
  int64_t failed = 0;
  int64_t contacts = 0;
  int64_t distinct_phones = 0;
  std::string last_phone;  // the greatest phone_number among the contacts
  int64_t tag_links = 0;
  int64_t import_errors = 0;
  int64_t completed_events = 0;
};

// Reads ImportState in one statement: on PostgreSQL, the killed process's
// last COMMIT may still land while the test reads, and one statement sees one
// snapshot, so the counts and the import row always describe the same
// moment. nullopt while the organization has no import yet.
std::optional<ImportState> ReadImportState(db::Database& database, int64_t org) {
  auto conn = database.Acquire();
  EXPECT_TRUE(conn.ok());
  if (!conn.ok()) return std::nullopt;
  auto rows = (*conn)->Query(
      "SELECT i.status, i.lease_owner, i.lease_expires_at, i.rows_read, i.created, i.updated,"
      " i.skipped, i.failed,"
      " (SELECT COUNT(*) FROM contacts c WHERE c.organization_id = i.organization_id),"
      " (SELECT COUNT(DISTINCT c.phone_number) FROM contacts c"
      "   WHERE c.organization_id = i.organization_id),"
      " (SELECT MAX(c.phone_number) FROM contacts c WHERE c.organization_id = i.organization_id),"
      " (SELECT COUNT(*) FROM contact_tags t WHERE t.organization_id = i.organization_id),"
      " (SELECT COUNT(*) FROM import_errors e"
      "   WHERE e.organization_id = i.organization_id AND e.import_id = i.id),"
      " (SELECT COUNT(*) FROM webhook_events w"
      "   WHERE w.organization_id = i.organization_id AND w.type = 'import.completed')"
      " FROM imports i WHERE i.organization_id = ?",
      {org});
  EXPECT_TRUE(rows.ok()) << rows.error().details();
  if (!rows.ok()) return std::nullopt;
  auto more = (*rows)->Next();
  EXPECT_TRUE(more.ok()) << more.error().details();
  if (!more.ok() || !*more) return std::nullopt;
  const db::Rows& r = **rows;
  ImportState s;
  s.status = r.String(0);
  s.lease_owner = r.OptString(1);
  s.lease_expires_at = r.OptTime(2);
  s.rows_read = r.Int(3);
  s.created = r.Int(4);
  s.updated = r.Int(5);
  s.skipped = r.Int(6);
  s.failed = r.Int(7);
  s.contacts = r.Int(8);
  s.distinct_phones = r.Int(9);
  s.last_phone = r.OptString(10).value_or("");
  s.tag_links = r.Int(11);
  s.import_errors = r.Int(12);
  s.completed_events = r.Int(13);
  return s;
}

class CliImportKillE2E : public ::sb::testing::EngineTest {};
SB_INSTANTIATE_ENGINES(CliImportKillE2E);

TEST_P(CliImportKillE2E, SigkillMidImportLeavesWholeBatchesAndServeImportsEveryRowOnce) {
  TestStore store;
  ASSERT_TRUE(store.ok()) << store.error();
  TempDir dir;
  const std::string csv = dir.File("leads.csv");
  WriteUsContactsCsv(csv, kRows);
  auto database = store.Open();
  ASSERT_TRUE(database.ok()) << database.error().details();
  SystemClock clock;
  UuidV7Generator ids;

  // The organization exists before the import, with a webhook listening for
  // import.completed the whole time, so that the store shows when (and how
  // often) the import was reported finished.
  RunResult token = Cli({"token", "create", "--db", store.target(), "--org", "Acme"});
  ASSERT_EQ(token.status.exit_code, 0) << Describe(token);
  const int64_t org = OrgId(**database, "Acme");
  ASSERT_NE(org, 0);
  {
    auto conn = (*database)->Acquire();
    ASSERT_TRUE(conn.ok());
    domain::Webhook hook;
    // Never reached: serve refuses private addresses without
    // --webhook-allow-private, and only the event row matters here.
    hook.url = "http://127.0.0.1:9/switchboard";
    hook.events = {"import.completed"};
    hook.secret = "kill-test-secret-0123456789";
    auto created = store::WebhookRepository(**conn, clock, ids).Create(org, hook);
    ASSERT_TRUE(created.ok()) << created.error().details();
  }

  // 1. Start the import and kill it once kKillAfterRows rows are committed:
  //    well into the file, with most of it still to read, and the next batch
  //    most likely half written (a batch's time is mostly its transaction).
  Subprocess import({kBinary, "import", "--db", store.target(), "--org", "Acme", csv,
                     "--batch-rows", std::to_string(kBatchRows)});
  ASSERT_TRUE(import.running()) << import.error();
  std::optional<ImportState> seen;
  const Deadline started = SecondsFromNow(60);
  while (std::chrono::steady_clock::now() < started) {
    seen = ReadImportState(**database, org);
    // (Created queued, then claimed: "queued" may show for a moment.)
    if (seen && (seen->rows_read >= kKillAfterRows || seen->status == "completed" ||
                 seen->status == "failed")) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(seen) << "no import within 60 s\n" << import.err();
  ASSERT_EQ(seen->status, "running")
      << "the import ended before the test could kill it: raise kRows\n"
      << import.out() << import.err();
  ASSERT_GE(seen->rows_read, kKillAfterRows)
      << "not " << kKillAfterRows << " rows committed within 60 s\n"
      << import.err();
  import.Signal(SIGKILL);
  ExitStatus killed = import.Wait(SecondsFromNow(30));
  ASSERT_EQ(killed.signal, SIGKILL) << "the import exited (code " << killed.exit_code
                                    << ") before SIGKILL reached it: raise kRows\n"
                                    << import.out() << import.err();

  // 2. Right after the kill: whole batches, and counts that describe the store.
  auto after_kill = ReadImportState(**database, org);
  ASSERT_TRUE(after_kill);
  const ImportState& k = *after_kill;
  EXPECT_EQ(k.status, "running") << "nobody ended it: its process died";
  EXPECT_GT(k.rows_read, 0);
  EXPECT_LT(k.rows_read, kRows) << "killed mid-way: raise kRows";
  EXPECT_EQ(k.rows_read % kBatchRows, 0) << "whole batches only: " << k.rows_read << " rows read";
  EXPECT_EQ(k.created + k.updated + k.skipped + k.failed, k.rows_read);
  EXPECT_EQ(k.created, k.rows_read) << "a fresh organization, every row valid and distinct";
  EXPECT_EQ(k.failed, 0);
  EXPECT_EQ(k.import_errors, k.failed);
  EXPECT_EQ(k.contacts, k.created + k.updated)
      << "no contact of a half-written batch, none counted but missing";
  EXPECT_EQ(k.distinct_phones, k.contacts);
  EXPECT_EQ(k.last_phone, UsPhone(k.rows_read - 1)) << "the contacts are the file's first rows";
  EXPECT_EQ(k.tag_links, TagLinksOfFirstRows(k.rows_read))
      << "the tags of the committed rows, none of the batch cut short";
  EXPECT_EQ(k.completed_events, 0) << "a killed import is not reported finished";
  EXPECT_TRUE(k.lease_owner && k.lease_owner->starts_with("switchboard-import:"))
      << "the dead process still holds the lease: " << k.lease_owner.value_or("(none)");
  EXPECT_GT(k.lease_expires_at.value_or(0), clock.NowSeconds())
      << "nobody may take the import over before its lease runs out";

  // 3. The test stands in for the lease's two minutes passing: it moves the
  //    expiry just into the past (not far: an import whose lease ran out over
  //    kImportAbandonSeconds ago counts as abandoned).
  {
    auto conn = (*database)->Acquire();
    ASSERT_TRUE(conn.ok());
    auto expired = (*conn)->Exec(
        "UPDATE imports SET lease_expires_at = ?"
        " WHERE organization_id = ? AND status = 'running'",
        {db::Timestamp{clock.NowSeconds() - 5}, org});
    ASSERT_TRUE(expired.ok()) << expired.error().details();
    ASSERT_EQ(*expired, 1);
  }

  // 4. `serve` on the same store takes the import over and finishes it.
  // --durability normal: what is tested is a process crash, which NORMAL
  // survives in WAL mode, and 50 batches with an fsync each are slow on a
  // loaded machine (CrashE2E kills servers that run with the default, full).
  Subprocess serve({kBinary, "serve", "--db", store.target(), "--host", "127.0.0.1", "--port", "0",
                    "--threads", "2", "--import-dir", dir.File("spool"), "--durability", "normal"});
  ASSERT_TRUE(serve.running()) << serve.error();
  ASSERT_TRUE(serve.WaitForStderrLine("listening on", SecondsFromNow(60))) << serve.err();
  std::optional<ImportState> end;
  const Deadline finished = SecondsFromNow(120);
  while (std::chrono::steady_clock::now() < finished) {
    end = ReadImportState(**database, org);
    if (end && end->status != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  serve.Signal(SIGTERM);
  ExitStatus stopped = serve.Wait(SecondsFromNow(60));
  EXPECT_EQ(stopped.exit_code, 0) << serve.err();
  ASSERT_TRUE(end);
  ASSERT_EQ(end->status, "completed") << serve.err();
  EXPECT_EQ(end->rows_read, kRows) << "resumed after the last committed batch, none read twice";
  EXPECT_EQ(end->created, kRows);
  EXPECT_EQ(end->updated, 0);
  EXPECT_EQ(end->skipped, 0) << "a skipped row was imported before the kill and read again";
  EXPECT_EQ(end->failed, 0);
  EXPECT_EQ(end->import_errors, 0);
  EXPECT_EQ(end->contacts, kRows) << "every row of the file is a contact";
  EXPECT_EQ(end->distinct_phones, kRows) << "each exactly once";
  EXPECT_EQ(end->last_phone, UsPhone(kRows - 1));
  EXPECT_EQ(end->tag_links, TagLinksOfFirstRows(kRows));
  EXPECT_EQ(QueryCount(**database, "SELECT COUNT(*) FROM tags WHERE organization_id = ?", {org}), 2)
      << "vip and lead, each made once";
  EXPECT_FALSE(end->lease_owner) << "a finished import holds no lease";
  ASSERT_EQ(end->completed_events, 1) << "reported finished once";
  auto conn = (*database)->Acquire();
  ASSERT_TRUE(conn.ok());
  auto rows = (*conn)->Query(
      "SELECT data FROM webhook_events"
      " WHERE organization_id = ? AND type = 'import.completed'",
      {org});
  ASSERT_TRUE(rows.ok() && (*rows)->Next().value_or(false));
  rapidjson::Document event = ParseJson((*rows)->String(0));
  ASSERT_TRUE(event.IsObject() && event.HasMember("import")) << (*rows)->String(0);
  const auto& reported = event["import"];
  EXPECT_STREQ(reported["status"].GetString(), "completed");
  EXPECT_EQ(reported["progress"]["rows_read"].GetInt64(), kRows);
  EXPECT_EQ(reported["progress"]["created"].GetInt64(), kRows);
  EXPECT_EQ(reported["progress"]["failed"].GetInt64(), 0);
  EXPECT_TRUE(reported["error"].IsNull());
}

}  // namespace
}  // namespace sb::testing
