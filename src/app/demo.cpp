#include "app/demo.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/open_store.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "store/repositories/token_repository.hpp"
#include "tools/demo/demo_seeder.hpp"

namespace sb::app {
namespace {

constexpr const char* kOwnerEmail = "admin@demo.example";

int Fail(const Error& e) {
  std::fprintf(stderr, "error: %s%s%s\n", e.message().c_str(), e.details().empty() ? "" : ": ",
               e.details().c_str());
  return 1;
}

double SecondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void PrintSummary(const tools::DemoSeedSummary& s, const std::string& org) {
  std::fprintf(stderr,
               "organization \"%s\": %lld contacts (%lld in a pipeline stage), %lld tags on"
               " %lld contact-tag links, %lld stages, %lld pools with %lld members,"
               " %lld campaign(s), %lld agents, %lld phone numbers with %lld bindings\n",
               org.c_str(), static_cast<long long>(s.contacts),
               static_cast<long long>(s.staged_contacts), static_cast<long long>(s.tags),
               static_cast<long long>(s.contact_tags), static_cast<long long>(s.stages),
               static_cast<long long>(s.pools), static_cast<long long>(s.pool_items),
               static_cast<long long>(s.campaigns), static_cast<long long>(s.agents),
               static_cast<long long>(s.phone_numbers), static_cast<long long>(s.bindings));
}

}  // namespace

int RunDemo(const DemoOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  auto database = OpenStore(options.db_path, options.db_pool, options.durability);
  if (!database.ok()) return Fail(database.error());
  auto conn = (*database)->Acquire();
  if (!conn.ok()) return Fail(conn.error());
  SystemClock clock;
  UuidV7Generator ids;

  tools::DemoSeedOptions seed;
  seed.organization = options.org;
  seed.owner_email = kOwnerEmail;
  seed.contacts = options.contacts;
  seed.progress = [t0](std::string_view phase, int64_t done, int64_t total) {
    if (total > 0) {
      std::fprintf(stderr, "[%6.1fs] %.*s %lld/%lld\n", SecondsSince(t0),
                   static_cast<int>(phase.size()), phase.data(), static_cast<long long>(done),
                   static_cast<long long>(total));
    } else {
      std::fprintf(stderr, "[%6.1fs] %.*s\n", SecondsSince(t0), static_cast<int>(phase.size()),
                   phase.data());
    }
  };
  tools::DemoSeeder seeder(**conn, clock, ids);
  auto summary = seeder.Seed(seed);
  if (!summary.ok()) return Fail(summary.error());
  if (summary->already_seeded) {
    std::fprintf(stderr,
                 "organization \"%s\" already has data; left it as it is and issued a new token\n",
                 options.org.c_str());
  } else {
    std::fprintf(stderr, "[%6.1fs] seeded\n", SecondsSince(t0));
  }
  PrintSummary(*summary, options.org);

  store::TokenRepository tokens(**conn, clock, ids);
  auto token = tokens.Create(options.org, kOwnerEmail, "demo", std::nullopt);
  if (!token.ok()) return Fail(token.error());
  std::cout << token->token << std::endl;
  std::fprintf(stderr,
               "token for %s printed on stdout; try:\n"
               "  curl -s -H 'Authorization: Bearer %s' 'http://127.0.0.1:8080/api/v1/contacts?"
               "per_page=2'\n",
               kOwnerEmail, token->token.c_str());
  return 0;
}

}  // namespace sb::app
