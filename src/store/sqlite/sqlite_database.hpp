// SQLite engine: one file in WAL mode, a pool of connections (one per thread
// that needs one), prepared statements cached per connection.
#pragma once

#include <memory>
#include <string>

#include "store/db/database.hpp"

namespace sb::db {

struct SqliteOptions {
  std::string path;             // file path; created when absent
  int max_connections = 16;     // upper bound on simultaneously borrowed connections
  int busy_timeout_ms = 10000;  // how long a writer waits for the write lock
};

// Opens (creating if needed) the database at options.path. Fails with
// kUnavailable when the file cannot be opened.
Result<std::unique_ptr<Database>> OpenSqlite(const SqliteOptions& options);

}  // namespace sb::db
