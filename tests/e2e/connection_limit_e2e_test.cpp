// The server's cap on open connections (`serve --max-connections`), over raw
// TCP: past it a client is answered 503 with Retry-After at once and closed,
// instead of holding a descriptor the process may run out of; once a
// connection closes, a new one is served again.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "e2e/raw_http.hpp"
#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

constexpr const char* kHealthz = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";

// A keep-alive connection that has been served once (so the server holds it).
std::unique_ptr<RawConnection> Served(uint16_t port) {
  auto c = std::make_unique<RawConnection>(port);
  EXPECT_TRUE(c->Send(kHealthz));
  auto res = c->Read();
  EXPECT_TRUE(res.has_value()) << c->error();
  EXPECT_EQ(res ? res->status : 0, 200);
  return c;
}

class ConnectionLimitE2E : public ::sb::testing::EngineTest {};
SB_INSTANTIATE_ENGINES(ConnectionLimitE2E);

TEST_P(ConnectionLimitE2E, PastTheCapAClientGets503AtOnceAndAFreedSlotServesAgain) {
  TestServerOptions options;
  options.server.max_connections = 2;
  TestServer server(options);
  auto first = Served(server.port());
  auto second = Served(server.port());

  RawConnection third(server.port());
  ASSERT_TRUE(third.connected());
  auto refused = third.Read();  // answered before it sends anything
  ASSERT_TRUE(refused.has_value()) << third.error();
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->Header("retry-after").value_or(""), "1");
  auto body = refused->Json();
  ASSERT_TRUE(body.IsObject()) << refused->body;
  EXPECT_FALSE(body["success"].GetBool());
  EXPECT_EQ(std::string(body["error"]["code"].GetString()), "SERVICE_UNAVAILABLE");
  EXPECT_TRUE(third.ClosedByPeer());

  // The server still serves the connections it holds.
  ASSERT_TRUE(first->Send(kHealthz));
  auto again = first->Read();
  ASSERT_TRUE(again.has_value()) << first->error();
  EXPECT_EQ(again->status, 200);

  second.reset();  // the server sees the close and frees the slot
  std::optional<int> status;
  for (int i = 0; i < 250 && status != 200; ++i) {
    RawConnection next(server.port());
    if (next.Send(kHealthz)) {
      auto res = next.Read();
      status = res ? std::optional<int>(res->status) : std::nullopt;
    }
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(status, 200);
}

}  // namespace
}  // namespace sb::testing
