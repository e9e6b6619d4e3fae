// The HTTP server outlives an exception outside the handlers' own catch
// (core/contain.hpp): one escaping an I/O thread's work is counted and the
// thread serves on; one escaping a handler on the worker pool (here what
// Dispatcher::Handle does not catch, which is not a std::exception) is
// answered 500 and counted; one escaping a stream ends that stream only.
// Without containment these tests end the test process.
#include "http/server.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "core/contain.hpp"
#include "core/ids.hpp"
#include "store/repositories/count_cache.hpp"

namespace sb::http {
namespace {

using namespace std::chrono_literals;

// The routes here never touch the store.
class NoDatabase final : public db::Database {
 public:
  db::Engine engine() const override { return db::Engine::kSqlite; }
  Result<db::ConnectionLease> Acquire() override {
    return Error(ErrorCode::kUnavailable, "no store in this test");
  }
};

class ServerContainmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    using api::ApiRequest;
    using api::ApiResponse;
    using api::HandlerContext;
    router_.Add(
        "GET", "/ok",
        [](const ApiRequest&, HandlerContext&) -> Result<ApiResponse> {
          return ApiResponse(200, "text/plain", "ok");
        },
        false);
    router_.Add(
        "GET", "/throw",
        [](const ApiRequest&, HandlerContext&) -> Result<ApiResponse> { throw 42; }, false);
    router_.Add(
        "GET", "/stream-throw",
        [](const ApiRequest&, HandlerContext&) -> Result<ApiResponse> {
          ApiResponse response(200, "text/plain", "");
          response.stream = [](api::BodySink& sink) -> Status {
            SB_RETURN_IF_ERROR(sink.Write("first chunk\n"));
            throw 42;
          };
          return response;
        },
        false);
    dispatcher_ = std::make_unique<Dispatcher>(router_, services_);
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.shutdown_grace_seconds = 5;
    server_ = std::make_unique<Server>(*dispatcher_, options);
    ASSERT_TRUE(server_->Start().ok());
  }

  // A GET on a new connection; the status, or -1 when no answer came.
  int Get(const std::string& path) {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_read_timeout(10s);
    auto res = client.Get(path);
    return res ? res->status : -1;
  }

  // Stops the server; true when that took less than the grace period, that is
  // when no request was left counted as in flight.
  bool StopsAtOnce() {
    const auto start = std::chrono::steady_clock::now();
    server_->Stop();
    return std::chrono::steady_clock::now() - start < 3s;
  }

  NoDatabase database_;
  FakeClock clock_{1709294400};
  SequentialIdGenerator ids_;
  store::CountCache counts_;
  db::CommitGroup commits_{database_};
  api::HandlerContext services_{database_, clock_, ids_, counts_, commits_};
  api::Router router_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerContainmentTest, AnExceptionOnAnIoThreadIsCountedAndTheThreadServesOn) {
  const int64_t before = ContainedExceptions(ContainSite::kIoThread);
  // More than there are threads: each thread survives one at least once.
  for (int i = 0; i < 6; ++i) server_->Post([] { throw std::runtime_error("posted bug"); });
  for (int i = 0; i < 6; ++i) server_->Post([] { throw 42; });
  for (auto deadline = std::chrono::steady_clock::now() + 10s;
       ContainedExceptions(ContainSite::kIoThread) < before + 12 &&
       std::chrono::steady_clock::now() < deadline;) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(ContainedExceptions(ContainSite::kIoThread), before + 12);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Get("/ok"), 200);
  EXPECT_TRUE(StopsAtOnce());
}

TEST_F(ServerContainmentTest, AnExceptionInAHandlerIsA500ForThatRequestOnly) {
  const int64_t before = ContainedExceptions(ContainSite::kConnection);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Get("/throw"), 500);
  EXPECT_EQ(ContainedExceptions(ContainSite::kConnection), before + 4);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Get("/ok"), 200);
  // The requests that threw no longer count as in flight.
  EXPECT_TRUE(StopsAtOnce());
}

TEST_F(ServerContainmentTest, AnExceptionInAStreamEndsThatStreamOnly) {
  const int64_t before = ContainedExceptions(ContainSite::kConnection);
  httplib::Client client("127.0.0.1", server_->port());
  client.set_read_timeout(10s);
  std::string received;
  static_cast<void>(client.Get("/stream-throw", [&](const char* data, size_t n) {
    received.append(data, n);
    return true;
  }));
  // The status went out before the producer threw; the body is cut short.
  EXPECT_EQ(received, "first chunk\n");
  EXPECT_EQ(ContainedExceptions(ContainSite::kConnection), before + 1);
  EXPECT_EQ(Get("/ok"), 200);
  EXPECT_TRUE(StopsAtOnce());
}

}  // namespace
}  // namespace sb::http
