// A demo organization seeded once per benchmark process and shared by the
// store benchmarks. Its size comes from SB_BENCH_CONTACTS (default 100000);
// the database lives in a temporary directory removed at exit.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "store/drivers/database.hpp"

namespace sb::bench {

struct SeededStore {
  std::string dir;
  std::unique_ptr<db::Database> database;
  int64_t organization_id = 0;
  int64_t contacts = 0;
  double seed_seconds = 0;
};

// The shared store, seeded on first use; aborts when seeding fails.
SeededStore& SharedStore();

// A fresh temporary directory (mkdtemp) for one benchmark's own database.
std::string MakeTempDir();

}  // namespace sb::bench
