// Versioned schema migrations, one list per engine, kept in the repository.
// Migrate() applies the ones a database has not seen yet, each in its own
// transaction, and records them in schema_migrations.
#pragma once

#include <string_view>
#include <vector>

#include "store/db/database.hpp"

namespace sb::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

const std::vector<Migration>& SqliteMigrations();

// Brings the schema up to the newest version. Safe to call on every start.
// Returns the number of migrations applied.
Result<int> Migrate(db::Database& database);

}  // namespace sb::store
