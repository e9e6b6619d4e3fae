// Opening the store named on the command line, with the schema brought up to date.
#pragma once

#include <memory>
#include <string>

#include "store/db/database.hpp"

namespace sb::app {

// Opens `db_path` (a SQLite file path) and applies pending migrations.
Result<std::unique_ptr<db::Database>> OpenStore(const std::string& db_path);

}  // namespace sb::app
