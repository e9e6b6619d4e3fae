// The server over PostgreSQL when the database goes away and comes back: every
// request gets the 503 envelope meanwhile, and service resumes by itself once
// sessions can be opened again (dead pooled sessions are replaced). Runs only
// on PostgreSQL (skips without SWITCHBOARD_TEST_PG).
#include <gtest/gtest.h>

#include "e2e/test_server.hpp"
#include "store/drivers/postgres/postgres_database.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

// Runs `sql` on the admin database of the server that holds `store`.
void Admin(const TestStore& store, const std::string& sql) {
  db::PostgresOptions options;
  options.url = store.admin_url();
  options.pool_size = 1;
  auto admin = db::OpenPostgres(options);
  ASSERT_TRUE(admin.ok()) << admin.error().details();
  auto conn = (*admin)->Acquire();
  ASSERT_TRUE(conn.ok()) << conn.error().details();
  auto done = (*conn)->Query(sql, {});
  ASSERT_TRUE(done.ok()) << done.error().details();
}

class PostgresEngineE2E : public ::sb::testing::PostgresTest {};

TEST_F(PostgresEngineE2E, AnUnreachableDatabaseIsA503UntilItIsBack) {
  TestServer server;
  ASSERT_EQ(server.store().engine(), db::Engine::kPostgres);
  const std::string token = server.CreateToken("Acme");
  ASSERT_EQ(server.Post("/api/v1/tags", R"({"name":"VIP"})", token).status, 201);

  // Refuse new sessions and end every open one, as a database restart would.
  const std::string db = server.store().database_name();
  Admin(server.store(), "ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
  Admin(
      server.store(),
      "SELECT pg_terminate_backend(pid, 30000) FROM pg_stat_activity WHERE datname = '" + db + "'");
  for (const char* path : {"/api/v1/tags", "/api/v1/contacts"}) {
    auto res = server.Get(path, token);
    EXPECT_EQ(res.status, 503) << path << ": " << res.body;
    if (res.json.IsObject()) {
      EXPECT_FALSE(res.json["success"].GetBool());
      EXPECT_STREQ(res.json["error"]["code"].GetString(), "SERVICE_UNAVAILABLE");
    }
  }

  Admin(server.store(), "ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
  auto back = server.Get("/api/v1/tags", token);
  ASSERT_EQ(back.status, 200) << back.body;
  ASSERT_EQ(back.data().Size(), 1u);
  EXPECT_STREQ(back.data()[0]["name"].GetString(), "VIP");
}

}  // namespace
}  // namespace sb::testing
