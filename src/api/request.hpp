// What an API handler sees of an HTTP request, and what it answers with. No
// transport types leak in here, so handlers are plain functions that tests and
// benchmarks can call directly.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "core/spooled_body.hpp"
#include "domain/import_queue.hpp"
#include "domain/role.hpp"
#include "domain/token_access.hpp"
#include "store/drivers/commit_group.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {
class CountCache;
}

namespace sb::api {

// Who is calling: resolved from the bearer token by the http layer.
struct AuthContext {
  int64_t organization_id = 0;
  std::string organization_uuid;
  int64_t user_id = 0;
  std::string user_uuid;
  int64_t token_id = 0;
  std::string token_uuid;
  // The user's role and the token's scopes as the database held them when
  // this request arrived (read on every request: a demotion or a revocation
  // holds from the next request on). Default: the least.
  domain::Role role = domain::Role::kViewer;
  domain::TokenScopes scopes{false, false};
  // The organization's write generation when the request arrived; keys cached
  // list totals (see store/count_cache.hpp).
  int64_t write_generation = 0;
};

// Where handlers hand contact imports over to the background worker that
// runs them (jobs/import_worker.hpp in `serve`).
using domain::ImportQueue;

// Shared, thread-safe services every handler may use.
struct HandlerContext {
  db::Database& db;
  const Clock& clock;
  IdGenerator& ids;
  store::CountCache& counts;
  // Where the hottest writes (claims, dialer events) share transactions: one
  // commit, one disk sync, for the writes that arrive together.
  db::CommitGroup& commits;
  // Null where imports do not run (the import routes then answer 503).
  ImportQueue* imports = nullptr;
  // Webhook URLs may name private, loopback or link-local IP addresses
  // (serve --webhook-allow-private).
  bool webhook_allow_private = false;
  // Imports one organization may have queued or running at once
  // (serve --max-imports-per-org); past it an upload is a 429. 0: no cap.
  int64_t max_active_imports = 5;
};

// How a route's errors are written (http/error_response.cpp renders each):
// the platform envelope of /api/v1, or a foreign dialect's own.
enum class ErrorStyle {
  kPlatform,  // {"success": false, "message", "error": {"code", "details", ...}}
  kTether,    // {"success": false, "message"}
  kCallab,    // {"status": "error", "message"}
};

struct ApiRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // "/api/v1/contacts", no query string
  std::map<std::string, std::string, std::less<>> path_params;  // {uuid} -> value
  std::map<std::string, std::string, std::less<>> query;        // last value wins
  // Every query value in the order sent, for parameters that may repeat.
  std::multimap<std::string, std::string, std::less<>> query_all;
  std::string body;
  // Instead of `body` on routes with body_to_file (api/router.hpp), when the
  // server has an upload directory: the body as a file (core/spooled_body.hpp).
  std::shared_ptr<const SpooledBody> body_file;
  std::string content_type;   // the Content-Type header, may be empty
  std::string accept;         // the Accept header, may be empty
  std::string if_none_match;  // the If-None-Match header, may be empty
  std::string base_url;       // "http://host:port", for absolute page URLs
  AuthContext auth;

  const std::string& Param(std::string_view name) const;
  std::optional<std::string_view> QueryValue(std::string_view name) const;
  // Every value of a repeated parameter, in order (empty when absent).
  std::vector<std::string> QueryValues(std::string_view name) const;
};

// Where a streamed body goes. Write() returns once the bytes are on their way
// (so a producer holds a bounded amount in memory) and fails when the client
// has gone: the producer then stops.
class BodySink {
 public:
  virtual ~BodySink() = default;
  virtual Status Write(std::string_view bytes) = 0;
};
using BodyProducer = std::function<Status(BodySink&)>;

struct ApiResponse {
  ApiResponse() = default;
  ApiResponse(int status_code, std::string type, std::string text)
      : status(status_code), content_type(std::move(type)), body(std::move(text)) {}

  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // When set, what a replay of this response under an Idempotency-Key answers
  // instead of `body` (http/idempotency.hpp): the first answer may show what
  // must not be shown twice (a secret), the replay leaves it out.
  std::optional<std::string> replay_body;
  // Headers sent besides Content-Type, in order (e.g. Idempotent-Replayed).
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the server sends the status and headers, then the body this
  // writes, with chunked transfer encoding (`body` is ignored). The status is
  // sent before the producer runs: an error it returns can only cut the
  // stream short, so check everything that can fail before returning it.
  BodyProducer stream;
};

using Handler = std::function<Result<ApiResponse>(const ApiRequest&, HandlerContext&)>;

}  // namespace sb::api
