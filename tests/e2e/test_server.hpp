// An end-to-end fixture: the real HTTP server (same router, dispatcher and
// HTTP server as `switchboard serve`) on port 0 over a fresh store on the
// test's engine (a SQLite file, or a PostgreSQL database in an engine test's
// postgres instance: see support/engine_test.hpp), with a controllable clock.
// Tests speak HTTP to it with cpp-httplib.
#pragma once

#include <httplib.h>
#include <rapidjson/document.h>

#include <memory>
#include <string>
#include <vector>

#include "api/router.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "http/dispatcher.hpp"
#include "http/server.hpp"
#include "jobs/import_worker.hpp"
#include "jobs/webhook_dispatcher.hpp"
#include "jobs/webhook_transport.hpp"
#include "store/drivers/database.hpp"
#include "store/repositories/count_cache.hpp"
#include "support/failing_database.hpp"
#include "support/test_db.hpp"

namespace sb::testing {

// 2024-03-01T12:00:00Z: a fixed "now" for every test server.
inline constexpr int64_t kTestNow = 1709294400;

struct HttpResult {
  int status = 0;
  std::string body;
  httplib::Headers headers;
  rapidjson::Document json;  // parsed body (Null when the body is not JSON)

  // json["data"], for brevity.
  const rapidjson::Value& data() const { return json["data"]; }
};

struct TestServerOptions {
  // As `serve --webhook-allow-private`: webhooks may target 127.0.0.1, where
  // the tests' receivers listen.
  bool webhook_allow_private = false;
  // As `serve --rate-limit` and `--rate-burst` (off by default).
  http::RateLimit rate_limit;
  // The HTTP server's limits (as `serve --max-connections`, `--workers`, ...);
  // its address, I/O threads and upload directory are the fixture's.
  http::ServerOptions server;
  // Database connections at most (as `serve --db-pool`); 0: the engine's default.
  int db_pool = 0;
  // Handlers and admissions reach the store through a FailingDatabase
  // (support/failing_database.hpp, see TestServer::failing()), which passes
  // everything through until a test tells it to fail.
  bool failing_store = false;
};

class TestServer {
 public:
  explicit TestServer(TestServerOptions options = {});
  // A second server on `shared`'s data, with its own Database and caches, as
  // another `switchboard serve` process would be.
  explicit TestServer(const TestStore& shared, TestServerOptions options = {});
  ~TestServer();

  // A token for `org` (created if needed) and user `email`.
  std::string CreateToken(const std::string& org, const std::string& email = "admin@example.com");

  HttpResult Get(const std::string& path, const std::string& token = "");
  HttpResult Post(const std::string& path, const std::string& body, const std::string& token = "");
  HttpResult Put(const std::string& path, const std::string& body, const std::string& token = "");
  HttpResult Patch(const std::string& path, const std::string& body, const std::string& token = "");
  HttpResult Delete(const std::string& path, const std::string& token = "");
  // Any method, with explicit headers (e.g. no Authorization, a raw body).
  HttpResult Send(const std::string& method, const std::string& path, const std::string& body,
                  const httplib::Headers& headers);

  // Runs every queued import now (the server's import worker, without its
  // thread, so tests decide when imports run); the number run.
  int64_t RunImports();
  jobs::ImportWorker& import_worker() { return *import_worker_; }

  uint16_t port() const { return server_->port(); }
  FakeClock& clock() { return clock_; }
  db::Database& database() { return *database_; }
  // Where claims and dialer events share commits (api::HandlerContext::commits).
  db::CommitGroup& commits() { return *commits_; }
  // The store the server's handlers use when options.failing_store; null otherwise.
  FailingDatabase* failing() { return failing_.get(); }
  const TestStore& store() const { return *store_; }
  IdGenerator& ids() { return ids_; }
  // The server's webhook dispatcher (real HTTP through libcurl, no jitter).
  // Its threads are not started: tests call RunOnce() when they want
  // deliveries to go out.
  jobs::WebhookDispatcher& webhooks() { return *webhooks_; }

 private:
  void Start();

  std::unique_ptr<TestStore> own_store_;
  const TestStore* store_ = nullptr;
  FakeClock clock_{kTestNow};
  UuidV7Generator ids_;
  store::CountCache counts_;
  std::unique_ptr<db::CommitGroup> commits_;
  std::unique_ptr<db::Database> database_;
  std::unique_ptr<FailingDatabase> failing_;
  std::unique_ptr<jobs::ImportWorker> import_worker_;
  std::unique_ptr<api::HandlerContext> services_;
  api::Router router_;
  std::unique_ptr<http::Dispatcher> dispatcher_;
  std::unique_ptr<http::Server> server_;
  TestServerOptions options_;
  std::unique_ptr<jobs::CurlWebhookTransport> webhook_transport_;
  std::unique_ptr<jobs::WebhookDispatcher> webhooks_;
  std::unique_ptr<httplib::Client> client_;
};

// Builds a JSON string from a rapidjson value (for messages in failed asserts).
std::string ToJson(const rapidjson::Value& v);

// The `uuid` of each item of a paginated list response (`data.data`), in
// order; a test failure (and nothing) when the response is not a 200.
std::vector<std::string> PageUuids(const HttpResult& res);

}  // namespace sb::testing
