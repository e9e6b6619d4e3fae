#include "app/open_store.hpp"

#include <spdlog/spdlog.h>

#include "store/migrations.hpp"
#include "store/postgres/postgres_database.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace sb::app {

Result<std::unique_ptr<db::Database>> OpenStore(const std::string& target, int pool_size) {
  std::unique_ptr<db::Database> database;
  if (db::IsPostgresUrl(target)) {
    db::PostgresOptions options;
    options.url = target;
    options.pool_size = pool_size > 0 ? pool_size : kDefaultPostgresPool;
    SB_ASSIGN_OR_RETURN(database, db::OpenPostgres(options));
  } else {
    db::SqliteOptions options;
    options.path = target;
    if (pool_size > 0) options.max_connections = pool_size;
    SB_ASSIGN_OR_RETURN(database, db::OpenSqlite(options));
  }
  SB_ASSIGN_OR_RETURN(int applied, store::Migrate(*database));
  if (applied > 0) {
    spdlog::info("applied {} schema migration(s) to {}", applied, DescribeStore(target));
  }
  return database;
}

std::string DescribeStore(const std::string& target) { return db::RedactUrl(target); }

}  // namespace sb::app
