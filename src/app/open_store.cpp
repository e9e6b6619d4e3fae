#include "app/open_store.hpp"

#include <spdlog/spdlog.h>

#include "store/migrations.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace sb::app {

Result<std::unique_ptr<db::Database>> OpenStore(const std::string& db_path) {
  db::SqliteOptions options;
  options.path = db_path;
  SB_ASSIGN_OR_RETURN(auto database, db::OpenSqlite(options));
  SB_ASSIGN_OR_RETURN(int applied, store::Migrate(*database));
  if (applied > 0) spdlog::info("applied {} schema migration(s) to {}", applied, db_path);
  return database;
}

}  // namespace sb::app
