// Two servers on one database, as two `switchboard serve` processes behind a
// load balancer: each has its own connection pool, count cache and clock, and a
// client served by one and then the other sees one store. Runs on both engines
// (two SQLite connections pools on one file, two PostgreSQL pools).
#include <gtest/gtest.h>

#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

class TwoServersE2E : public ::sb::testing::EngineTest {};
SB_INSTANTIATE_ENGINES(TwoServersE2E);

TEST_P(TwoServersE2E, WritesThroughOneAreReadThroughTheOther) {
  TestServer a;
  TestServer b(a.store());
  const std::string token = a.CreateToken("Acme");

  auto created = a.Post("/api/v1/tags", R"({"name":"VIP"})", token);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string uuid = created.data()["uuid"].GetString();

  auto seen = b.Get("/api/v1/tags/" + uuid, token);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_STREQ(seen.data()["name"].GetString(), "VIP");

  // A unique name taken through one server is taken for the other.
  EXPECT_EQ(b.Post("/api/v1/tags", R"({"name":"vip"})", token).status, 409);

  b.clock().Advance(60);
  auto renamed = b.Patch("/api/v1/tags/" + uuid, R"({"name":"Gold"})", token);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  auto again = a.Get("/api/v1/tags/" + uuid, token);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_STREQ(again.data()["name"].GetString(), "Gold");
  EXPECT_STREQ(again.data()["updated_at"].GetString(), "2024-03-01T12:01:00Z");

  EXPECT_EQ(a.Delete("/api/v1/tags/" + uuid, token).status, 200);
  EXPECT_EQ(b.Get("/api/v1/tags/" + uuid, token).status, 404);
}

TEST_P(TwoServersE2E, CachedTotalsFollowWritesMadeThroughTheOther) {
  TestServer a;
  TestServer b(a.store());
  const std::string token = b.CreateToken("Acme");
  auto add_pool = [&](TestServer& server, const std::string& name) {
    auto res =
        server.Post("/api/v1/pools", R"({"name":")" + name + R"(","description":""})", token);
    EXPECT_EQ(res.status, 201) << res.body;
  };
  auto total = [&](TestServer& server) {
    auto res = server.Get("/api/v1/pools", token);
    EXPECT_EQ(res.status, 200) << res.body;
    return res.status == 200 ? res.data()["total"].GetInt() : -1;
  };

  add_pool(a, "Leads");
  EXPECT_EQ(total(b), 1);  // b caches this total
  add_pool(a, "Renewals");
  EXPECT_EQ(total(b), 2);  // and drops it: the write generation is in the store
  add_pool(b, "Callbacks");
  EXPECT_EQ(total(a), 3);
  EXPECT_EQ(total(b), 3);
}

TEST_P(TwoServersE2E, ATokenIssuedForOneWorksOnTheOther) {
  TestServer a;
  TestServer b(a.store());
  const std::string token = a.CreateToken("Acme");
  EXPECT_EQ(b.Get("/api/v1/tags", token).status, 200);
  EXPECT_EQ(b.Get("/api/v1/tags", token + "x").status, 401);
}

}  // namespace
}  // namespace sb::testing
