// End-to-end tests of `switchboard import`: the real binary on generated CSV
// files, on the engine the tests run on (a SQLite file, or a PostgreSQL
// database: support/test_db.hpp), checked through its output and the store.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "e2e/cli_helpers.hpp"
#include "e2e/cli_import_util.hpp"
#include "store/repositories/contact_repository.hpp"
#include "store/repositories/import_repository.hpp"
#include "store/repositories/tag_repository.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

const std::regex kUuidLine(R"(^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}\n)");

SB_INSTANTIATE_ENGINES(CliImportE2E);

TEST_P(CliImportE2E, LoadsAFileIntoANewOrganizationAndSummarizesIt) {
  TestStore store;
  ASSERT_TRUE(store.ok()) << store.error();
  TempDir dir;
  const std::string csv = dir.File("contacts.csv");
  // 300 good rows, then two duplicates of earlier numbers, a bad number, a row
  // with a cell too few and one without a name.
  WriteContactsCsv(csv, 300,
                   "Again,Dup,again@example.com," + ImportPhone(7) + ",lead,pro,1\n" +
                       "Again2,Dup,again2@example.com," + ImportPhone(8) + ",,free,2\n" +
                       "Bad,Number,bad@example.com,12,,pro,3\n" + "Short,Row,short@example.com\n" +
                       ",Nameless,nameless@example.com,+33699999999,,pro,4\n");

  RunResult r = Cli({"import", "--db", store.target(), "--org", "Acme", csv, "--batch-rows", "50"});
  ASSERT_EQ(r.status.exit_code, 0) << Describe(r);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, kUuidLine)) << r.out;
  ASSERT_EQ(m.position(0), 0) << "the uuid comes first";
  const std::string uuid = r.out.substr(0, 36);
  auto summary = SummaryOf(r.out);
  EXPECT_EQ(summary["status"], "completed") << r.out;
  EXPECT_EQ(summary["rows read"], "305") << r.out;
  EXPECT_EQ(summary["created"], "300") << r.out;
  EXPECT_EQ(summary["updated"], "0") << r.out;
  EXPECT_EQ(summary["skipped"], "2") << r.out;
  EXPECT_EQ(summary["failed"], "3") << r.out;
  EXPECT_FALSE(summary["seconds"].empty()) << r.out;
  EXPECT_FALSE(summary["rows/s"].empty()) << r.out;
  EXPECT_NE(r.out.find("first rejected rows (3 of 3):"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  line 304, column phone_number (invalid): "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  line 305 (cell_count): "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  line 306, column name (invalid): "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("GET /api/v1/imports/" + uuid + "/errors"), std::string::npos) << r.out;

  auto database = store.Open();
  ASSERT_TRUE(database.ok());
  const int64_t org = OrgId(**database, "Acme");
  ASSERT_GT(org, 0) << "the organization was created";
  EXPECT_EQ(QueryCount(**database,
                       "SELECT COUNT(*) FROM users WHERE organization_id = ? AND"
                       " email = 'admin@example.com'",
                       {org}),
            1);
  EXPECT_EQ(
      QueryCount(**database, "SELECT COUNT(*) FROM contacts WHERE organization_id = ?", {org}),
      300);
  auto conn = (*database)->Acquire();
  ASSERT_TRUE(conn.ok());
  SystemClock clock;
  UuidV7Generator ids;
  auto import = store::ImportRepository(**conn, clock, ids).Get(org, uuid);
  ASSERT_TRUE(import.ok());
  EXPECT_EQ(import->status, "completed");
  EXPECT_EQ(import->file_path, std::filesystem::absolute(csv).lexically_normal().string());
  EXPECT_EQ(import->file_name, "contacts.csv");
  EXPECT_EQ(import->progress.created, 300);
  EXPECT_TRUE(std::filesystem::exists(csv)) << "the user's file is left where it was";
  auto row = (*conn)->Query(
      "SELECT uuid FROM contacts WHERE organization_id = ? AND"
      " phone_number = ?",
      {org, ImportPhone(42)});
  ASSERT_TRUE(row.ok() && (*row)->Next().value());
  auto contact = store::ContactRepository(**conn, clock, ids).Get(org, (*row)->String(0));
  ASSERT_TRUE(contact.ok());
  EXPECT_EQ(contact->name, "Name42");
  EXPECT_EQ(contact->surname.value_or(""), "Surname42");
  EXPECT_EQ(contact->email.value_or(""), "user42@example.com");
  ASSERT_EQ(contact->tags.size(), 2u);
  EXPECT_NE(contact->metadata.find(R"("plan":"pro")"), std::string::npos) << contact->metadata;
  EXPECT_NE(contact->metadata.find(R"("seats":42)"), std::string::npos) << contact->metadata;

  // Again with on_duplicate=update: every good row now updates its contact.
  RunResult again = Cli({"import", "--db", store.target(), "--org", "Acme", csv, "--on-duplicate",
                         "update", "--batch-rows", "1000"});
  ASSERT_EQ(again.status.exit_code, 0) << Describe(again);
  auto second = SummaryOf(again.out);
  EXPECT_EQ(second["created"], "0") << again.out;
  EXPECT_EQ(second["updated"], "302") << again.out;
  EXPECT_EQ(second["failed"], "3") << again.out;
}

TEST_P(CliImportE2E, WithoutATerminalProgressIsPlainLinesOnStderr) {
  TestStore store;
  ASSERT_TRUE(store.ok()) << store.error();
  TempDir dir;
  const std::string csv = dir.File("plain.csv");
  WriteContactsCsv(csv, 2000);
  RunResult r = Cli({"import", "--db", store.target(), "--org", "Acme", csv, "--batch-rows", "20"});
  ASSERT_EQ(r.status.exit_code, 0) << Describe(r);
  EXPECT_EQ(SummaryOf(r.out)["created"], "2000") << r.out;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
  const std::regex kProgress(
      R"(progress: \d+% \(\d+\.\d of \d+\.\d MB\), \d+ rows, \d+ rows/s, ETA (\d+:\d\d|--:--))");
  int lines = 0;
  for (auto it = std::sregex_iterator(r.err.begin(), r.err.end(), kProgress);
       it != std::sregex_iterator(); ++it) {
    ++lines;
  }
  EXPECT_GE(lines, 1) << r.err;
  EXPECT_LE(lines, 11) << "a tenth of the file at a time at most: " << r.err;
  EXPECT_NE(r.err.find("progress: 100% "), std::string::npos) << "the last state: " << r.err;
  EXPECT_EQ(r.err.back(), '\n');
}

TEST_P(CliImportE2E, BadOptionsExitOneNamingTheOptionAndWriteNothing) {
  TestStore store;
  ASSERT_TRUE(store.ok()) << store.error();
  TempDir dir;
  const std::string csv = dir.File("c.csv");
  WriteContactsCsv(csv, 10);
  const std::string empty = dir.File("empty.csv");
  { std::ofstream(empty, std::ios::binary).flush(); }
  const std::string nameless = dir.File("nameless.csv");
  { std::ofstream(nameless, std::ios::binary) << "surname,phone_number\nX,+33612345678\n"; }
  ASSERT_EQ(Cli({"token", "create", "--db", store.target(), "--org", "Acme"}).status.exit_code, 0);
  std::string tag;
  {
    auto database = store.Open();
    ASSERT_TRUE(database.ok());
    auto conn = (*database)->Acquire();
    SystemClock clock;
    UuidV7Generator ids;
    auto made = store::TagRepository(**conn, clock, ids).Create(OrgId(**database, "Acme"), "vip");
    ASSERT_TRUE(made.ok());
    tag = made->uuid;
  }
  const std::string unknown = "0190aaaa-0000-7000-8000-000000000001";

  struct Case {
    const char* what;
    std::vector<std::string> args;
    std::string names;  // in the message
  };
  const std::vector<Case> cases = {
      {"on-duplicate", {"--on-duplicate", "maybe"}, "--on-duplicate: The selected on_duplicate"},
      {"mapping not JSON", {"--mapping", "[1,2]"}, "--mapping: The mapping must be"},
      {"mapping of an absent column",
       {"--mapping", R"({"nope":"name"})"},
       "--mapping: no column 'nope' in the file"},
      {"mapping to no field", {"--mapping", R"({"name":"shoe_size"})"}, "--mapping: "},
      {"header without name", {}, "--mapping: no column fills name"},
      {"tag not a uuid", {"--tag-uuid", "vip"}, "--tag-uuid: The tag_uuids must be UUIDs"},
      {"unknown tag", {"--tag-uuid", tag + "," + unknown}, "--tag-uuid: Unknown tag_uuids: "},
      {"unknown pool", {"--pool-uuid", unknown}, "--pool-uuid: Unknown pool_uuid"},
      {"country", {"--default-country-code", "ZZZ"}, "--default-country-code: "},
      {"batch rows zero", {"--batch-rows", "0"}, "--batch-rows: "},
      {"batch rows not a number", {"--batch-rows", "many"}, "--batch-rows"},
      {"user not an email", {"--user", "nobody"}, "--user: "},
      {"empty file", {}, "The file is empty."},
      {"absent file", {}, "No such file"},
      {"no --org", {}, "--org"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    for (const std::string org : {"Acme", "Fresh"}) {
      std::string file = csv;
      if (std::string(c.what) == "header without name") file = nameless;
      if (std::string(c.what) == "empty file") file = empty;
      if (std::string(c.what) == "absent file") file = dir.File("absent.csv");
      std::vector<std::string> args = {"import", "--db", store.target(), file};
      if (std::string(c.what) != "no --org") {
        args.push_back("--org");
        args.push_back(org);
      }
      args.insert(args.end(), c.args.begin(), c.args.end());
      RunResult r = Cli(args);
      EXPECT_EQ(r.status.exit_code, 1) << Describe(r);
      EXPECT_EQ(r.out, "") << Describe(r);
      EXPECT_NE(r.err.find(c.names), std::string::npos) << Describe(r);
    }
  }
  auto database = store.Open();
  ASSERT_TRUE(database.ok());
  EXPECT_EQ(OrgId(**database, "Fresh"), 0) << "no organization was created";
  EXPECT_EQ(QueryCount(**database, "SELECT COUNT(*) FROM users"), 1) << "nor any user";
  EXPECT_EQ(QueryCount(**database, "SELECT COUNT(*) FROM imports"), 0);
  EXPECT_EQ(QueryCount(**database, "SELECT COUNT(*) FROM contacts"), 0);

  // The same options, right this time, do import.
  RunResult ok = Cli({"import", "--db", store.target(), "--org", "Acme", csv, "--tag-uuid", tag,
                      "--on-duplicate", "error", "--default-country-code", "fr"});
  EXPECT_EQ(ok.status.exit_code, 0) << Describe(ok);
  EXPECT_EQ(SummaryOf(ok.out)["created"], "10") << ok.out;
  EXPECT_EQ(QueryCount(**database,
                       "SELECT COUNT(*) FROM contact_tags ct JOIN tags t ON"
                       " t.id = ct.tag_id WHERE t.uuid = ?",
                       {tag}),
            10);
}

}  // namespace
}  // namespace sb::testing
