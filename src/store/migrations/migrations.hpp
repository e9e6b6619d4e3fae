// Versioned schema migrations, one list per engine, kept in the repository; both
// lists have the same versions. Migrate() applies the ones a database has not
// seen yet, each in its own transaction, and records them in schema_migrations.
// Several processes may migrate one database at once: on PostgreSQL they queue
// on an advisory lock, on SQLite on the write lock of each migration's
// transaction (which re-checks the version first).
#pragma once

#include <string_view>
#include <vector>

#include "store/drivers/database.hpp"

namespace sb::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

const std::vector<Migration>& SqliteMigrations();
const std::vector<Migration>& PostgresMigrations();
// The list for the database's engine.
const std::vector<Migration>& MigrationsFor(db::Engine engine);

// Brings the schema up to the newest version. Safe to call on every start.
// Returns the number of migrations applied.
Result<int> Migrate(db::Database& database);

}  // namespace sb::store
