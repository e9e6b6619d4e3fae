// serve --rate-limit: each API token has its own bucket; past it a request is
// a 429 in the route's dialect with Retry-After, and other tokens go on.
#include <gtest/gtest.h>

#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

class RateLimitE2E : public ::sb::testing::EngineTest {};
SB_INSTANTIATE_ENGINES(RateLimitE2E);

TEST_P(RateLimitE2E, EachTokenHasItsOwnBucketAndIsToldWhenToRetry) {
  TestServerOptions options;
  options.rate_limit = {/*per_second=*/0.01, /*burst=*/3};  // 3 now, then one per 100 s
  TestServer server(options);
  const std::string token = server.CreateToken("Acme");
  const std::string other = server.CreateToken("Acme", "second@example.com");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(server.Get("/api/v1/contacts", token).status, 200) << i;
  auto limited = server.Get("/api/v1/contacts", token);
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_STREQ(limited.json["error"]["code"].GetString(), "RATE_LIMITED");
  EXPECT_EQ(limited.headers.find("Retry-After")->second, "100");
  // Tether's dialect: the same refusal in its envelope.
  auto tether = server.Get("/api/contacts", token);
  EXPECT_EQ(tether.status, 429) << tether.body;
  EXPECT_FALSE(tether.json["success"].GetBool());
  EXPECT_EQ(server.Get("/api/v1/contacts", other).status, 200);
  EXPECT_EQ(server.Get("/healthz").status, 200);  // no token, no bucket
}

TEST_P(RateLimitE2E, OffByDefault) {
  TestServer server;
  const std::string token = server.CreateToken("Acme");
  for (int i = 0; i < 50; ++i) ASSERT_EQ(server.Get("/api/v1/contacts", token).status, 200) << i;
}

}  // namespace
}  // namespace sb::testing
