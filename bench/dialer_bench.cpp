// Claims per second: one member per claim, 50 per claim, and one per claim
// from 8 threads at once, each on its own Active campaign of 30 000 Paris
// contacts (one Parallel pool, one number with room for every call). Items
// processed = members handed out. As workers do, each claimed member is then
// completed (untimed), so calls in flight stay few and the queue's head moves. The store is a
// temporary SQLite file, or the PostgreSQL database named by SB_BENCH_DIALER_DB (a postgres://
// URL).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>

#include "app/open_store.hpp"
#include "bench_fixture.hpp"
#include "services/dialer_service.hpp"
#include "store/repositories/dialer_repository.hpp"

namespace sb::bench {
namespace {

constexpr int64_t kMembers = 30000;
constexpr int64_t kNow = 1709294400;  // Friday 2024-03-01 12:00Z, 13:00 in Paris

[[noreturn]] void Die(const std::string& what, const Error& e) {
  std::fprintf(stderr, "dialer benchmark setup failed: %s: %s %s\n", what.c_str(),
               e.message().c_str(), e.details().c_str());
  std::exit(1);
}

struct DialerStore {
  std::unique_ptr<db::Database> database;
  FakeClock clock{kNow};
  UuidV7Generator ids;
};

DialerStore& Store() {
  static DialerStore* store = [] {
    auto* s = new DialerStore;
    const char* url = std::getenv("SB_BENCH_DIALER_DB");
    std::string target = url != nullptr ? url : MakeTempDir() + "/dialer.db";
    auto database = app::OpenStore(target, 16);
    if (!database.ok()) Die("open", database.error());
    s->database = std::move(database).value();
    return s;
  }();
  return *store;
}

// Seeds an organization with an Active campaign of kMembers members; returns
// (organization id, campaign uuid).
std::pair<int64_t, std::string> SeedCampaign() {
  DialerStore& s = Store();
  auto conn = s.database->Acquire();
  if (!conn.ok()) Die("acquire", conn.error());
  db::Connection& c = **conn;
  const db::Value at = db::Timestamp{kNow - 3600};
  const std::string campaign = s.ids.NewUuid();
  int64_t org = 0;
  auto status = db::InTransaction(c, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(auto org_id, c.QueryInt("INSERT INTO organizations (uuid, name,"
                                                " created_at, updated_at) VALUES (?, ?, ?, ?)"
                                                " RETURNING id",
                                                {s.ids.NewUuid(), s.ids.NewUuid(), at, at}));
    org = org_id.value_or(0);
    SB_ASSIGN_OR_RETURN(auto agent, c.QueryInt("INSERT INTO agents (organization_id, uuid, name,"
                                               " created_at, updated_at) VALUES (?, ?, 'Ava', ?,"
                                               " ?) RETURNING id",
                                               {org, s.ids.NewUuid(), at, at}));
    SB_ASSIGN_OR_RETURN(
        auto number,
        c.QueryInt("INSERT INTO phone_numbers (organization_id, uuid, number, country_code, type,"
                   " channel_settings, purchased_at, created_at, updated_at) VALUES (?, ?,"
                   " '+33612345600', 'FR', 'mobile',"
                   " '{\"voice\":{\"enabled\":true,\"channel_limit\":100000}}', ?, ?, ?)"
                   " RETURNING id",
                   {org, s.ids.NewUuid(), at, at, at}));
    SB_RETURN_IF_ERROR(
        c.Exec("INSERT INTO phone_number_bindings (organization_id,"
               " phone_number_id, channel, agent_id, created_at)"
               " VALUES (?, ?, 'call', ?, ?)",
               {org, *number, *agent, at}));
    SB_ASSIGN_OR_RETURN(auto pool, c.QueryInt("INSERT INTO pools (organization_id, uuid, name,"
                                              " type, max_parallel_items, created_at, updated_at)"
                                              " VALUES (?, ?, 'Leads', 'Parallel', 100000, ?, ?)"
                                              " RETURNING id",
                                              {org, s.ids.NewUuid(), at, at}));
    SB_ASSIGN_OR_RETURN(auto campaign_id,
                        c.QueryInt("INSERT INTO campaigns (organization_id, uuid, name, status,"
                                   " agent_id, created_at, updated_at) VALUES (?, ?, 'Spring',"
                                   " 'Active', ?, ?, ?) RETURNING id",
                                   {org, campaign, *agent, at, at}));
    SB_RETURN_IF_ERROR(
        c.Exec("INSERT INTO campaign_pools (organization_id, campaign_id,"
               " pool_id, created_at) VALUES (?, ?, ?, ?)",
               {org, *campaign_id, *pool, at}));
    for (int64_t i = 0; i < kMembers; ++i) {
      SB_ASSIGN_OR_RETURN(
          auto contact,
          c.QueryInt("INSERT INTO contacts (organization_id, uuid, name, phone_number,"
                     " country_code, timezone, created_at, updated_at)"
                     " VALUES (?, ?, 'C', ?, 'FR', 'Europe/Paris', ?, ?) RETURNING id",
                     {org, s.ids.NewUuid(), "+3361" + std::to_string(1000000 + i), at, at}));
      SB_RETURN_IF_ERROR(
          c.Exec("INSERT INTO pool_items (organization_id, pool_id, contact_id,"
                 " added_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                 {org, *pool, *contact, at, at}));
    }
    return OkStatus();
  });
  if (!status.ok()) Die("seed", status.error());
  return {org, campaign};
}

// `key` names the campaign a benchmark claims from (seeded on first use).
void ClaimLoop(benchmark::State& state, int64_t limit, const std::string& key) {
  static std::mutex mu;
  static std::map<std::string, std::pair<int64_t, std::string>> campaigns;
  std::pair<int64_t, std::string> campaign;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto& slot = campaigns[key];
    if (slot.first == 0) slot = SeedCampaign();
    campaign = slot;
  }
  DialerStore& s = Store();
  auto conn = s.database->Acquire();
  if (!conn.ok()) Die("acquire", conn.error());
  services::DialerService dialer(**conn, s.clock, s.ids);
  const std::string worker = "w" + std::to_string(state.thread_index());
  int64_t handed = 0;
  for (auto _ : state) {
    auto claimed = dialer.Claim(campaign.first, campaign.second, {worker, 3600, limit});
    if (!claimed.ok()) {
      state.SkipWithError(claimed.error().message().c_str());
      break;
    }
    if (static_cast<int64_t>(claimed->size()) != limit) {
      state.SkipWithError("the campaign ran out of members");
      break;
    }
    handed += limit;
    state.PauseTiming();
    for (const store::ClaimedMember& m : *claimed) {
      store::MemberEvent done;
      done.event.type = domain::DialerEventType::kCompleted;
      done.event.worker_id = worker;
      auto applied = dialer.ReportEvent(campaign.first, m.pool_uuid, m.contact_uuid, done);
      if (!applied.ok()) Die("complete", applied.error());
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(handed);
}

void BM_ClaimOne(benchmark::State& state) {
  ClaimLoop(state, 1, "one/threads:" + std::to_string(state.threads()));
}
void BM_ClaimBatch50(benchmark::State& state) { ClaimLoop(state, 50, "batch50"); }

// Iterations are fixed so that a run never empties its campaign.
BENCHMARK(BM_ClaimOne)->Iterations(5000)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_ClaimBatch50)->Iterations(400)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_ClaimOne)->Threads(8)->Iterations(1000)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
}  // namespace sb::bench
