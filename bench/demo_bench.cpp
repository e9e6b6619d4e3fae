// Demo data generation: how fast `switchboard demo` fills an organization
// (contacts with tags, the FTS5 trigram index, pool members), into a fresh
// SQLite file per iteration.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "app/open_store.hpp"
#include "bench_fixture.hpp"
#include "tools/demo/demo_seeder.hpp"

namespace sb::bench {
namespace {

void BM_DemoSeed(benchmark::State& state) {
  const int64_t contacts = state.range(0);
  for (auto _ : state) {
    state.PauseTiming();
    std::string dir = MakeTempDir();
    auto database = app::OpenStore(dir + "/demo.db");
    if (!database.ok()) {
      state.SkipWithError("cannot open the database");
      break;
    }
    auto conn = (*database)->Acquire();
    SystemClock clock;
    SequentialIdGenerator ids;
    tools::DemoSeeder seeder(**conn, clock, ids);
    tools::DemoSeedOptions options;
    options.contacts = contacts;
    state.ResumeTiming();

    auto summary = seeder.Seed(options);

    state.PauseTiming();
    if (!summary.ok()) state.SkipWithError("seeding failed");
    conn->reset();
    database->reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * contacts);
}
BENCHMARK(BM_DemoSeed)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sb::bench
