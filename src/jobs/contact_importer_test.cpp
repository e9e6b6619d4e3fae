// The contact importer against a real store (SQLite and PostgreSQL): what a
// file's records become, row by row, and how an interrupted import resumes.
#include "jobs/contact_importer.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>

#include "jobs/import_test_fixture.hpp"
#include "jobs/import_worker.hpp"
#include "support/engine_test.hpp"

namespace sb::jobs {
namespace {

using ::sb::testing::ErrorKey;

struct CsvCase {
  const char* name;
  std::string csv;
  std::vector<std::string> created;  // contact names, in file order
  std::vector<ErrorKey> errors;      // (line, code, column), by line
};

SB_INSTANTIATE_ENGINES(ContactImporterRepositoryTest);

TEST_P(ContactImporterRepositoryTest, EveryRecordBecomesAContactOrAnErrorWithItsLine) {
  const std::vector<CsvCase> cases = {
      {"quoted delimiters, doubled quotes and line ends inside cells",
       "name,phone_number,notes\r\n\"Doe, Jane\",+14155550101,\"said \"\"hi\"\"\r\nthen left\"\r\n"
       "Bob,+14155550102,x\r\nShort\r\n",
       {"Doe, Jane", "Bob"},
       {{5, "cell_count", ""}}},
      {"a UTF-8 BOM and semicolons",
       "\xEF\xBB\xBFname;phone_number\nAda;+14155550101\n",
       {"Ada"},
       {}},
      {"tabs", "name\tphone_number\nAda\t+14155550101\n", {"Ada"}, {}},
      {"blank lines are not records",
       "name,phone_number\n\nAda,+14155550101\n\n\r\nBob,+14155550102\n\n",
       {"Ada", "Bob"},
       {}},
      {"too few and too many cells are reported, not guessed",
       "name,phone_number\nAda\nBob,+14155550102,extra\nCy,+14155550103\n",
       {"Cy"},
       {{2, "cell_count", ""}, {3, "cell_count", ""}}},
      {"a stray quote in an unquoted cell",
       "name,phone_number\nA\"da,+14155550101\nBob,+14155550102\n",
       {"Bob"},
       {{2, "stray_quote", "name"}}},
      {"text after a closing quote",
       "name,phone_number\n\"Ada\"x,+14155550101\nBob,+14155550102\n",
       {"Bob"},
       {{2, "text_after_quote", "name"}}},
      {"an unterminated quote ends the file",
       "name,phone_number\nAda,+14155550101\n\"Bob,+14155550102\nCy,+14155550103\n",
       {"Ada"},
       {{3, "unterminated_quote", "name"}}},
      {"invalid UTF-8",
       "name,phone_number\n\xff\xfe,+14155550101\nBob,+14155550102\n",
       {"Bob"},
       {{2, "invalid_utf8", "name"}}},
      {"the last record without a line end, lone CR line ends",
       "name,phone_number\rAda,+14155550101\rBob,+14155550102",
       {"Ada", "Bob"},
       {}},
      {"contacts that fail validation name their column",
       "Full Name,phone_number,email\nAda,12,\nBob,+14155550102,not-an-email\n,+14155550103,\n"
       "Cy,+14155550104,\n",
       {"Cy"},
       {{2, "invalid", "phone_number"}, {3, "invalid", "email"}, {4, "invalid", "Full Name"}}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Reset();
    std::optional<std::string> mapping;
    if (c.csv.find("Full Name") != std::string::npos) {
      mapping = R"({"Full Name":"name","phone_number":"phone_number","email":"email"})";
    }
    domain::ImportOptions options;
    options.mapping = mapping;
    auto done = RunImport(c.csv, options);
    ASSERT_EQ(done.status, domain::kImportCompleted) << done.error.value_or("");
    EXPECT_EQ(ContactNames(), c.created);
    EXPECT_EQ(Errors(done), c.errors);
    EXPECT_EQ(done.progress.created, static_cast<int64_t>(c.created.size()));
    EXPECT_EQ(done.progress.failed, static_cast<int64_t>(c.errors.size()));
    EXPECT_EQ(done.progress.rows_read, done.progress.created + done.progress.failed);
  }
}

TEST_P(ContactImporterRepositoryTest, CellsKeepTheirTextAndFillTagsAndMetadata) {
  auto done = RunImport(
      "name,phone_number,notes,tags,metadata.plan,metadata.seats\n"
      "\"Doe, Jane\",(415) 555-0101,\"said \"\"hi\"\"\nthen left\",vip; New ,Pro,12\n",
      Options("US"));
  ASSERT_EQ(done.status, domain::kImportCompleted);
  auto row = conn_->Query(
      "SELECT phone_number, notes, metadata, country_code FROM contacts WHERE name = ?",
      {std::string("Doe, Jane")});
  ASSERT_TRUE(row.ok());
  ASSERT_TRUE(*(*row)->Next());
  EXPECT_EQ((*row)->String(0), "+14155550101");
  EXPECT_EQ((*row)->String(1), "said \"hi\"\nthen left");
  EXPECT_EQ((*row)->String(2), R"({"plan":"Pro","seats":12})");
  EXPECT_EQ(TagsOf("Doe, Jane"), (std::vector<std::string>{"New", "vip"}));
}

struct DuplicateCase {
  domain::OnDuplicate on_duplicate;
  std::vector<std::string> names;  // every contact afterwards, by name
  int64_t created, updated, skipped, failed;
  std::vector<ErrorKey> errors;
};

// The organization has Old (+14155550101); the file repeats that number and
// one of its own: line 2 matches Old, line 4 repeats line 3.
TEST_P(ContactImporterRepositoryTest, DuplicatesInTheFileAndAgainstTheOrganization) {
  const std::string csv =
      "name,phone_number\nOld Again,+14155550101\nNew,+14155550102\nNew Again,+1 415 555 0102\n"
      "Other,+14155550103\n";
  const std::vector<DuplicateCase> cases = {
      {domain::OnDuplicate::kSkip, {"New", "Old", "Other"}, 2, 0, 2, 0, {}},
      {domain::OnDuplicate::kUpdate, {"New Again", "Old Again", "Other"}, 2, 2, 0, 0, {}},
      {domain::OnDuplicate::kError,
       {"New", "Old", "Other"},
       2,
       0,
       0,
       2,
       {{2, "duplicate", "phone_number"}, {4, "duplicate", "phone_number"}}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(domain::OnDuplicateName(c.on_duplicate)));
    for (size_t batch_rows : {size_t{1000}, size_t{1}}) {  // in one batch, and across batches
      SCOPED_TRACE(batch_rows);
      Reset();
      AddContact("Old", "+14155550101");
      domain::ImportOptions options = Options("US");
      options.on_duplicate = c.on_duplicate;
      auto done = RunImport(csv, options, batch_rows);
      ASSERT_EQ(done.status, domain::kImportCompleted);
      EXPECT_EQ(AllContactNamesSorted(), c.names);
      EXPECT_EQ(done.progress.created, c.created);
      EXPECT_EQ(done.progress.updated, c.updated);
      EXPECT_EQ(done.progress.skipped, c.skipped);
      EXPECT_EQ(done.progress.failed, c.failed);
      EXPECT_EQ(Errors(done), c.errors);
    }
  }
}

// Only a row the store writes takes its number: one it refuses (an owner the
// organization does not have) leaves the number to the next row with it, in
// the same batch or a later one.
TEST_P(ContactImporterRepositoryTest, ARowTheStoreRefusesDoesNotMakeTheNextOneADuplicate) {
  const std::string csv =
      "name,phone_number,owner_uuid\n"
      "Ada,+14155550101,00000000-0000-4000-8000-00000000dead\n"
      "Ada Again,+14155550101,\n"
      "Ada Thrice,+14155550101,\n";
  for (auto on_duplicate : {domain::OnDuplicate::kSkip, domain::OnDuplicate::kError}) {
    SCOPED_TRACE(std::string(domain::OnDuplicateName(on_duplicate)));
    for (size_t batch_rows : {size_t{1000}, size_t{1}}) {
      SCOPED_TRACE(batch_rows);
      Reset();
      domain::ImportOptions options = Options("US");
      options.on_duplicate = on_duplicate;
      auto done = RunImport(csv, options, batch_rows);
      ASSERT_EQ(done.status, domain::kImportCompleted);
      EXPECT_EQ(AllContactNamesSorted(), (std::vector<std::string>{"Ada Again"}));
      EXPECT_EQ(done.progress.created, 1);
      const bool skip = on_duplicate == domain::OnDuplicate::kSkip;
      EXPECT_EQ(done.progress.skipped, skip ? 1 : 0);
      std::vector<ErrorKey> errors = {{2, "invalid", "owner_uuid"}};
      if (!skip) errors.emplace_back(4, "duplicate", "phone_number");
      EXPECT_EQ(Errors(done), errors);
    }
  }
}

TEST_P(ContactImporterRepositoryTest, TagUuidsAndPoolApplyToEveryImportedContact) {
  std::string tag = MustTag("imported");
  std::string pool = MustPool("Spring");
  domain::ImportOptions options = Options("US");
  options.tag_uuids = {tag};
  options.pool_uuid = pool;
  auto done =
      RunImport("name,phone_number,tags\nAda,+14155550101,vip\nBob,+14155550102,\n", options);
  ASSERT_EQ(done.status, domain::kImportCompleted);
  EXPECT_EQ(TagsOf("Ada"), (std::vector<std::string>{"imported", "vip"}));
  EXPECT_EQ(TagsOf("Bob"), (std::vector<std::string>{"imported"}));
  EXPECT_EQ(PoolMembers(pool), 2);
}

// Tag names are matched the way the store compares them (case-insensitively,
// and on PostgreSQL's citext beyond ASCII too), never by a second rule of ours
// that could disagree with it.
TEST_P(ContactImporterRepositoryTest, TagNamesMatchTheOrganizationsTagsAsTheStoreComparesThem) {
  MustTag("VIP");
  MustTag("\xC3\x89t\xC3\xA9");  // "Été"
  auto done = RunImport(
      "name,phone_number,tags\n"
      "Ada,+14155550101,vip;\xC3\x89t\xC3\xA9\n"
      "Bob,+14155550102,\xC3\xA9t\xC3\xA9;Vip;new;NEW\n",
      Options("US"));
  ASSERT_EQ(done.status, domain::kImportCompleted) << done.error.value_or("");
  EXPECT_EQ(done.progress.created, 2);
  EXPECT_EQ(TagsOf("Ada"), (std::vector<std::string>{"VIP", "\xC3\x89t\xC3\xA9"}));
  std::vector<std::string> bob = TagsOf("Bob");
  // SQLite folds ASCII only: there "été" is a tag of its own.
  std::string ete = postgres() ? "\xC3\x89t\xC3\xA9" : "\xC3\xA9t\xC3\xA9";
  EXPECT_EQ(bob, (std::vector<std::string>{"new", "VIP", ete}));
}

TEST_P(ContactImporterRepositoryTest, AFileThatCannotBeImportedFailsTheImport) {
  struct Case {
    const char* csv;
    const char* mapping;
    const char* error;
  };
  const std::vector<Case> cases = {
      {"", nullptr, "The file is empty: it has no header row."},
      {"\"name,phone_number\n", nullptr, "The header row (line 1)"},
      {"name,phone_number\n", R"({"nope":"name"})", "nope"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.csv);
    Reset();
    domain::ImportOptions options;
    if (c.mapping) options.mapping = c.mapping;
    auto done = RunImport(c.csv, options);
    EXPECT_EQ(done.status, domain::kImportFailed);
    EXPECT_NE(done.error.value_or("").find(c.error), std::string::npos) << done.error.value_or("");
    EXPECT_TRUE(done.finished_at.has_value());
  }
}

// An import stopped after its second batch holds exactly two batches; the
// next claim resumes after them and ends where an uninterrupted run would.
TEST_P(ContactImporterRepositoryTest, AnInterruptedImportResumesAfterItsLastBatch) {
  const std::string csv = GeneratedCsv(23);  // every 5th row repeats an earlier number
  domain::ImportOptions options = Options("US");
  options.on_duplicate = domain::OnDuplicate::kError;

  auto whole = RunImport(csv, options, 4);
  auto whole_names = AllContactNamesSorted();
  auto whole_errors = Errors(whole);
  Reset();

  auto import = CreateImport(csv, options);
  int batches = 0;
  ContactImporter first(*db_, clock_, ids_, "first",
                        ImporterOptions{4, 60, [&](const domain::ContactImport& now) {
                                          EXPECT_EQ(CountContacts(),
                                                    now.progress.created);  // never half a batch
                                          return ++batches < 2;
                                        }});
  ASSERT_TRUE(Claim(import, "first"));
  auto stopped = first.Run(import);
  ASSERT_TRUE(stopped.ok()) << stopped.error().details();
  EXPECT_EQ(stopped->status, domain::kImportRunning);
  EXPECT_EQ(stopped->progress.rows_read, 8);
  EXPECT_EQ(CountContacts(), stopped->progress.created);

  ContactImporter second(*db_, clock_, ids_, "second", ImporterOptions{4, 60, nullptr});
  auto claimed = ClaimNext("second");
  ASSERT_TRUE(claimed.has_value());
  auto done = second.Run(*claimed);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->status, domain::kImportCompleted);
  EXPECT_EQ(AllContactNamesSorted(), whole_names);
  EXPECT_EQ(done->progress.rows_read, whole.progress.rows_read);
  EXPECT_EQ(done->progress.created, whole.progress.created);
  // Duplicates of rows read before the stop are now the organization's.
  EXPECT_EQ(done->progress.failed, whole.progress.failed);
  EXPECT_EQ(Errors(*done).size(), whole_errors.size());
}

// A store failure in the middle of a batch (the process dying) leaves none of
// that batch; once the lease runs out another process resumes the import.
TEST_P(ContactImporterRepositoryTest, ABatchCutShortLeavesNothingAndIsRedoneAfterTheLease) {
  const std::string csv = GeneratedCsv(12);
  domain::ImportOptions options = Options("US");
  auto import = CreateImport(csv, options);

  ::sb::testing::FailingDatabase failing(*db_);
  ContactImporter dying(failing, clock_, ids_, "dying", ImporterOptions{5, 60, nullptr});
  ASSERT_TRUE(Claim(import, "dying"));
  failing.FailAt("INSERT INTO contacts", 7);  // the second row of the second batch
  auto cut = dying.Run(import);
  ASSERT_FALSE(cut.ok());
  auto after_cut = Reload(import);
  EXPECT_EQ(after_cut.status, domain::kImportRunning);
  EXPECT_EQ(after_cut.progress.rows_read % 5, 0);  // whole batches only
  EXPECT_EQ(CountContacts(), after_cut.progress.created);

  ContactImporter next(*db_, clock_, ids_, "next", ImporterOptions{5, 60, nullptr});
  EXPECT_FALSE(ClaimNext("next").has_value());  // the lease still holds
  clock_.Advance(61);
  auto claimed = ClaimNext("next");
  ASSERT_TRUE(claimed.has_value());
  auto done = next.Run(*claimed);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->status, domain::kImportCompleted);
  EXPECT_EQ(done->progress.rows_read, 12);
  EXPECT_EQ(done->progress.created, 10);  // rows 5 and 10 repeat a number
  EXPECT_EQ(done->progress.skipped, 2);
  EXPECT_EQ(CountContacts(), 10);
}

}  // namespace
}  // namespace sb::jobs
