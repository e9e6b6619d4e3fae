// Opening the store named on the command line, with the schema brought up to date.
//
// A store is named by a SQLite file path (the default, ./switchboard.db) or a
// PostgreSQL URL (postgres://user:pass@host:port/dbname, or postgresql://). Every
// subcommand takes it from --db, else from the SWITCHBOARD_DB environment
// variable, else the default.
#pragma once

#include <memory>
#include <string>

#include "store/drivers/database.hpp"
#include "store/drivers/durability.hpp"

namespace CLI {
class App;
}

namespace sb::app {

inline constexpr const char* kDefaultDb = "./switchboard.db";
inline constexpr const char* kDbEnvVar = "SWITCHBOARD_DB";

// Connections in the pool when --db-pool is not given (0): PostgreSQL keeps
// this many sessions at most; SQLite keeps its own default.
inline constexpr int kDefaultPostgresPool = 8;

inline constexpr const char* kDurabilityEnvVar = "SWITCHBOARD_DURABILITY";

// Opens `target` (a SQLite path or a PostgreSQL URL) with a pool of `pool_size`
// connections (0: the engine's default) committing with `durability`
// (store/db/durability.hpp), and applies pending migrations.
Result<std::unique_ptr<db::Database>> OpenStore(const std::string& target, int pool_size = 0,
                                                db::Durability durability = db::Durability::kFull);

// Declares `--durability full|normal` on `cmd` (also read from
// $SWITCHBOARD_DURABILITY), filling `durability`; the default is full. Any
// other value is a usage error naming --durability.
void AddDurabilityOption(CLI::App* cmd, db::Durability& durability);

// `target` fit for logs and messages (a URL's password hidden).
std::string DescribeStore(const std::string& target);

}  // namespace sb::app
