// The store fixture of the contact importer tests: one organization and its
// user on a fresh store (SQLite or PostgreSQL), CSV files in a temporary
// directory, and helpers that create, claim and run imports and read back
// what they wrote.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "jobs/contact_importer.hpp"
#include "store/repositories/import_repository.hpp"
#include "store/repositories/token_repository.hpp"
#include "support/engine_test.hpp"
#include "support/failing_database.hpp"
#include "support/test_db.hpp"

namespace sb::testing {

// A rejected row as the tests compare it: line, code, column ("" when none).
using ErrorKey = std::tuple<int64_t, std::string, std::string>;

}  // namespace sb::testing

namespace sb::jobs {

class ContactImporterRepositoryTest : public ::sb::testing::EngineTest {
 protected:
  void SetUp() override {
    auto database = store_.Open();
    ASSERT_TRUE(database.ok()) << database.error().details();
    db_ = std::move(database).value();
    conn_ = std::move(db_->Acquire()).value();
    store::TokenRepository tokens(*conn_, clock_, ids_);
    org_ = *tokens.EnsureOrganization("Acme");
    user_ = *tokens.EnsureUser(org_, "a@acme.test");
    // Random, not from ids_: test processes run side by side with the same ids.
    dir_ = std::filesystem::temp_directory_path() / ("switchboard-importer-" + RandomHex(8));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    conn_.reset();
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Forgets every contact, tag, pool and import.
  void Reset() {
    for (const char* table :
         {"import_errors", "imports", "contact_tags", "pool_items", "contacts", "tags", "pools"}) {
      ASSERT_TRUE(conn_->Exec(std::string("DELETE FROM ") + table).ok()) << table;
    }
  }

  static domain::ImportOptions Options(const std::string& country) {
    domain::ImportOptions o;
    o.default_country_code = country;
    return o;
  }

  domain::ContactImport CreateImport(const std::string& csv, const domain::ImportOptions& options) {
    std::string path = (dir_ / (ids_.NewUuid() + ".csv")).string();
    std::ofstream(path, std::ios::binary) << csv;
    store::ImportRepository imports(*conn_, clock_, ids_);
    auto created =
        imports.Create(org_, user_, {"test.csv", path, static_cast<int64_t>(csv.size())}, options);
    EXPECT_TRUE(created.ok()) << created.error().details();
    return created.ok() ? *created : domain::ContactImport{};
  }

  bool Claim(const domain::ContactImport& import, const std::string& owner) {
    store::ImportRepository imports(*conn_, clock_, ids_);
    auto claimed = imports.Claim(org_, import.id, owner, 60);
    return claimed.ok() && *claimed;
  }

  std::optional<domain::ContactImport> ClaimNext(const std::string& owner) {
    store::ImportRepository imports(*conn_, clock_, ids_);
    auto claimed = imports.ClaimNext(owner, 60, [](const domain::ContactImport&) { return true; });
    EXPECT_TRUE(claimed.ok());
    return claimed.ok() ? *claimed : std::nullopt;
  }

  domain::ContactImport Reload(const domain::ContactImport& import) {
    store::ImportRepository imports(*conn_, clock_, ids_);
    auto got = imports.Get(org_, import.uuid);
    EXPECT_TRUE(got.ok());
    return got.ok() ? *got : domain::ContactImport{};
  }

  // Creates, claims and runs an import of `csv` to its end.
  domain::ContactImport RunImport(const std::string& csv, const domain::ImportOptions& options,
                                  size_t batch_rows = 1000) {
    auto import = CreateImport(csv, options);
    EXPECT_TRUE(Claim(import, "test"));
    ContactImporter importer(*db_, clock_, ids_, "test", ImporterOptions{batch_rows, 60, nullptr});
    auto done = importer.Run(import);
    EXPECT_TRUE(done.ok()) << done.error().details();
    return done.ok() ? *done : domain::ContactImport{};
  }

  std::vector<testing::ErrorKey> Errors(const domain::ContactImport& import) {
    store::ImportRepository imports(*conn_, clock_, ids_);
    auto errors = imports.Errors(org_, import.id, 0, 1000);
    EXPECT_TRUE(errors.ok());
    std::vector<testing::ErrorKey> out;
    if (errors.ok()) {
      for (const auto& e : *errors) out.emplace_back(e.line, e.code, e.column.value_or(""));
    }
    return out;
  }

  std::vector<std::string> Strings(const std::string& sql, const db::Params& params) {
    std::vector<std::string> out;
    auto rows = conn_->Query(sql, params);
    EXPECT_TRUE(rows.ok());
    while (rows.ok() && *(*rows)->Next()) out.push_back((*rows)->String(0));
    return out;
  }
  std::vector<std::string> ContactNames() {
    return Strings("SELECT name FROM contacts WHERE organization_id = ? ORDER BY id", {org_});
  }
  std::vector<std::string> AllContactNamesSorted() {
    return Strings("SELECT name FROM contacts WHERE organization_id = ? ORDER BY name", {org_});
  }
  std::vector<std::string> TagsOf(const std::string& contact_name) {
    return Strings(
        "SELECT t.name FROM tags t JOIN contact_tags ct ON ct.organization_id = t.organization_id"
        " AND ct.tag_id = t.id JOIN contacts c ON c.organization_id = ct.organization_id AND"
        " c.id = ct.contact_id WHERE c.organization_id = ? AND c.name = ? ORDER BY t.name",
        {org_, contact_name});
  }
  int64_t CountContacts() {
    return conn_->QueryInt("SELECT COUNT(*) FROM contacts WHERE organization_id = ?", {org_})
        .value()
        .value_or(-1);
  }
  int64_t PoolMembers(const std::string& pool_uuid) {
    return conn_
        ->QueryInt(
            "SELECT COUNT(*) FROM pool_items i JOIN pools p ON p.organization_id ="
            " i.organization_id AND p.id = i.pool_id WHERE p.organization_id = ? AND"
            " p.uuid = ? AND i.status = 'Pending'",
            {org_, pool_uuid})
        .value()
        .value_or(-1);
  }

  void AddContact(const std::string& name, const std::string& phone) {
    ASSERT_TRUE(conn_
                    ->Exec("INSERT INTO contacts (organization_id, uuid, name, phone_number,"
                           " country_code, created_at, updated_at) VALUES (?, ?, ?, ?, 'US', ?, ?)",
                           {org_, ids_.NewUuid(), name, phone, db::Timestamp{clock_.NowSeconds()},
                            db::Timestamp{clock_.NowSeconds()}})
                    .ok());
  }
  std::string MustTag(const std::string& name) {
    std::string uuid = ids_.NewUuid();
    EXPECT_TRUE(conn_
                    ->Exec("INSERT INTO tags (organization_id, uuid, name, created_at, updated_at)"
                           " VALUES (?, ?, ?, ?, ?)",
                           {org_, uuid, name, db::Timestamp{clock_.NowSeconds()},
                            db::Timestamp{clock_.NowSeconds()}})
                    .ok());
    return uuid;
  }
  std::string MustPool(const std::string& name) {
    std::string uuid = ids_.NewUuid();
    EXPECT_TRUE(conn_
                    ->Exec("INSERT INTO pools (organization_id, uuid, name, created_at, updated_at)"
                           " VALUES (?, ?, ?, ?, ?)",
                           {org_, uuid, name, db::Timestamp{clock_.NowSeconds()},
                            db::Timestamp{clock_.NowSeconds()}})
                    .ok());
    return uuid;
  }

  // `rows` contacts "Person i"; every fifth repeats the number of the row
  // before it.
  static std::string GeneratedCsv(int rows) {
    std::string csv = "name,phone_number\n";
    int number = 100;
    for (int i = 1; i <= rows; ++i) {
      if (i % 5 != 0) ++number;
      csv += "Person " + std::to_string(i) + ",+1415555" + std::to_string(1000 + number) + "\n";
    }
    return csv;
  }

  testing::TestStore store_;
  FakeClock clock_{1709294400};
  SequentialIdGenerator ids_;
  std::unique_ptr<db::Database> db_;
  db::ConnectionLease conn_;
  int64_t org_ = 0;
  int64_t user_ = 0;
  std::filesystem::path dir_;
};

}  // namespace sb::jobs
