#include "support/test_db.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "app/open_store.hpp"
#include "core/ids.hpp"
#include "store/drivers/postgres/postgres_database.hpp"
#include "store/migrations/migrations.hpp"

namespace sb::testing {
namespace {

constexpr const char* kPgVar = "SWITCHBOARD_TEST_PG";

db::Engine current_engine = db::Engine::kSqlite;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// Runs one statement on the admin database (CREATE/DROP DATABASE cannot run
// inside a transaction, so it goes through ExecScript alone).
Status Admin(const std::string& admin_url, const std::string& sql) {
  db::PostgresOptions options;
  options.url = admin_url;
  options.pool_size = 1;
  SB_ASSIGN_OR_RETURN(auto admin, db::OpenPostgres(options));
  SB_ASSIGN_OR_RETURN(auto conn, admin->Acquire());
  return conn->ExecScript(sql);
}

// The schema every test database starts from, named after the migrations so a
// schema change gets a new template. Copying it is cheaper than migrating each
// test database from nothing.
std::string TemplateName() {
  uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (const auto& m : store::PostgresMigrations()) {
    for (char c : std::to_string(m.version) + std::string(m.sql)) {
      h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return std::string("sbtest_template_") + hex;
}

// Creates the template once per server. Test processes run in parallel: they
// queue on an advisory lock, and a template is only used once it is complete
// (marked IS_TEMPLATE after its migrations).
Status EnsureTemplate(const std::string& admin_url, const std::string& name) {
  db::PostgresOptions options;
  options.url = admin_url;
  options.pool_size = 1;
  SB_ASSIGN_OR_RETURN(auto admin, db::OpenPostgres(options));
  SB_ASSIGN_OR_RETURN(auto conn, admin->Acquire());
  constexpr int64_t kLock = 0x5342544553544442;  // "SBTESTDB"
  SB_RETURN_IF_ERROR(conn->Query("SELECT pg_advisory_lock(?)", {kLock}));
  Status made = [&]() -> Status {
    SB_ASSIGN_OR_RETURN(
        auto ready,
        conn->QueryInt("SELECT datistemplate::int FROM pg_database WHERE datname = ?", {name}));
    if (ready && *ready == 1) return OkStatus();
    if (ready) {  // left half-made by a process that died
      SB_RETURN_IF_ERROR(conn->ExecScript("DROP DATABASE " + name + " WITH (FORCE)"));
    }
    SB_RETURN_IF_ERROR(conn->ExecScript("CREATE DATABASE " + name));
    {
      SB_ASSIGN_OR_RETURN(
          auto migrated, app::OpenStore(WithDatabase(admin_url, name), 1, db::Durability::kNormal));
    }
    return conn->ExecScript("ALTER DATABASE " + name + " IS_TEMPLATE true");
  }();
  SB_RETURN_IF_ERROR(conn->Query("SELECT pg_advisory_unlock(?)", {kLock}));
  return made;
}

}  // namespace

bool PostgresConfigured() { return !Env(kPgVar).empty(); }

db::Engine CurrentEngine() { return current_engine; }

void SetCurrentEngine(db::Engine engine) { current_engine = engine; }

std::string WithDatabase(const std::string& url, const std::string& dbname) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t query = url.find('?', start);
  size_t end = query == std::string::npos ? url.size() : query;
  size_t slash = url.find('/', start);
  if (slash == std::string::npos || slash > end) {
    return url.substr(0, end) + "/" + dbname + url.substr(end);
  }
  return url.substr(0, slash + 1) + dbname + url.substr(end);
}

TestStore::TestStore() : TestStore(CurrentEngine()) {}

TestStore::TestStore(db::Engine engine) {
  if (engine == db::Engine::kSqlite) {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "switchboard-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) {
      error_ = "cannot create a temporary directory";
    } else {
      dir_ = tmpl;
      target_ = dir_ + "/test.db";
    }
  } else {
    engine_ = db::Engine::kPostgres;
    admin_ = Env(kPgVar);
    if (admin_.empty()) {
      error_ = std::string(kPgVar) +
               " is not set: the PostgreSQL tests need an admin URL (scripts/test.sh starts a"
               " cluster and sets it)";
    } else {
      static std::atomic<int> counter{0};
      database_ = "sbtest_" + std::to_string(getpid()) + "_" + std::to_string(++counter) + "_" +
                  RandomHex(4);
      static const std::string kTemplate = TemplateName();
      Status created = EnsureTemplate(admin_, kTemplate);
      if (created.ok()) {
        created = Admin(admin_, "CREATE DATABASE " + database_ + " TEMPLATE " + kTemplate);
      }
      if (!created.ok()) {
        error_ = "cannot create a test database on " + db::RedactUrl(admin_) + ": " +
                 created.error().details();
        database_.clear();
      } else {
        target_ = WithDatabase(admin_, database_);
      }
    }
  }
  // A skipped test (EngineTest's PostgreSQL instance without a server) has
  // said why already; anything else is a failure.
  if (!error_.empty() && !::testing::Test::IsSkipped()) ADD_FAILURE() << error_;
}

TestStore::~TestStore() {
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  if (!database_.empty()) {
    // FORCE: a connection a failed test left open must not keep the database.
    Status dropped = Admin(admin_, "DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
    if (!dropped.ok())
      ADD_FAILURE() << "cannot drop " << database_ << ": " << dropped.error().details();
  }
}

// Test stores commit with kNormal: a process crash loses nothing under it (an
// OS crash or a power loss could), and the tests run without an fsync per
// commit. The durability tests open the store themselves.
Result<std::unique_ptr<db::Database>> TestStore::Open(int pool_size) const {
  if (!ok()) return Error(ErrorCode::kUnavailable, "No test store", error_);
  return app::OpenStore(target_, pool_size, db::Durability::kNormal);
}

}  // namespace sb::testing
