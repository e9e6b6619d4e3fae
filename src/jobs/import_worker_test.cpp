// The import worker against a real store (SQLite and PostgreSQL): no import is
// left waiting for ever. Those nobody can run end as failed, with their counts
// and their import.completed event; an import another process cannot read
// does not hide the ones behind it.
#include "jobs/import_worker.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>

#include "jobs/import_test_fixture.hpp"
#include "store/repositories/webhook_repository.hpp"
#include "support/engine_test.hpp"

namespace sb::jobs {
namespace {

class ImportWorkerRepositoryTest : public ContactImporterRepositoryTest {
 protected:
  void SetUp() override {
    ContactImporterRepositoryTest::SetUp();
    domain::Webhook hook;
    hook.url = "https://hooks.example.com/in";
    hook.events = {"import.completed"};
    hook.secret = "whsec_test_secret_0123456789";
    ASSERT_TRUE(store::WebhookRepository(*conn_, clock_, ids_).Create(org_, hook).ok());
  }

  ImportWorkerOptions WorkerOptions() const {
    ImportWorkerOptions o;
    o.spool_dir = (dir_ / "spool").string();
    o.lease_seconds = 60;
    return o;
  }

  // The statuses of import.completed events, oldest first.
  std::vector<std::string> CompletedEvents() {
    std::vector<std::string> out;
    for (const auto& data : Strings(
             "SELECT data FROM webhook_events WHERE type = 'import.completed' ORDER BY id", {})) {
      rapidjson::Document d;
      d.Parse(data.c_str());
      out.push_back(d.HasParseError() ? "?" : d["import"]["status"].GetString());
    }
    return out;
  }
};

SB_INSTANTIATE_ENGINES(ImportWorkerRepositoryTest);

TEST_P(ImportWorkerRepositoryTest, ARunningImportNobodyCanResumeFailsWithItsCountsAndItsEvent) {
  auto import = CreateImport(GeneratedCsv(6), Options("US"));
  ContactImporter first(*db_, clock_, ids_, "first",
                        ImporterOptions{2, 60, [](const domain::ContactImport&) { return false; }});
  ASSERT_TRUE(Claim(import, "first"));
  ASSERT_TRUE(first.Run(import).ok());        // one batch, then "stopped"
  std::filesystem::remove(import.file_path);  // gone with the process that had it
  ImportWorker worker(*db_, clock_, ids_, WorkerOptions());

  clock_.Advance(kImportAbandonSeconds - 1);  // its lease ran out, but not long ago
  ASSERT_TRUE(worker.RunOnce().ok());
  EXPECT_EQ(Reload(import).status, domain::kImportRunning);

  clock_.Advance(120);
  ASSERT_TRUE(worker.RunOnce().ok());
  auto after = Reload(import);
  EXPECT_EQ(after.status, domain::kImportFailed);
  EXPECT_EQ(after.progress.created, 2);
  EXPECT_NE(after.error.value_or("").find("no longer available"), std::string::npos);
  EXPECT_EQ(CompletedEvents(), (std::vector<std::string>{"failed"}));
}

TEST_P(ImportWorkerRepositoryTest, AQueuedImportWhoseFileNoProcessCanReadFailsAfterADay) {
  auto import = CreateImport(GeneratedCsv(3), Options("US"));
  std::filesystem::remove(import.file_path);  // on another machine's disk
  ImportWorker worker(*db_, clock_, ids_, WorkerOptions());

  clock_.Advance(kImportQueuedExpirySeconds - 1);
  ASSERT_TRUE(worker.RunOnce().ok());
  EXPECT_EQ(Reload(import).status, domain::kImportQueued);
  EXPECT_TRUE(CompletedEvents().empty());

  clock_.Advance(2);
  ASSERT_TRUE(worker.RunOnce().ok());
  auto after = Reload(import);
  EXPECT_EQ(after.status, domain::kImportFailed);
  EXPECT_NE(after.error.value_or("").find("within a day"), std::string::npos);
  EXPECT_EQ(CompletedEvents(), (std::vector<std::string>{"failed"}));
}

TEST_P(ImportWorkerRepositoryTest, ImportsThisProcessCannotReadDoNotHideTheOnesBehindThem) {
  for (int i = 0; i < 60; ++i) {  // more than one page of candidates
    auto other = CreateImport("name,phone_number\n", Options("US"));
    std::filesystem::remove(other.file_path);
    clock_.Advance(1);
  }
  auto mine = CreateImport(GeneratedCsv(3), Options("US"));
  ImportWorker worker(*db_, clock_, ids_, WorkerOptions());
  auto ran = worker.RunOnce();
  ASSERT_TRUE(ran.ok());
  EXPECT_EQ(*ran, 1);
  EXPECT_EQ(Reload(mine).status, domain::kImportCompleted);
}

TEST_P(ImportWorkerRepositoryTest, AnImportWhoseUploaderWasDeletedStillCompletes) {
  auto import = CreateImport(GeneratedCsv(3), Options("US"));
  ASSERT_TRUE(conn_->Exec("DELETE FROM api_tokens WHERE user_id = ?", {user_}).ok());
  ASSERT_TRUE(conn_->Exec("DELETE FROM users WHERE id = ?", {user_}).ok());
  ImportWorker worker(*db_, clock_, ids_, WorkerOptions());
  ASSERT_TRUE(worker.RunOnce().ok());
  auto after = Reload(import);
  EXPECT_EQ(after.status, domain::kImportCompleted) << after.error.value_or("");
  EXPECT_EQ(after.progress.created, 3);
  EXPECT_EQ(Strings("SELECT COALESCE(CAST(created_by_user_id AS TEXT), 'none') FROM contacts"
                    " WHERE organization_id = ?",
                    {org_}),
            (std::vector<std::string>{"none", "none", "none"}));
}

// A store that keeps refusing a batch, and a bug that throws on the file's
// data: each fails the run, never the process, and after its attempts the
// import.
TEST_P(ImportWorkerRepositoryTest, AnImportThatKeepsFailingFailsAfterItsAttempts) {
  for (bool throws : {false, true}) {
    SCOPED_TRACE(throws ? "an exception" : "a store error");
    Reset();
    ASSERT_TRUE(conn_->Exec("DELETE FROM webhook_deliveries").ok());
    ASSERT_TRUE(conn_->Exec("DELETE FROM webhook_events").ok());
    auto import = CreateImport(GeneratedCsv(3), Options("US"));
    ::sb::testing::FailingDatabase failing(*db_);
    if (throws) {
      failing.ThrowOnEvery("INSERT INTO contacts");
    } else {
      failing.RefuseEvery("INSERT INTO contacts");
    }
    ImportWorker worker(failing, clock_, ids_, WorkerOptions());
    for (int attempt = 1; attempt <= kImportMaxAttempts; ++attempt) {
      SCOPED_TRACE(attempt);
      EXPECT_FALSE(worker.RunOnce().ok());
      auto now = Reload(import);
      EXPECT_EQ(now.status, domain::kImportRunning);  // retried once its lease runs out
      EXPECT_EQ(now.attempts, attempt);
      clock_.Advance(61);
    }
    ASSERT_TRUE(worker.RunOnce().ok());
    auto after = Reload(import);
    EXPECT_EQ(after.status, domain::kImportFailed);
    EXPECT_NE(after.error.value_or("").find("started 3 times without making progress"),
              std::string::npos)
        << after.error.value_or("");
    EXPECT_EQ(CountContacts(), 0);
    EXPECT_EQ(CompletedEvents(), (std::vector<std::string>{"failed"}));
  }
}

// A run that takes the process down cannot count itself: its claim did. Three
// claims whose runs never got anywhere (the process died each time), and the
// next claim fails the import instead of running it (and dying) again.
TEST_P(ImportWorkerRepositoryTest, RunsThatEndedTheProcessCountAndTheImportFailsForGood) {
  auto import = CreateImport(GeneratedCsv(3), Options("US"));
  for (int run = 1; run <= kImportMaxAttempts; ++run) {
    ASSERT_TRUE(Claim(import, "died-" + std::to_string(run)));
    EXPECT_EQ(Reload(import).attempts, run);
    clock_.Advance(61);  // the dead process's lease runs out
  }
  ImportWorker worker(*db_, clock_, ids_, WorkerOptions());
  ASSERT_TRUE(worker.RunOnce().ok());
  auto after = Reload(import);
  EXPECT_EQ(after.status, domain::kImportFailed);
  EXPECT_NE(after.error.value_or("").find("started 3 times without making progress"),
            std::string::npos);
  EXPECT_EQ(CountContacts(), 0);
  EXPECT_EQ(CompletedEvents(), (std::vector<std::string>{"failed"}));
}

// Runs that each commit a batch before the process dies are progress, not
// attempts: however many there are, the import goes on to completion.
TEST_P(ImportWorkerRepositoryTest, RunsThatMakeProgressAreNotCountedAgainstTheImport) {
  auto import = CreateImport(GeneratedCsv(6), Options("US"));
  for (int run = 1; run <= 2 * kImportMaxAttempts; ++run) {
    SCOPED_TRACE(run);
    auto claimed = ClaimNext("dies-after-a-batch");
    if (!claimed) break;
    ContactImporter dying(*db_, clock_, ids_, "dies-after-a-batch",
                          ImporterOptions{1, 60, [](const domain::ContactImport&) -> bool {
                                            throw std::runtime_error("the process died");
                                          }});
    EXPECT_THROW((void)dying.Run(*claimed), std::runtime_error);
    EXPECT_EQ(Reload(import).attempts, 0);  // the batch it committed reset the count
    clock_.Advance(61);
    if (Reload(import).progress.rows_read >= 5) break;
  }
  ImportWorker worker(*db_, clock_, ids_, WorkerOptions());
  ASSERT_TRUE(worker.RunOnce().ok());
  auto after = Reload(import);
  EXPECT_EQ(after.status, domain::kImportCompleted) << after.error.value_or("");
  EXPECT_EQ(after.progress.rows_read, 6);
  EXPECT_EQ(CountContacts(), 5);  // the fifth row repeats the fourth's number
}

}  // namespace
}  // namespace sb::jobs
