// The store every storage test runs against, on the engine the test binary was
// started for: SQLite by default, PostgreSQL when SWITCHBOARD_TEST_PG holds an
// admin URL of a server the tests may create databases on (scripts/test.sh
// starts a throwaway cluster with scripts/pg-cluster.sh and sets it).
//
// CTest runs every storage test twice: as `Suite.Test` on SQLite and as
// `pg.Suite.Test` with SWITCHBOARD_TEST_ENGINE=postgres. A PostgreSQL run
// without a reachable server fails; it never falls back to SQLite or skips.
#pragma once

#include <memory>
#include <string>

#include "store/db/database.hpp"

namespace sb::testing {

// True when this test binary runs its storage tests on PostgreSQL.
bool UsingPostgres();

// A fresh empty store for one test: a file in a new temporary directory, or a
// new database on the PostgreSQL server. The destructor removes it (drops the
// database). A failure to create it is a test failure (see error()).
class TestStore {
 public:
  TestStore();
  // A store on `engine` whatever the binary runs on (tests that move data
  // between engines).
  explicit TestStore(db::Engine engine);
  ~TestStore();
  TestStore(const TestStore&) = delete;
  TestStore& operator=(const TestStore&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  db::Engine engine() const { return engine_; }
  // What `switchboard --db` takes: the SQLite path or the PostgreSQL URL.
  const std::string& target() const { return target_; }
  // PostgreSQL: the database created for this test, and the admin URL it was
  // created through (for tests that act on the server, e.g. end sessions).
  const std::string& database_name() const { return database_; }
  const std::string& admin_url() const { return admin_; }

  // Opens the store, migrated, as `switchboard` would (app::OpenStore). May be
  // called again for a second, independent Database on the same data.
  Result<std::unique_ptr<db::Database>> Open(int pool_size = 0) const;

 private:
  db::Engine engine_ = db::Engine::kSqlite;
  std::string target_;
  std::string dir_;       // SQLite: the temporary directory
  std::string admin_;     // PostgreSQL: the admin URL
  std::string database_;  // PostgreSQL: the database created for this test
  std::string error_;
};

// `url` (a postgres:// or postgresql:// URI) naming database `dbname` instead.
std::string WithDatabase(const std::string& url, const std::string& dbname);

}  // namespace sb::testing
