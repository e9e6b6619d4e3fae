// End-to-end tests of the `switchboard` executable itself: each test spawns the
// real binary (built by the same CMake project, path in SWITCHBOARD_BINARY) on a
// database file in a fresh temporary directory and checks exit codes, what is
// printed on stdout and stderr, and what a spawned `serve` answers over HTTP.
//
// CliE2E runs on SQLite only (not an engine test): its subject is the
// command line over a database file (the file a fresh `migrate` or `demo`
// creates, a path that cannot be opened, SQLite's durability pragmas, a copy
// between two files); the engine-independent work those commands do runs on
// both engines in the suites of the store and the server (StoreCopyTest,
// DemoSeederTest, the E2E suites), and PostgresEngineCli spawns the binary on
// PostgreSQL.
#include <gtest/gtest.h>
#include <httplib.h>
#include <rapidjson/document.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "e2e/cli_helpers.hpp"
#include "e2e/subprocess.hpp"
#include "store/drivers/postgres/postgres_database.hpp"
#include "store/drivers/sqlite/sqlite_database.hpp"
#include "store/migrations/migrations.hpp"
#include "support/engine_test.hpp"
#include "support/test_db.hpp"

namespace sb::testing {
namespace {

// "sb_" and 48 lowercase hex digits, then the newline: all `token create` prints.
const std::regex kTokenLine("sb_[0-9a-f]{48}\n");
const std::regex kIsoTime(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Creates a token through the CLI; empty (and a test failure) when it fails.
std::string CreateToken(const std::string& db, const std::string& org) {
  RunResult r = Cli({"token", "create", "--db", db, "--org", org});
  EXPECT_EQ(r.status.exit_code, 0) << Describe(r);
  if (!std::regex_match(r.out, kTokenLine)) {
    ADD_FAILURE() << "not a token line: " << Describe(r);
    return {};
  }
  return r.out.substr(0, r.out.size() - 1);
}

// `switchboard serve --port 0` on `db`, and an HTTP client for it once it has
// logged the port it listens on. Killed on destruction if still running.
class ServeProcess {
 public:
  explicit ServeProcess(const std::string& db)
      : child_({kBinary, "serve", "--db", db, "--host", "127.0.0.1", "--port", "0", "--threads",
                "2"}) {}

  // Waits for "listening on http://127.0.0.1:PORT" on stderr; false (with the
  // reason recorded as a test failure) when it does not come.
  bool WaitUntilListening() {
    if (!child_.running()) {
      ADD_FAILURE() << "cannot start serve: " << child_.error();
      return false;
    }
    auto line = child_.WaitForStderrLine("listening on", SecondsFromNow(60));
    std::smatch m;
    if (!line ||
        !std::regex_search(*line, m, std::regex(R"(listening on http://127\.0\.0\.1:(\d+) )"))) {
      ADD_FAILURE() << "serve did not report its port; stderr so far:\n" << child_.err();
      return false;
    }
    port_ = std::stoi(m[1].str());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_read_timeout(std::chrono::seconds(60));
    return port_ > 0;
  }

  // POST `body` (JSON) to `path` with a bearer token; status 0 when no response came.
  std::pair<int, std::string> Post(const std::string& path, const std::string& body,
                                   const std::string& token) {
    auto res =
        client_->Post(path, {{"Authorization", "Bearer " + token}}, body, "application/json");
    if (!res) return {0, httplib::to_string(res.error())};
    return {res->status, res->body};
  }

  // GET `path` with an optional bearer token; status 0 when no response came.
  std::pair<int, std::string> Get(const std::string& path, const std::string& token = "") {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    auto res = client_->Get(path, headers);
    if (!res) return {0, httplib::to_string(res.error())};
    return {res->status, res->body};
  }

  Subprocess& child() { return child_; }
  int port() const { return port_; }

 private:
  Subprocess child_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

TEST(CliE2E, MigrateCreatesTheSchemaOnAFreshFileAndIsIdempotent) {
  TempDir dir;
  const std::string path = dir.File("fresh.db");
  ASSERT_FALSE(std::filesystem::exists(path));

  RunResult first = Cli({"migrate", "--db", path});
  ASSERT_EQ(first.status.exit_code, 0) << Describe(first);
  EXPECT_EQ(first.out, "");
  const size_t versions = store::SqliteMigrations().size();
  EXPECT_NE(
      first.err.find("applied " + std::to_string(versions) + " schema migration(s) to " + path),
      std::string::npos)
      << first.err;
  EXPECT_NE(first.err.find("schema of " + path + " is up to date"), std::string::npos) << first.err;

  {
    // Read the recorded versions without migrating (OpenSqlite alone).
    auto database = db::OpenSqlite(db::SqliteOptions{path});
    ASSERT_TRUE(database.ok()) << database.error().details();
    auto conn = (*database)->Acquire();
    ASSERT_TRUE(conn.ok());
    auto count = (*conn)->QueryInt("SELECT COUNT(*) FROM schema_migrations", {});
    ASSERT_TRUE(count.ok()) << count.error().details();
    EXPECT_EQ(count->value_or(-1), static_cast<int64_t>(versions));
    auto newest = (*conn)->QueryInt("SELECT MAX(version) FROM schema_migrations", {});
    ASSERT_TRUE(newest.ok());
    EXPECT_EQ(newest->value_or(-1), store::SqliteMigrations().back().version);
  }

  RunResult again = Cli({"migrate", "--db", path});
  ASSERT_EQ(again.status.exit_code, 0) << Describe(again);
  EXPECT_EQ(again.err.find("applied"), std::string::npos) << again.err;

  RunResult token = Cli({"token", "create", "--db", path, "--org", "Acme"});
  EXPECT_EQ(token.status.exit_code, 0) << Describe(token);
  EXPECT_TRUE(std::regex_match(token.out, kTokenLine)) << Describe(token);
}

TEST(CliE2E, TokenCreatePrintsExactlyOneLineThatIsTheToken) {
  TempDir dir;
  RunResult r = Cli({"token", "create", "--db", dir.File("t.db"), "--org", "Acme", "--user",
                     "ops@acme.example", "--name", "ci-deploy", "--expires-in", "30"});
  ASSERT_EQ(r.status.exit_code, 0) << Describe(r);
  EXPECT_TRUE(std::regex_match(r.out, kTokenLine)) << Describe(r);
}

// --scope narrows a token: a read-only token reads and is refused writes
// (403 naming the scope); `token list` shows each token's scopes.
TEST(CliE2E, TokenScopesNarrowWhatATokenMayDo) {
  TempDir dir;
  const std::string db = dir.File("scopes.db");
  RunResult reader = Cli({"token", "create", "--db", db, "--org", "Acme", "--scope", "read"});
  ASSERT_EQ(reader.status.exit_code, 0) << Describe(reader);
  RunResult both =
      Cli({"token", "create", "--db", db, "--org", "Acme", "--scope", "write", "--scope", "read"});
  ASSERT_EQ(both.status.exit_code, 0) << Describe(both);
  RunResult bad = Cli({"token", "create", "--db", db, "--org", "Acme", "--scope", "admin"});
  EXPECT_NE(bad.status.exit_code, 0) << Describe(bad);
  EXPECT_NE(bad.err.find("--scope"), std::string::npos) << bad.err;
  const std::string read_token = reader.out.substr(0, reader.out.size() - 1);
  const std::string full_token = both.out.substr(0, both.out.size() - 1);

  ServeProcess server(db);
  ASSERT_TRUE(server.WaitUntilListening());
  EXPECT_EQ(server.Get("/api/v1/contacts", read_token).first, 200);
  auto [refused, refused_body] = server.Post("/api/v1/tags", R"({"name":"x"})", read_token);
  EXPECT_EQ(refused, 403) << refused_body;
  EXPECT_NE(refused_body.find(R"("required_scope":"write")"), std::string::npos) << refused_body;
  EXPECT_EQ(server.Post("/api/v1/tags", R"({"name":"x"})", full_token).first, 201);

  std::vector<std::string> lines = Lines(Cli({"token", "list", "--db", db, "--org", "Acme"}).out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[0].find(" SCOPES "), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find(" read "), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find(" read,write "), std::string::npos) << lines[2];
  server.child().Signal(SIGTERM);
  EXPECT_EQ(server.child().Wait(SecondsFromNow(60)).exit_code, 0) << server.child().err();
}

TEST(CliE2E, TokenAuthenticatesIsListedByPrefixAndStopsWorkingWhenRevoked) {
  TempDir dir;
  const std::string db = dir.File("tokens.db");
  RunResult created = Cli({"token", "create", "--db", db, "--org", "Acme", "--user",
                           "ops@acme.example", "--name", "ci-deploy", "--expires-in", "30"});
  ASSERT_EQ(created.status.exit_code, 0) << Describe(created);
  ASSERT_TRUE(std::regex_match(created.out, kTokenLine)) << Describe(created);
  const std::string token = created.out.substr(0, created.out.size() - 1);
  const std::string prefix = token.substr(0, 11);  // "sb_" + 8 hex, as `token list` shows it

  ServeProcess server(db);
  ASSERT_TRUE(server.WaitUntilListening());
  auto [status, body] = server.Get("/api/v1/contacts", token);
  ASSERT_EQ(status, 200) << body;
  rapidjson::Document page = ParseJson(body);
  ASSERT_TRUE(page.IsObject()) << body;
  EXPECT_EQ(page["data"]["total"].GetInt(), 0);

  RunResult listed = Cli({"token", "list", "--db", db, "--org", "Acme"});
  ASSERT_EQ(listed.status.exit_code, 0) << Describe(listed);
  EXPECT_EQ(listed.out.find(token), std::string::npos) << "the secret must never be shown again";
  std::vector<std::string> lines = Lines(listed.out);
  ASSERT_EQ(lines.size(), 2u) << listed.out;
  EXPECT_EQ(lines[0].rfind("PREFIX", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].rfind(prefix + " ", 0), 0u) << lines[1];
  EXPECT_NE(lines[1].find(" ci-deploy "), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find(" ops@acme.example "), std::string::npos) << lines[1];
  EXPECT_EQ(lines[1].back(), '-') << "not revoked yet: " << lines[1];

  RunResult revoked = Cli({"token", "revoke", "--db", db, prefix});
  ASSERT_EQ(revoked.status.exit_code, 0) << Describe(revoked);
  EXPECT_EQ(revoked.out, "");
  EXPECT_NE(revoked.err.find("revoked 1 token(s)"), std::string::npos) << revoked.err;

  auto [after_status, after_body] = server.Get("/api/v1/contacts", token);
  EXPECT_EQ(after_status, 401) << after_body;
  rapidjson::Document error = ParseJson(after_body);
  ASSERT_TRUE(error.IsObject()) << after_body;
  EXPECT_STREQ(error["error"]["code"].GetString(), "INVALID_AUTH_TOKEN");

  lines = Lines(Cli({"token", "list", "--db", db, "--org", "Acme"}).out);
  ASSERT_EQ(lines.size(), 2u);
  std::string revoked_at = lines[1].substr(lines[1].rfind(' ') + 1);
  EXPECT_TRUE(std::regex_match(revoked_at, kIsoTime)) << lines[1];

  server.child().Signal(SIGTERM);
  ExitStatus stopped = server.child().Wait(SecondsFromNow(60));
  EXPECT_EQ(stopped.exit_code, 0) << server.child().err();
}

TEST(CliE2E, BadArgumentsExitNonZeroWithAMessageOnStderrAndWriteNothing) {
  TempDir dir;
  const std::string db = dir.File("bad.db");
  ASSERT_FALSE(CreateToken(db, "Existing").empty());

  struct Case {
    const char* what;
    std::vector<std::string> args;
  };
  const std::vector<Case> cases = {
      {"expires-in zero", {"token", "create", "--db", db, "--org", "Acme", "--expires-in", "0"}},
      {"expires-in negative",
       {"token", "create", "--db", db, "--org", "Acme", "--expires-in", "-3"}},
      {"expires-in not a number",
       {"token", "create", "--db", db, "--org", "Acme", "--expires-in", "abc"}},
      {"create without --org", {"token", "create", "--db", db}},
      {"list of an unknown organization", {"token", "list", "--db", db, "--org", "Nobody"}},
      {"revoke with a short prefix", {"token", "revoke", "--db", db, "sb_1"}},
      {"revoke matching no token", {"token", "revoke", "--db", db, "sb_00000000"}},
      {"unknown sub-command", {"frobnicate"}},
      {"no sub-command", {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    RunResult r = Cli(c.args);
    EXPECT_GT(r.status.exit_code, 0) << Describe(r);
    EXPECT_EQ(r.out, "") << Describe(r);
    EXPECT_NE(r.err, "") << Describe(r);
  }

  // None of the failed creates made the organization.
  RunResult acme = Cli({"token", "list", "--db", db, "--org", "Acme"});
  EXPECT_GT(acme.status.exit_code, 0) << Describe(acme);
  // The existing organization still has exactly its one token.
  RunResult existing = Cli({"token", "list", "--db", db, "--org", "Existing"});
  EXPECT_EQ(existing.status.exit_code, 0) << Describe(existing);
  EXPECT_EQ(Lines(existing.out).size(), 2u) << existing.out;
}

// Every command that opens a store takes --durability full|normal; any other
// value is refused before the store is touched, naming the flag.
TEST(CliE2E, DurabilityIsFullOrNormalAndABadValueNamesTheFlag) {
  TempDir dir;
  const std::string db = dir.File("durability.db");
  const std::string csv = dir.File("leads.csv");
  { std::ofstream(csv) << "name,phone_number\nAnn,+14155550100\n"; }
  const std::vector<std::vector<std::string>> commands = {
      {"serve", "--db", db, "--port", "0"},
      {"migrate", "--db", db},
      {"token", "create", "--db", db, "--org", "Acme"},
      {"token", "list", "--db", db, "--org", "Acme"},
      {"token", "revoke", "--db", db, "sb_0000000000"},
      {"demo", "--db", db, "--contacts", "1"},
      {"import", "--db", db, "--org", "Acme", csv},
      {"export", "--db", db, "--org", "Acme"},
      {"copy", "--from", db, "--to", dir.File("copy.db")},
      {"simulate", "--db", db, "--campaign", "00000000-0000-0000-0000-000000000000", "--outcomes",
       "picked-up=1"},
  };
  for (const auto& command : commands) {
    std::vector<std::string> args = command;
    args.insert(args.end(), {"--durability", "fast"});
    SCOPED_TRACE(args[0]);
    RunResult r = Cli(args);
    EXPECT_GT(r.status.exit_code, 0) << Describe(r);
    EXPECT_NE(r.err.find("--durability"), std::string::npos) << Describe(r);
    EXPECT_NE(r.err.find("full or normal"), std::string::npos) << Describe(r);
    EXPECT_EQ(r.out, "") << Describe(r);
    EXPECT_FALSE(std::filesystem::exists(db)) << "nothing opened";
  }
  for (const char* good : {"full", "normal"}) {
    RunResult r = Cli({"migrate", "--db", db, "--durability", good});
    EXPECT_EQ(r.status.exit_code, 0) << Describe(r);
  }
  RunResult token = Cli({"token", "create", "--db", db, "--org", "Acme", "--durability", "normal"});
  EXPECT_EQ(token.status.exit_code, 0) << Describe(token);
  EXPECT_TRUE(std::regex_match(token.out, kTokenLine)) << Describe(token);
}

TEST(CliE2E, ServeAnswersHealthzAndExitsZeroOnSigtermOrSigint) {
  for (int sig : {SIGTERM, SIGINT}) {
    SCOPED_TRACE(sig == SIGTERM ? "SIGTERM" : "SIGINT");
    TempDir dir;
    ServeProcess server(dir.File("serve.db"));  // absent: serve creates and migrates it
    ASSERT_TRUE(server.WaitUntilListening());
    EXPECT_GT(server.port(), 0);

    auto [status, body] = server.Get("/healthz");
    EXPECT_EQ(status, 200);
    EXPECT_EQ(body, R"({"status":"ok"})");
    auto [anonymous, error] = server.Get("/api/v1/contacts");
    EXPECT_EQ(anonymous, 401) << error;

    server.child().Signal(sig);
    ExitStatus stopped = server.child().Wait(SecondsFromNow(60));
    EXPECT_FALSE(stopped.timed_out);
    EXPECT_EQ(stopped.signal, 0);
    EXPECT_EQ(stopped.exit_code, 0) << server.child().err();
    EXPECT_NE(server.child().err().find("stopped"), std::string::npos) << server.child().err();
    EXPECT_EQ(server.child().out(), "");
  }
}

TEST(CliE2E, DemoPrintsATokenThatListsItsContacts) {
  TempDir dir;
  const std::string db = dir.File("demo.db");
  RunResult demo = Cli({"demo", "--db", db, "--contacts", "50"});
  ASSERT_EQ(demo.status.exit_code, 0) << Describe(demo);
  ASSERT_TRUE(std::regex_match(demo.out, kTokenLine)) << Describe(demo);
  const std::string token = demo.out.substr(0, demo.out.size() - 1);

  ServeProcess server(db);
  ASSERT_TRUE(server.WaitUntilListening());
  auto [status, body] = server.Get("/api/v1/contacts?per_page=100", token);
  ASSERT_EQ(status, 200) << body;
  rapidjson::Document page = ParseJson(body);
  ASSERT_TRUE(page.IsObject()) << body;
  const rapidjson::Value& data = page["data"];
  EXPECT_EQ(data["total"].GetInt(), 50);
  EXPECT_EQ(data["data"].Size(), 50u);
  EXPECT_EQ(data["last_page"].GetInt(), 1);

  auto [first_status, first_body] = server.Get("/api/v1/contacts", token);
  ASSERT_EQ(first_status, 200) << first_body;
  rapidjson::Document first = ParseJson(first_body);
  EXPECT_EQ(first["data"]["per_page"].GetInt(), 15);
  EXPECT_EQ(first["data"]["last_page"].GetInt(), 4);
  EXPECT_EQ(first["data"]["data"].Size(), 15u);
}

TEST(CliE2E, CopyMovesAnOrganizationWhoseTokensThenWorkOnTheCopy) {
  TempDir dir;
  const std::string from = dir.File("from.db");
  const std::string to = dir.File("to.db");
  RunResult demo = Cli({"demo", "--db", from, "--contacts", "40", "--org", "Acme"});
  ASSERT_EQ(demo.status.exit_code, 0) << Describe(demo);
  const std::string token = demo.out.substr(0, demo.out.size() - 1);
  ASSERT_EQ(Cli({"demo", "--db", from, "--contacts", "5", "--org", "Globex"}).status.exit_code, 0);

  RunResult copy = Cli({"copy", "--from", from, "--to", to, "--org", "Acme"});
  ASSERT_EQ(copy.status.exit_code, 0) << Describe(copy);
  EXPECT_EQ(copy.out, "");
  EXPECT_NE(copy.err.find("copied 1 organization(s)"), std::string::npos) << copy.err;
  EXPECT_TRUE(std::regex_search(copy.err, std::regex(R"(\n  contacts +40\n)"))) << copy.err;

  RunResult again = Cli({"copy", "--from", from, "--to", to, "--org", "Acme"});
  EXPECT_EQ(again.status.exit_code, 1) << Describe(again);
  EXPECT_NE(again.err.find("already exists in the destination: Acme"), std::string::npos)
      << again.err;
  RunResult same = Cli({"copy", "--from", from, "--to", from});
  EXPECT_EQ(same.status.exit_code, 1) << Describe(same);
  RunResult missing = Cli({"copy", "--from", from});
  EXPECT_NE(missing.status.exit_code, 0) << Describe(missing);

  ServeProcess server(to);
  ASSERT_TRUE(server.WaitUntilListening());
  auto [status, body] = server.Get("/api/v1/contacts", token);
  ASSERT_EQ(status, 200) << body;
  EXPECT_EQ(ParseJson(body)["data"]["total"].GetInt(), 40);
}

class PostgresEngineCli : public ::sb::testing::PostgresTest {};

// Runs on PostgreSQL only (skips without SWITCHBOARD_TEST_PG): two processes migrate a new
// database at the same moment (the advisory lock lets one apply each version),
// then two `serve` processes on it serve one client in turn.
TEST_F(PostgresEngineCli, TwoProcessesMigrateAtOnceThenServeOneClientInTurn) {
  TestStore probe;
  ASSERT_EQ(probe.engine(), db::Engine::kPostgres);
  const std::string name = probe.database_name() + "_fresh";
  auto admin = [&](const std::string& sql) {
    db::PostgresOptions options;
    options.url = probe.admin_url();
    options.pool_size = 1;
    auto database = db::OpenPostgres(options);
    ASSERT_TRUE(database.ok()) << database.error().details();
    auto conn = (*database)->Acquire();
    ASSERT_TRUE(conn.ok());
    auto done = (*conn)->Exec(sql, {});
    ASSERT_TRUE(done.ok()) << done.error().details();
  };
  admin("CREATE DATABASE " + name + " TEMPLATE template0");
  const std::string url = WithDatabase(probe.admin_url(), name);
  {
    Subprocess first({kBinary, "migrate", "--db", url});
    Subprocess second({kBinary, "migrate", "--db", url});
    EXPECT_EQ(first.Wait(SecondsFromNow(60)).exit_code, 0) << first.err();
    EXPECT_EQ(second.Wait(SecondsFromNow(60)).exit_code, 0) << second.err();
    const std::string both = first.err() + second.err();
    EXPECT_NE(both.find("applied"), std::string::npos) << both;
  }
  const std::string token = CreateToken(url, "Acme");
  {
    ServeProcess a(url);
    ServeProcess b(url);
    ASSERT_TRUE(a.WaitUntilListening());
    ASSERT_TRUE(b.WaitUntilListening());
    auto [created, body] = a.Post("/api/v1/tags", R"({"name":"VIP"})", token);
    ASSERT_EQ(created, 201) << body;
    const std::string uuid = ParseJson(body)["data"]["uuid"].GetString();
    auto [seen, tag] = b.Get("/api/v1/tags/" + uuid, token);
    ASSERT_EQ(seen, 200) << tag;
    EXPECT_STREQ(ParseJson(tag)["data"]["name"].GetString(), "VIP");
    auto [listed, list] = a.Get("/api/v1/tags", token);
    ASSERT_EQ(listed, 200) << list;
    auto [again, dup] = b.Post("/api/v1/tags", R"({"name":"vip"})", token);
    EXPECT_EQ(again, 409) << dup;
  }
  admin("DROP DATABASE " + name + " WITH (FORCE)");
}

}  // namespace
}  // namespace sb::testing
