#include "support/engine_test.hpp"

#include "support/test_db.hpp"

namespace sb::testing {
namespace {

// GTEST_SKIP returns from the constructor: the test body, SetUp and TearDown
// do not run, the fixture's members are still built (a TestStore then makes
// nothing) and destroyed.
constexpr const char* kNoServer =
    "SWITCHBOARD_TEST_PG is not set: this PostgreSQL test needs the admin URL of a server it may "
    "create databases on (scripts/pg-cluster.sh start DIR prints one; scripts/test.sh sets it)";

}  // namespace

EngineTest::EngineTest() {
  SetCurrentEngine(GetParam());
  if (GetParam() == db::Engine::kPostgres && !PostgresConfigured()) GTEST_SKIP() << kNoServer;
}

EngineTest::~EngineTest() { SetCurrentEngine(db::Engine::kSqlite); }

PostgresTest::PostgresTest() {
  SetCurrentEngine(db::Engine::kPostgres);
  if (!PostgresConfigured()) GTEST_SKIP() << kNoServer;
}

PostgresTest::~PostgresTest() { SetCurrentEngine(db::Engine::kSqlite); }

std::string EngineParamName(const ::testing::TestParamInfo<db::Engine>& info) {
  return info.param == db::Engine::kPostgres ? "postgres" : "sqlite";
}

}  // namespace sb::testing
