// A fresh store (SQLite or PostgreSQL, see support/test_db.hpp) with two organizations, for
// the pool, pool item and campaign repository tests. Contacts, pool items and
// agents are inserted with plain SQL so each test sets up exactly the rows it
// needs.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "store/db/database.hpp"
#include "store/token_repository.hpp"
#include "support/test_db.hpp"

namespace sb::store {

inline constexpr int64_t kNow = 1709294400;  // 2024-03-01T12:00:00Z

struct TestContact {
  int64_t id = 0;
  std::string uuid;
};

class PoolStoreTest : public ::testing::Test {
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

  TestContact AddContact(int64_t org, const std::string& name,
                         std::optional<std::string> surname = std::nullopt,
                         std::optional<std::string> email = std::nullopt,
                         std::optional<std::string> phone = std::nullopt) {
    TestContact c;
    c.uuid = ids_.NewUuid();
    EXPECT_TRUE(conn_
                    ->Exec("INSERT INTO contacts (organization_id, uuid, name, surname, email,"
                           " phone_number, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           {org, c.uuid, name, db::Nullable(surname), db::Nullable(email),
                            db::Nullable(phone), kNow, kNow})
                    .ok());
    c.id = conn_->QueryInt("SELECT id FROM contacts WHERE uuid = ?", {c.uuid}).value().value_or(0);
    return c;
  }

  // A member with priority 7, retry_count 2 and notes "n".
  void AddMember(int64_t org, int64_t pool_id, int64_t contact_id, const std::string& status) {
    EXPECT_TRUE(conn_
                    ->Exec("INSERT INTO pool_items (organization_id, pool_id, contact_id, status,"
                           " priority, retry_count, notes, added_at, updated_at)"
                           " VALUES (?, ?, ?, ?, 7, 2, 'n', ?, ?)",
                           {org, pool_id, contact_id, status, kNow, kNow})
                    .ok());
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
