#include "tools/demo/demo_seeder.hpp"

#include <array>

#include "services/unit_of_work.hpp"
#include "store/repositories/store_util.hpp"
#include "store/repositories/token_repository.hpp"
#include "tools/demo/demo_context.hpp"

namespace sb::tools {
namespace {

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// Whether the organization already holds anything the demo would create.
Result<bool> HasData(db::Connection& conn, int64_t org) {
  static constexpr std::array<const char*, 6> kTables = {"contacts", "tags",   "pipelines",
                                                         "pools",    "agents", "phone_numbers"};
  for (const char* table : kTables) {
    SB_ASSIGN_OR_RETURN(auto found, conn.QueryInt(std::string("SELECT 1 FROM ") + table +
                                                      " WHERE organization_id = ? LIMIT 1",
                                                  {org}));
    if (found) return true;
  }
  return false;
}

Result<int64_t> Count(db::Connection& conn, const std::string& from_where, int64_t org) {
  SB_ASSIGN_OR_RETURN(auto n, conn.QueryInt("SELECT COUNT(*) FROM " + from_where, {org}));
  return n.value_or(0);
}

Status FillCounts(db::Connection& conn, DemoSeedSummary& s) {
  const int64_t org = s.organization_id;
  struct Item {
    int64_t* out;
    const char* from_where;
  };
  const Item items[] = {
      {&s.contacts, "contacts WHERE organization_id = ?"},
      {&s.tags, "tags WHERE organization_id = ?"},
      {&s.contact_tags, "contact_tags WHERE organization_id = ?"},
      {&s.stages, "pipeline_stages WHERE organization_id = ?"},
      {&s.staged_contacts, "contacts WHERE organization_id = ? AND stage_id IS NOT NULL"},
      {&s.agents, "agents WHERE organization_id = ?"},
      {&s.pools, "pools WHERE organization_id = ?"},
      {&s.pool_items, "pool_items WHERE organization_id = ?"},
      {&s.campaigns, "campaigns WHERE organization_id = ?"},
      {&s.phone_numbers, "phone_numbers WHERE organization_id = ?"},
      {&s.bindings, "phone_number_bindings WHERE organization_id = ?"},
  };
  for (const Item& item : items) {
    SB_ASSIGN_OR_RETURN(*item.out, Count(conn, item.from_where, org));
  }
  return OkStatus();
}

}  // namespace

namespace demo {

std::string SeedContext::Uuid(int64_t unix_seconds) {
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t ms = static_cast<uint64_t>(unix_seconds) * 1000 + uuid_rng() % 1000;
  uint64_t hi = (ms << 16) | 0x7000 | (uuid_rng() & 0x0FFF);
  uint64_t lo = (uuid_rng() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    uint64_t word = i < 8 ? hi : lo;
    auto byte = static_cast<unsigned>((word >> (56 - 8 * (i % 8))) & 0xFF);
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xF]);
  }
  return out;
}

int64_t SeedContext::Between(int64_t lo, int64_t hi) {
  if (hi <= lo) return lo;
  return lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo + 1));
}

bool SeedContext::Chance(int percent) { return static_cast<int>(rng() % 100) < percent; }

void SeedContext::Report(std::string_view phase, int64_t done, int64_t total) const {
  if (progress) progress(phase, done, total);
}

}  // namespace demo

Result<DemoSeedSummary> DemoSeeder::Seed(const DemoSeedOptions& options) {
  if (options.contacts < 0 || options.contacts > kMaxDemoContacts) {
    return Error::Validation("contacts", "The number of demo contacts must be between 0 and " +
                                             std::to_string(kMaxDemoContacts) + ".");
  }
  DemoSeedSummary summary;
  store::TokenRepository accounts(conn_, clock_, ids_);
  demo::SeedContext ctx(conn_);
  ctx.now = clock_.NowSeconds();
  ctx.contacts = options.contacts;
  ctx.rng.seed(options.seed);
  ctx.uuid_rng.seed(options.seed ^ Fnv1a(options.organization));
  ctx.progress = options.progress;

  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(summary.organization_id, accounts.EnsureOrganization(options.organization));
    SB_ASSIGN_OR_RETURN(summary.owner_user_id,
                        accounts.EnsureUser(summary.organization_id, options.owner_email));
    SB_RETURN_IF_ERROR(
        conn_.Exec("UPDATE users SET role = 'owner' WHERE organization_id = ? AND id = ?"
                   " AND role <> 'owner'",
                   {summary.organization_id, summary.owner_user_id}));
    SB_ASSIGN_OR_RETURN(summary.already_seeded, HasData(conn_, summary.organization_id));
    if (summary.already_seeded) return OkStatus();
    ctx.org = summary.organization_id;
    ctx.owner = summary.owner_user_id;
    return services::InUnitOfWork(conn_, ctx.org, clock_, ids_, [&]() -> Status {
      SB_RETURN_IF_ERROR(demo::SeedFixtures(ctx));
      SB_RETURN_IF_ERROR(demo::SeedContacts(ctx));
      SB_RETURN_IF_ERROR(demo::SeedCampaignAndNumbers(ctx));
      ctx.Report("committing");
      return OkStatus();
    });
  }));
  SB_RETURN_IF_ERROR(FillCounts(conn_, summary));
  return summary;
}

}  // namespace sb::tools
