// `switchboard demo`: fills an organization with realistic data.
#pragma once

#include <cstdint>
#include <string>

#include "store/drivers/durability.hpp"

namespace sb::app {

struct DemoOptions {
  std::string db_path = "./switchboard.db";           // or a postgres:// URL
  int db_pool = 0;                                    // connections; 0: the engine's default
  db::Durability durability = db::Durability::kFull;  // store/db/durability.hpp
  std::string org = "Demo Org";
  int64_t contacts = 300;
};

// Generates the data, prints a token on stdout and a sample curl on stderr.
int RunDemo(const DemoOptions& options);

}  // namespace sb::app
