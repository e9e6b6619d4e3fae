// The contacts list at the store level (what GET /api/v1/contacts runs), and
// the raw index-backed queries under it, over the shared demo organization.
#include <benchmark/benchmark.h>

#include <memory>

#include "bench_fixture.hpp"
#include "store/repositories/contact_repository.hpp"
#include "store/repositories/count_cache.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::bench {
namespace {

enum class Cache { kWarm, kCold };

void RunList(benchmark::State& state, const domain::ContactFilter& filter, int64_t page,
             Cache cache) {
  SeededStore& s = SharedStore();
  auto conn = s.database->Acquire();
  if (!conn.ok()) {
    state.SkipWithError("cannot acquire a connection");
    return;
  }
  SystemClock clock;
  UuidV7Generator ids;
  store::ContactRepository contacts(**conn, clock, ids);
  auto generation = store::CurrentGeneration(**conn, s.organization_id);
  if (!generation.ok()) {
    state.SkipWithError("cannot read the generation");
    return;
  }
  auto counts = std::make_unique<store::CountCache>();
  domain::PageRequest request{page, 15};
  int64_t rows = 0, total = 0;
  for (auto _ : state) {
    if (cache == Cache::kCold) {
      state.PauseTiming();
      counts = std::make_unique<store::CountCache>();
      state.ResumeTiming();
    }
    auto result = contacts.List(s.organization_id, *generation, filter, request, *counts);
    if (!result.ok()) {
      state.SkipWithError(result.error().details().c_str());
      break;
    }
    rows += static_cast<int64_t>(result->contacts.size());
    total = result->total;
    benchmark::DoNotOptimize(result->contacts.data());
  }
  state.counters["rows_per_page"] =
      static_cast<double>(rows) / static_cast<double>(std::max<int64_t>(1, state.iterations()));
  state.counters["total"] = static_cast<double>(total);
}

domain::ContactFilter Filter(std::optional<std::string> status, std::optional<std::string> search) {
  domain::ContactFilter f;
  f.status = std::move(status);
  f.search = std::move(search);
  return f;
}

void BM_ContactsList_DefaultPage(benchmark::State& state) { RunList(state, {}, 1, Cache::kWarm); }
void BM_ContactsList_Page500(benchmark::State& state) { RunList(state, {}, 500, Cache::kWarm); }
void BM_ContactsList_StatusActive(benchmark::State& state) {
  RunList(state, Filter("Active", std::nullopt), 1, Cache::kWarm);
}
void BM_ContactsList_SearchSmith(benchmark::State& state) {
  RunList(state, Filter(std::nullopt, "smith"), 1, Cache::kWarm);
}
// The first request after a write: the total is counted, not cached.
void BM_ContactsList_DefaultPage_ColdTotal(benchmark::State& state) {
  RunList(state, {}, 1, Cache::kCold);
}
void BM_ContactsList_StatusActive_ColdTotal(benchmark::State& state) {
  RunList(state, Filter("Active", std::nullopt), 1, Cache::kCold);
}
void BM_ContactsList_SearchSmith_ColdTotal(benchmark::State& state) {
  RunList(state, Filter(std::nullopt, "smith"), 1, Cache::kCold);
}
BENCHMARK(BM_ContactsList_DefaultPage)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ContactsList_Page500)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ContactsList_StatusActive)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ContactsList_SearchSmith)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ContactsList_DefaultPage_ColdTotal)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ContactsList_StatusActive_ColdTotal)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ContactsList_SearchSmith_ColdTotal)->Unit(benchmark::kMicrosecond);

// Raw queries through db::Connection: the building blocks' floor.
void RunQuery(benchmark::State& state, const std::string& sql, bool with_status) {
  SeededStore& s = SharedStore();
  auto conn = s.database->Acquire();
  if (!conn.ok()) {
    state.SkipWithError("cannot acquire a connection");
    return;
  }
  db::Params params{s.organization_id};
  if (with_status) params.emplace_back(std::string("Active"));
  for (auto _ : state) {
    auto rows = (*conn)->Query(sql, params);
    if (!rows.ok()) {
      state.SkipWithError(rows.error().details().c_str());
      break;
    }
    int64_t n = 0;
    while (true) {
      auto more = (*rows)->Next();
      if (!more.ok() || !*more) break;
      n += (*rows)->Int(0);
    }
    benchmark::DoNotOptimize(n);
  }
}

void BM_Sql_CountOrganization(benchmark::State& state) {
  RunQuery(state, "SELECT COUNT(*) FROM contacts WHERE organization_id = ?", false);
}
void BM_Sql_CountByStatus(benchmark::State& state) {
  RunQuery(state, "SELECT COUNT(*) FROM contacts WHERE organization_id = ? AND status = ?", true);
}
void BM_Sql_NewestFirstPage1(benchmark::State& state) {
  RunQuery(state, "SELECT id FROM contacts WHERE organization_id = ? ORDER BY id DESC LIMIT 15",
           false);
}
void BM_Sql_NewestFirstOffset7485(benchmark::State& state) {
  RunQuery(state,
           "SELECT id FROM contacts WHERE organization_id = ? ORDER BY id DESC"
           " LIMIT 15 OFFSET 7485",
           false);
}
void BM_Sql_CountTrigramSmith(benchmark::State& state) {
  RunQuery(state,
           // The organization's rowid range of the search index (migration 13).
           "SELECT COUNT(*) FROM contacts c WHERE +c.organization_id = ?1 AND c.id IN"
           " (SELECT rowid - (?1 << 40) FROM contacts_search WHERE contacts_search MATCH"
           " '\"smith\"' AND rowid >= (?1 << 40) AND rowid < ((?1 + 1) << 40))",
           false);
}
BENCHMARK(BM_Sql_CountOrganization)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Sql_CountByStatus)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Sql_NewestFirstPage1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Sql_NewestFirstOffset7485)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Sql_CountTrigramSmith)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace sb::bench
