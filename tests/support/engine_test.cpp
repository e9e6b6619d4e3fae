#include "support/engine_test.hpp"

#include "support/test_db.hpp"

namespace sb::testing {
namespace {

// Marks the running test skipped. Called from a fixture's constructor (a
// constructor cannot hold GTEST_SKIP's return): the test body, SetUp and
// TearDown then do not run; the fixture's members are still built (a
// TestStore then makes nothing) and destroyed.
void SkipWithoutServer() {
  GTEST_SKIP() << "SWITCHBOARD_TEST_PG is not set: this PostgreSQL test needs the admin URL of a "
                  "server it may create databases on (scripts/pg-cluster.sh start DIR prints "
                  "one; scripts/test.sh sets it)";
}

}  // namespace

EngineTest::EngineTest() {
  SetCurrentEngine(GetParam());
  if (GetParam() == db::Engine::kPostgres && !PostgresConfigured()) SkipWithoutServer();
}

EngineTest::~EngineTest() { SetCurrentEngine(db::Engine::kSqlite); }

PostgresTest::PostgresTest() {
  SetCurrentEngine(db::Engine::kPostgres);
  if (!PostgresConfigured()) SkipWithoutServer();
}

PostgresTest::~PostgresTest() { SetCurrentEngine(db::Engine::kSqlite); }

std::string EngineParamName(const ::testing::TestParamInfo<db::Engine>& info) {
  return info.param == db::Engine::kPostgres ? "postgres" : "sqlite";
}

}  // namespace sb::testing

namespace sb::db {

void PrintTo(Engine engine, std::ostream* os) {
  *os << (engine == Engine::kPostgres ? "postgres" : "sqlite");
}

}  // namespace sb::db
