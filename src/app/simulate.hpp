// `switchboard simulate`: what a campaign will do before it starts. Copies the
// campaign's organization into a scratch SQLite file, runs the real dialer on
// the copy against a simulated clock (jobs/dialer_simulator.hpp) and prints a
// JSON report on stdout. The store itself is only read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/drivers/durability.hpp"

namespace sb::app {

struct SimulateOptions {
  std::string db_path = "./switchboard.db";           // or a postgres:// URL
  db::Durability durability = db::Durability::kFull;  // of the store (the scratch copy: normal)
  std::string campaign_uuid;
  int days = 7;
  int workers = 1;
  std::string outcomes;  // "picked-up=0.3,no-answer=0.5,busy=0.2"
  uint64_t seed = 1;
  std::optional<std::string> start;  // ISO-8601; default: now
  std::string scratch_dir;           // default: $TMPDIR or /tmp
};

// Exit status 0 with the report on stdout; 1 with the error on stderr.
int RunSimulate(const SimulateOptions& options);

}  // namespace sb::app
