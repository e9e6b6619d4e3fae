#include "store/migrations.hpp"

#include <fmt/format.h>

namespace sb::store {

Result<int> Migrate(db::Database& database) {
  SB_ASSIGN_OR_RETURN(auto conn, database.Acquire());
  SB_RETURN_IF_ERROR(conn->ExecScript(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)"));
  const auto& migrations = SqliteMigrations();
  int applied = 0;
  for (const Migration& m : migrations) {
    Status st = db::InTransaction(*conn, [&]() -> Status {
      SB_ASSIGN_OR_RETURN(auto seen,
                          conn->QueryInt("SELECT version FROM schema_migrations WHERE version = ?",
                                         {int64_t{m.version}}));
      if (seen) return OkStatus();
      SB_RETURN_IF_ERROR(conn->ExecScript(m.sql));
      SB_RETURN_IF_ERROR(
          conn->Exec("INSERT INTO schema_migrations (version, name, applied_at) "
                     "VALUES (?, ?, CAST(strftime('%s','now') AS INTEGER))",
                     {int64_t{m.version}, std::string(m.name)}));
      ++applied;
      return OkStatus();
    });
    if (!st.ok()) {
      return Error::Internal(
          fmt::format("migration {} ({}) failed: {}", m.version, m.name, st.error().details()));
    }
  }
  return applied;
}

}  // namespace sb::store
