// Shared state of one demo seeding run (internal to the demo seeder files).
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "store/drivers/database.hpp"

namespace sb::tools::demo {

struct PoolRef {
  int64_t id = 0;
  std::string type;  // FIFO | LIFO | Parallel
  int max_parallel = 10;
  int max_retries = 3;
  int64_t created_at = 0;
  int64_t target_members = 0;  // exact number of members to draw
};

struct SeedContext {
  explicit SeedContext(db::Connection& c) : conn(c) {}

  db::Connection& conn;
  int64_t org = 0;
  int64_t owner = 0;
  int64_t now = 0;
  int64_t contacts = 0;
  std::mt19937_64 rng;       // every data decision
  std::mt19937_64 uuid_rng;  // the random bits of UUIDs
  std::function<void(std::string_view, int64_t, int64_t)> progress;

  std::vector<int64_t> tag_ids;    // in Tags() order
  std::vector<int64_t> stage_ids;  // in SalesStages() order
  std::vector<int64_t> agent_ids;
  std::vector<PoolRef> pools;

  int64_t contact_tags = 0;
  int64_t staged_contacts = 0;
  int64_t pool_items = 0;

  // A UUIDv7 whose timestamp is `unix_seconds` (plus a random millisecond), so
  // ids sort like the rows' creation times.
  std::string Uuid(int64_t unix_seconds);
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi);
  // True with probability percent/100.
  bool Chance(int percent);
  void Report(std::string_view phase, int64_t done = 0, int64_t total = 0) const;
};

// Writes the tags, the "Sales" pipeline, the agents and the pools (no members).
Status SeedFixtures(SeedContext& ctx);
// Writes the contacts with their tags and stages, then the pool members.
Status SeedContacts(SeedContext& ctx);
// Writes the campaign and the phone numbers with their agent bindings.
Status SeedCampaignAndNumbers(SeedContext& ctx);

}  // namespace sb::tools::demo
