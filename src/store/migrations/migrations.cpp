#include "store/migrations/migrations.hpp"

#include <chrono>

#include <fmt/format.h>

namespace sb::store {
namespace {

// Any fixed number: the key of the advisory lock that migrating processes share.
constexpr int64_t kMigrationLockKey = 0x5357424D49475254;  // "SWBMIGRT"

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<int> ApplyPending(db::Connection& conn, const std::vector<Migration>& migrations) {
  int applied = 0;
  for (const Migration& m : migrations) {
    Status st = db::InTransaction(conn, [&]() -> Status {
      SB_ASSIGN_OR_RETURN(auto seen,
                          conn.QueryInt("SELECT version FROM schema_migrations WHERE version = ?",
                                        {int64_t{m.version}}));
      if (seen) return OkStatus();
      SB_RETURN_IF_ERROR(conn.ExecScript(m.sql));
      SB_RETURN_IF_ERROR(
          conn.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    {int64_t{m.version}, std::string(m.name), db::Timestamp{NowSeconds()}}));
      ++applied;
      return OkStatus();
    });
    if (!st.ok()) {
      if (st.error().code() == ErrorCode::kUnavailable) return std::move(st).error();
      return Error::Internal(
          fmt::format("migration {} ({}) failed: {}", m.version, m.name, st.error().details()));
    }
  }
  return applied;
}

}  // namespace

const std::vector<Migration>& MigrationsFor(db::Engine engine) {
  return engine == db::Engine::kPostgres ? PostgresMigrations() : SqliteMigrations();
}

Result<int> Migrate(db::Database& database) {
  SB_ASSIGN_OR_RETURN(auto conn, database.Acquire());
  const bool postgres = database.engine() == db::Engine::kPostgres;
  if (postgres) {
    // Session-level: held across the migrations' transactions, released below
    // or when the session ends (a crashed migrator does not block the next).
    SB_RETURN_IF_ERROR(conn->Query("SELECT pg_advisory_lock(?)", {kMigrationLockKey}));
  }
  Status created = conn->ExecScript(
      postgres
          ? "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)"
          : "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  Result<int> applied = created.ok() ? ApplyPending(*conn, MigrationsFor(database.engine()))
                                     : Result<int>(std::move(created).error());
  if (postgres) {
    SB_RETURN_IF_ERROR(conn->Query("SELECT pg_advisory_unlock(?)", {kMigrationLockKey}));
  }
  return applied;
}

}  // namespace sb::store
