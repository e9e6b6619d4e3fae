// Fixtures that choose the engine of a test's stores (support/test_db.hpp).
//
// EngineTest: a suite derived from it runs every test once per engine, named
// `Engines/Suite.Test/sqlite` and `Engines/Suite.Test/postgres`; the file that
// defines its tests instantiates it once with SB_INSTANTIATE_ENGINES(Suite).
// Its constructor sets the engine before the fixture's members are built, so a
// TestStore or TestServer member, or one a test makes, is on that engine.
//
// PostgresTest: tests of PostgreSQL alone (its driver, its server's behaviour).
//
// Either skips a PostgreSQL test with a message when SWITCHBOARD_TEST_PG is
// unset, so a machine without PostgreSQL runs the SQLite tests alone; when it
// is set and the server cannot be reached, the test fails.
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "store/drivers/database.hpp"

namespace sb::testing {

class EngineTest : public ::testing::TestWithParam<db::Engine> {
 protected:
  EngineTest();
  ~EngineTest() override;
  EngineTest(const EngineTest&) = delete;
  EngineTest& operator=(const EngineTest&) = delete;

  db::Engine engine() const { return GetParam(); }
  bool postgres() const { return GetParam() == db::Engine::kPostgres; }
};

class PostgresTest : public ::testing::Test {
 protected:
  PostgresTest();
  ~PostgresTest() override;
  PostgresTest(const PostgresTest&) = delete;
  PostgresTest& operator=(const PostgresTest&) = delete;
};

// "sqlite" or "postgres": the last part of an engine test's name.
std::string EngineParamName(const ::testing::TestParamInfo<db::Engine>& info);

}  // namespace sb::testing

namespace sb::db {
// How GoogleTest prints an engine parameter ("sqlite", "postgres") in test
// listings and failures, instead of its bytes.
void PrintTo(Engine engine, std::ostream* os);
}  // namespace sb::db

// Runs every TEST_P of `suite` (an EngineTest) on both engines.
#define SB_INSTANTIATE_ENGINES(suite)                                                            \
  INSTANTIATE_TEST_SUITE_P(                                                                      \
      Engines, suite, ::testing::Values(::sb::db::Engine::kSqlite, ::sb::db::Engine::kPostgres), \
      ::sb::testing::EngineParamName)
