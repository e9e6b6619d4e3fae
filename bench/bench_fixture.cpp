#include "bench_fixture.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "app/open_store.hpp"
#include "tools/demo/demo_seeder.hpp"

namespace sb::bench {
namespace {

struct Cleanup {
  std::string dir;
  ~Cleanup() {
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }
};

[[noreturn]] void Die(const std::string& what, const Error& e) {
  std::fprintf(stderr, "benchmark setup failed: %s: %s %s\n", what.c_str(), e.message().c_str(),
               e.details().c_str());
  std::exit(1);
}

}  // namespace

std::string MakeTempDir() {
  char tmpl[] = "/tmp/switchboard-bench-XXXXXX";
  if (!mkdtemp(tmpl)) {
    std::perror("mkdtemp");
    std::exit(1);
  }
  return tmpl;
}

SeededStore& SharedStore() {
  static SeededStore* store = [] {
    auto* s = new SeededStore;
    s->dir = MakeTempDir();
    static Cleanup cleanup{s->dir};
    const char* env = std::getenv("SB_BENCH_CONTACTS");
    s->contacts = env ? std::atoll(env) : 100000;
    auto database = app::OpenStore(s->dir + "/bench.db");
    if (!database.ok()) Die("open", database.error());
    s->database = std::move(database).value();
    auto conn = s->database->Acquire();
    if (!conn.ok()) Die("acquire", conn.error());
    SystemClock clock;
    UuidV7Generator ids;
    tools::DemoSeeder seeder(**conn, clock, ids);
    tools::DemoSeedOptions options;
    options.contacts = s->contacts;
    auto t0 = std::chrono::steady_clock::now();
    auto summary = seeder.Seed(options);
    if (!summary.ok()) Die("seed", summary.error());
    s->seed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    s->organization_id = summary->organization_id;
    std::fprintf(stderr, "seeded %lld demo contacts in %.1f s\n",
                 static_cast<long long>(s->contacts), s->seed_seconds);
    return s;
  }();
  return *store;
}

}  // namespace sb::bench
