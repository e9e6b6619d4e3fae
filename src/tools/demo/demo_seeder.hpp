// Fills one organization with realistic demo data: an owner, tags, a "Sales"
// pipeline, contacts across eleven countries, pools with members in every
// dialer state, a campaign, agents and phone numbers bound to them.
//
// The data is reproducible: it comes from a PRNG with a fixed seed (and the
// organization name, so two demo organizations get different UUIDs), with
// times relative to the injected clock. Everything is written in one
// transaction, so an organization is either fully seeded or untouched.
//
// Refill: when the organization already has data (contacts, tags, pipelines,
// pools, agents or phone numbers), nothing is written and the summary says
// so; the caller can still mint a token.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "store/drivers/database.hpp"

namespace sb::tools {

struct DemoSeedOptions {
  std::string organization = "Demo Org";
  std::string owner_email = "admin@demo.example";
  int64_t contacts = 300;  // 0 .. kMaxDemoContacts
  uint64_t seed = 0x5EED'2024'0301ULL;
  // Told where seeding stands: a phase name, and rows done out of a total
  // (both 0 when the phase has no count). May be empty.
  std::function<void(std::string_view phase, int64_t done, int64_t total)> progress;
};

inline constexpr int64_t kMaxDemoContacts = 5'000'000;

struct DemoSeedSummary {
  int64_t organization_id = 0;
  int64_t owner_user_id = 0;
  bool already_seeded = false;  // the organization had data; nothing was written
  int64_t contacts = 0;
  int64_t tags = 0;
  int64_t contact_tags = 0;
  int64_t stages = 0;
  int64_t staged_contacts = 0;
  int64_t agents = 0;
  int64_t pools = 0;
  int64_t pool_items = 0;
  int64_t campaigns = 0;
  int64_t phone_numbers = 0;
  int64_t bindings = 0;
};

class DemoSeeder {
 public:
  DemoSeeder(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // Creates the organization and its owner when absent, then the demo data
  // unless the organization already has some. 422 naming `contacts` when the
  // count is out of range.
  Result<DemoSeedSummary> Seed(const DemoSeedOptions& options);

 private:
  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::tools
