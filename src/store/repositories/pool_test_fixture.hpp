// The two-organization store of StoreTest with helpers for the pool, pool
// item and campaign repository tests. Contacts, pool items and agents are
// inserted with plain SQL so each test sets up exactly the rows it needs.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "store/drivers/database.hpp"
#include "store/repositories/store_test_fixture.hpp"

namespace sb::store {

struct TestContact {
  int64_t id = 0;
  std::string uuid;
};

class PoolStoreTest : public StoreTest {
 protected:
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
};

}  // namespace sb::store
