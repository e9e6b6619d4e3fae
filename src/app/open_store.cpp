#include "app/open_store.hpp"

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "store/drivers/postgres/postgres_database.hpp"
#include "store/drivers/sqlite/sqlite_database.hpp"
#include "store/migrations/migrations.hpp"

namespace sb::app {

Result<std::unique_ptr<db::Database>> OpenStore(const std::string& target, int pool_size,
                                                db::Durability durability) {
  std::unique_ptr<db::Database> database;
  if (db::IsPostgresUrl(target)) {
    db::PostgresOptions options;
    options.url = target;
    options.pool_size = pool_size > 0 ? pool_size : kDefaultPostgresPool;
    options.durability = durability;
    SB_ASSIGN_OR_RETURN(database, db::OpenPostgres(options));
  } else {
    db::SqliteOptions options;
    options.path = target;
    if (pool_size > 0) options.max_connections = pool_size;
    options.durability = durability;
    SB_ASSIGN_OR_RETURN(database, db::OpenSqlite(options));
  }
  SB_ASSIGN_OR_RETURN(int applied, store::Migrate(*database));
  if (applied > 0) {
    spdlog::info("applied {} schema migration(s) to {}", applied, DescribeStore(target));
  }
  return database;
}

void AddDurabilityOption(CLI::App* cmd, db::Durability& durability) {
  cmd->add_option_function<std::string>(
         "--durability",
         [&durability](const std::string& value) {
           durability = db::ParseDurability(value).value_or(db::Durability::kFull);
         },
         "full (default): a commit is on disk before it is acknowledged, so it survives a power "
         "loss; normal: faster, but the last commits may be lost on an OS crash or power loss "
         "(never on a process crash)")
      ->envname(kDurabilityEnvVar)
      ->default_str("full")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            if (db::ParseDurability(value)) return {};
            return "must be full or normal, not '" + value + "'";
          },
          "full|normal", "durability"));
}

std::string DescribeStore(const std::string& target) { return db::RedactUrl(target); }

}  // namespace sb::app
