// The store fixture of the repository tests: a fresh store on the test's
// engine (support/engine_test.hpp: every test runs on SQLite and on
// PostgreSQL) with two organizations, Acme (org_) and Globex (other_org_), one
// connection to it, a fake clock at kNow and sequential ids. A suite adds its
// repository and helpers in a class of its own; its SetUp calls this one's
// first.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <utility>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "services/unit_of_work.hpp"
#include "store/drivers/database.hpp"
#include "store/repositories/token_repository.hpp"
#include "support/engine_test.hpp"
#include "support/test_db.hpp"

namespace sb::store {

inline constexpr int64_t kNow = 1709294400;  // 2024-03-01T12:00:00Z

class StoreTest : public ::sb::testing::EngineTest {
 protected:
  void SetUp() override {
    auto database = store_.Open();
    ASSERT_TRUE(database.ok()) << database.error().details();
    db_ = std::move(database).value();
    auto conn = db_->Acquire();
    ASSERT_TRUE(conn.ok());
    conn_ = std::move(conn).value();
    TokenRepository tokens(*conn_, clock_, ids_);
    org_ = *tokens.EnsureOrganization("Acme");
    other_org_ = *tokens.EnsureOrganization("Globex");
  }
  void TearDown() override {
    conn_.reset();
    db_.reset();
  }

  // Runs `body` in a unit of work for org_ (services/unit_of_work.hpp): the
  // way the write generation moves.
  template <typename F>
  auto InUnitOfWork(F&& body) {
    return services::InUnitOfWork(*conn_, org_, clock_, ids_, std::forward<F>(body));
  }

  ::sb::testing::TestStore store_;
  FakeClock clock_{kNow};
  SequentialIdGenerator ids_;
  std::unique_ptr<db::Database> db_;
  db::ConnectionLease conn_;
  int64_t org_ = 0;
  int64_t other_org_ = 0;
};

}  // namespace sb::store
