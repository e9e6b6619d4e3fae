// `switchboard demo`: fills an organization with realistic data.
#pragma once

#include <cstdint>
#include <string>

namespace sb::app {

struct DemoOptions {
  std::string db_path = "./switchboard.db";  // or a postgres:// URL
  int db_pool = 0;                           // connections; 0: the engine's default
  std::string org = "Demo Org";
  int64_t contacts = 300;
};

// Generates the data, prints a token on stdout and a sample curl on stderr.
int RunDemo(const DemoOptions& options);

}  // namespace sb::app
