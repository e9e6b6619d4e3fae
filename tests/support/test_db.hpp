// The store a storage test runs against. A test chooses its engine through its
// fixture (support/engine_test.hpp): an engine-parameterized suite runs every
// test once on SQLite and once on PostgreSQL; everything else uses SQLite.
//
// PostgreSQL is the server named by SWITCHBOARD_TEST_PG, an admin URL of a
// server the tests may create databases on (scripts/test.sh starts a
// throwaway cluster with scripts/pg-cluster.sh and sets it). Unset, the
// PostgreSQL instances skip with a message; set but unreachable, they fail
// (they never fall back to SQLite).
#pragma once

#include <memory>
#include <string>

#include "store/drivers/database.hpp"

namespace sb::testing {

// True when SWITCHBOARD_TEST_PG names a PostgreSQL server for the tests.
bool PostgresConfigured();

// The engine of the running test's stores: the parameter of an engine test
// (set by EngineTest's constructor), SQLite outside of one. Tests run one at
// a time in a process; not for use from threads a test starts.
db::Engine CurrentEngine();
void SetCurrentEngine(db::Engine engine);

// A fresh empty store for one test: a file in a new temporary directory, or a
// new database on the PostgreSQL server. The destructor removes it (drops the
// database). A failure to create it is a test failure (see error()), unless
// the test was already skipped (a PostgreSQL instance without a server).
class TestStore {
 public:
  // A store on CurrentEngine().
  TestStore();
  // A store on `engine` whatever the test runs on (tests that move data
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
