// SQLite engine: one file in WAL mode, a pool of connections (one per thread
// that needs one), prepared statements cached per connection. A statement is
// lent to one Rows at a time and the cache keeps a bounded number of idle ones
// (statement_cache.hpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "store/drivers/database.hpp"
#include "store/drivers/durability.hpp"

namespace sb::db {

struct SqliteOptions {
  std::string path;             // file path; created when absent
  int max_connections = 16;     // upper bound on simultaneously borrowed connections
  int busy_timeout_ms = 10000;  // how long a writer waits for the write lock
  // Idle prepared statements each connection keeps (statement_cache.hpp).
  size_t statement_cache_size = 512;
  // How long Acquire() waits for a connection when all are borrowed; then
  // kUnavailable (503 with Retry-After), never a hang.
  std::chrono::milliseconds acquire_timeout{2000};
  // kFull: synchronous=FULL, every commit fsyncs the WAL; kNormal:
  // synchronous=NORMAL (store/db/durability.hpp). Set on every connection.
  Durability durability = Durability::kFull;
};

// What one connection's statement cache holds (tests and metrics read it).
struct SqliteStatementStats {
  size_t idle = 0;       // prepared, waiting in the cache
  size_t lent = 0;       // held by a Rows alive right now
  int64_t prepared = 0;  // statements prepared since the connection opened
};

// Opens (creating if needed) the database at options.path. Fails with
// kUnavailable when the file cannot be opened.
Result<std::unique_ptr<Database>> OpenSqlite(const SqliteOptions& options);

// The statement cache of `conn`; nullopt when it is not a SQLite connection.
// Call it on the thread that holds the connection.
std::optional<SqliteStatementStats> SqliteStatementStatsOf(const Connection& conn);

}  // namespace sb::db
