// End-to-end tests of the server's bounds on blocking work (docs/LIMITS.md):
// a database pool exhausted by design and a full worker pool are answered 503
// with Retry-After, never a hang, while /healthz keeps answering from the I/O
// threads; a request body slower than the minimum rate is cut off.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "e2e/raw_http.hpp"
#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

milliseconds Since(steady_clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(steady_clock::now() - start);
}

class ServerLimitsE2E : public ::sb::testing::EngineTest {};
SB_INSTANTIATE_ENGINES(ServerLimitsE2E);

TEST_P(ServerLimitsE2E, AnExhaustedDatabasePoolIsA503NotAHang) {
  TestServerOptions options;
  options.db_pool = 2;
  TestServer server(options);
  const std::string token = server.CreateToken("Acme");
  {
    // Every connection of the server's pool is taken.
    auto first = server.database().Acquire();
    auto second = server.database().Acquire();
    ASSERT_TRUE(first.ok() && second.ok());

    const auto start = steady_clock::now();
    auto list = server.Get("/api/v1/contacts", token);
    EXPECT_EQ(list.status, 503) << list.body;
    EXPECT_EQ(server.Get("/readyz").status, 503);
    // The wait for a connection is bounded (2 s each), not endless.
    EXPECT_LT(Since(start).count(), 20000);
    ASSERT_EQ(list.headers.count("Retry-After"), 1u);
    EXPECT_EQ(list.headers.find("Retry-After")->second, "1");

    // Liveness needs no connection.
    const auto health_start = steady_clock::now();
    EXPECT_EQ(server.Get("/healthz").status, 200);
    EXPECT_LT(Since(health_start).count(), 1000);
  }
  // Given back, the pool serves again.
  EXPECT_EQ(server.Get("/api/v1/contacts", token).status, 200);
  EXPECT_EQ(server.Get("/readyz").status, 200);
}

TEST_P(ServerLimitsE2E, AFullWorkerPoolIsA503AtOnce) {
  TestServerOptions options;
  options.db_pool = 1;
  options.server.workers = 1;
  options.server.worker_queue = 0;
  TestServer server(options);
  const std::string token = server.CreateToken("Acme");
  auto held = std::make_optional(server.database().Acquire());
  ASSERT_TRUE(held->ok());

  // The one worker waits (up to 2 s) for the one connection, held here.
  HttpResult waiting;
  std::thread occupant([&] {
    httplib::Client client("127.0.0.1", server.port());
    client.set_read_timeout(std::chrono::seconds(60));
    auto res = client.Get("/api/v1/contacts", {{"Authorization", "Bearer " + token}});
    waiting.status = res ? res->status : 0;
  });
  std::this_thread::sleep_for(milliseconds(500));

  // No worker and no room in the queue: refused at once.
  const auto start = steady_clock::now();
  auto refused = server.Get("/api/v1/tags", token);
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_LT(Since(start).count(), 1000);
  EXPECT_EQ(refused.headers.count("Retry-After"), 1u);
  // Generic, as every 5xx: the cause (a full pool) is for the log.
  EXPECT_NE(refused.body.find("service unavailable, retry later"), std::string::npos)
      << refused.body;
  ASSERT_EQ(refused.headers.count("X-Request-Id"), 1u);
  EXPECT_NE(refused.body.find(refused.headers.find("X-Request-Id")->second), std::string::npos)
      << refused.body;
  EXPECT_EQ(server.Get("/healthz").status, 200);

  occupant.join();
  EXPECT_EQ(waiting.status, 503);
  held.reset();  // the connection goes back to the pool
  // The worker is free again once its task has returned, which is a moment
  // after its answer has gone out.
  HttpResult served = server.Get("/api/v1/tags", token);
  for (int i = 0; i < 50 && served.status == 503; ++i) {
    std::this_thread::sleep_for(milliseconds(20));
    served = server.Get("/api/v1/tags", token);
  }
  EXPECT_EQ(served.status, 200) << served.body;
}

TEST_P(ServerLimitsE2E, ABodySlowerThanTheMinimumRateIsCutOff) {
  TestServerOptions options;
  options.server.min_body_rate = 1000;  // bytes a second
  options.server.min_body_grace_seconds = 1;
  TestServer server(options);
  const std::string token = server.CreateToken("Acme");
  const std::string head = "POST /api/v1/tags HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " +
                           token + "\r\nContent-Type: application/json\r\n";

  // 10 bytes of a 100 000-byte body, then nothing: closed once the grace is
  // over, long before the 60 s read timeout.
  RawConnection slow(server.port(), 15);
  ASSERT_TRUE(slow.Send(head + "Content-Length: 100000\r\n\r\n{\"name\":\"a"));
  const auto start = steady_clock::now();
  EXPECT_TRUE(slow.ClosedByPeer());
  EXPECT_GE(Since(start).count(), 900);
  EXPECT_LT(Since(start).count(), 10000);

  // A body that keeps up (2 000 bytes a second, for twice the grace) is read
  // to its end and answered.
  RawConnection steady(server.port(), 15);
  const std::string body = R"({"name":"steady","description":")" + std::string(3960, 'x') + "\"}";
  ASSERT_TRUE(steady.Send(head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n"));
  for (size_t sent = 0; sent < body.size(); sent += 500) {
    ASSERT_TRUE(steady.Send(std::string_view(body).substr(sent, 500)));
    std::this_thread::sleep_for(milliseconds(250));
  }
  auto res = steady.Read();
  ASSERT_TRUE(res) << steady.error();
  EXPECT_NE(res->status, 0);
}

}  // namespace
}  // namespace sb::testing
