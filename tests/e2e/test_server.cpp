#include "e2e/test_server.hpp"

#include <gtest/gtest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdlib>
#include <filesystem>
#include <optional>

#include "e2e/response_recorder.hpp"
#include "store/repositories/token_repository.hpp"

namespace sb::testing {

TestServer::TestServer(TestServerOptions options)
    : own_store_(std::make_unique<TestStore>()), store_(own_store_.get()), options_(options) {
  Start();
}

TestServer::TestServer(const TestStore& shared, TestServerOptions options)
    : store_(&shared), options_(options) {
  Start();
}

void TestServer::Start() {
  // A skipped test (EngineTest's PostgreSQL instance without a server) still
  // builds its fixture's members: there is nothing to serve, and nothing runs.
  if (!store_->ok() && ::testing::Test::IsSkipped()) return;
  auto database = store_->Open(options_.db_pool);
  if (!database.ok()) {
    ADD_FAILURE() << "cannot open test database: " << database.error().details();
    std::abort();
  }
  database_ = std::move(database).value();
  // Shared by every server on the store (a restarted server resumes uploads).
  jobs::ImportWorkerOptions import_options;
  import_options.spool_dir =
      (std::filesystem::temp_directory_path() /
       ("switchboard-test-imports-" + Sha256Hex(store_->target()).substr(0, 16)))
          .string();
  import_options.batch_rows = 50;
  import_worker_ = std::make_unique<jobs::ImportWorker>(*database_, clock_, ids_, import_options);
  if (Status st = import_worker_->Prepare(); !st.ok()) {
    ADD_FAILURE() << st.error().details();
    std::abort();
  }
  if (options_.failing_store) failing_ = std::make_unique<FailingDatabase>(*database_);
  db::Database& served = failing_ ? static_cast<db::Database&>(*failing_) : *database_;
  commits_ = std::make_unique<db::CommitGroup>(served);
  services_ = std::make_unique<api::HandlerContext>(
      api::HandlerContext{served, clock_, ids_, counts_, *commits_, import_worker_.get()});
  api::RegisterAllRoutes(router_);
  services_->webhook_allow_private = options_.webhook_allow_private;
  http::DispatcherOptions dispatcher_options;
  dispatcher_options.rate_limit = options_.rate_limit;
  dispatcher_ = std::make_unique<http::Dispatcher>(router_, *services_, dispatcher_options);
  webhook_transport_ = std::make_unique<jobs::CurlWebhookTransport>(options_.webhook_allow_private);
  webhooks_ = std::make_unique<jobs::WebhookDispatcher>(*database_, clock_, ids_,
                                                        *webhook_transport_, [] { return 0.0; });
  http::ServerOptions options = options_.server;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 2;
  options.upload_dir = import_options.spool_dir + "/incoming";
  server_ = std::make_unique<http::Server>(*dispatcher_, options);
  Status st = server_->Start();
  if (!st.ok()) {
    ADD_FAILURE() << "cannot start server: " << st.error().details();
    std::abort();
  }
  client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  client_->set_keep_alive(true);
  client_->set_tcp_nodelay(true);
  // Generous: a loaded CI machine (sanitizers, parallel tests) can be slow, and a
  // timeout here would read as a server failure.
  client_->set_read_timeout(std::chrono::seconds(60));
  client_->set_write_timeout(std::chrono::seconds(60));
}

TestServer::~TestServer() {
  client_.reset();
  if (server_) server_->Stop();
  server_.reset();
  webhooks_.reset();
  services_.reset();
  failing_.reset();
  if (own_store_ && import_worker_) {
    std::error_code ec;
    std::filesystem::remove_all(import_worker_->spool_dir(), ec);
  }
  import_worker_.reset();
  database_.reset();
}

int64_t TestServer::RunImports() {
  auto ran = import_worker_->RunOnce();
  EXPECT_TRUE(ran.ok()) << (ran.ok() ? "" : ran.error().details());
  return ran.ok() ? *ran : 0;
}

std::string TestServer::CreateToken(const std::string& org, const std::string& email) {
  auto conn = database_->Acquire();
  EXPECT_TRUE(conn.ok());
  store::TokenRepository tokens(**conn, clock_, ids_);
  auto created = tokens.Create(org, email, "test", std::nullopt);
  EXPECT_TRUE(created.ok());
  return created->token;
}

HttpResult TestServer::Send(const std::string& method, const std::string& path,
                            const std::string& body, const httplib::Headers& headers) {
  httplib::Request req;
  req.method = method;
  req.path = path;
  req.headers = headers;
  req.body = body;
  if (!body.empty() && !req.has_header("Content-Type")) {
    req.set_header("Content-Type", "application/json");
  }
  auto res = client_->send(req);
  HttpResult out;
  if (!res) {
    ADD_FAILURE() << method << " " << path << ": no response (" << httplib::to_string(res.error())
                  << ")";
    return out;
  }
  out.status = res->status;
  out.headers = res->headers;
  out.body = res->body;
  if (RecordingResponses()) {
    // The route's template, as the server matched it (the document's key).
    const api::Router::Match match = router_.Find(method, path.substr(0, path.find('?')));
    std::optional<std::string> route;
    if (match.route != nullptr) route = match.route->pattern;
    RecordResponse(method, route, res->status, res->get_header_value("Content-Type"), res->body);
  }
  out.json.Parse(out.body.c_str());
  if (out.json.HasParseError()) out.json.SetNull();
  return out;
}

namespace {
httplib::Headers AuthHeaders(const std::string& token) {
  httplib::Headers h;
  if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
  return h;
}
}  // namespace

HttpResult TestServer::Get(const std::string& path, const std::string& token) {
  return Send("GET", path, "", AuthHeaders(token));
}
HttpResult TestServer::Post(const std::string& path, const std::string& body,
                            const std::string& token) {
  return Send("POST", path, body, AuthHeaders(token));
}
HttpResult TestServer::Put(const std::string& path, const std::string& body,
                           const std::string& token) {
  return Send("PUT", path, body, AuthHeaders(token));
}
HttpResult TestServer::Patch(const std::string& path, const std::string& body,
                             const std::string& token) {
  return Send("PATCH", path, body, AuthHeaders(token));
}
HttpResult TestServer::Delete(const std::string& path, const std::string& token) {
  return Send("DELETE", path, "", AuthHeaders(token));
}

std::vector<std::string> PageUuids(const HttpResult& res) {
  std::vector<std::string> out;
  if (res.status != 200) {
    ADD_FAILURE() << res.body;
    return out;
  }
  for (const auto& item : res.data()["data"].GetArray()) out.push_back(item["uuid"].GetString());
  return out;
}

std::string ToJson(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return buf.GetString();
}

}  // namespace sb::testing
