// Transport-independent request handling: parse the target, route, enforce the
// body limit, authenticate, call the handler, and turn any Error into the
// error envelope. The HTTP server (server.hpp) is a thin shell around it.
//
// A request is handled in two steps, so a server can refuse one before its
// body is read: Admit() decides from the head alone (route, token, rate
// limit, role and scopes), then Handle() runs the handler on the whole request. Handle() admits
// a request that was not (RawRequest::admitted unset) itself.
// Thread-safe: every member may be called from many threads at once.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "api/request.hpp"
#include "api/router.hpp"
#include "http/query_string.hpp"
#include "http/rate_limiter.hpp"

namespace sb::http {

struct RawRequest {
  std::string method;
  std::string target;         // "/api/v1/contacts?page=2"
  std::string authorization;  // the Authorization header, may be empty
  // The request's id (http/request_id.hpp); Handle() makes one when empty.
  std::string request_id;
  // The base of absolute URLs in the answer (http/base_url.hpp), decided by
  // the server; "http://localhost" when empty. Never the Host header.
  std::string base_url;
  // The Idempotency-Key header when sent (see http/idempotency.hpp).
  std::optional<std::string> idempotency_key;
  std::string content_type;   // the Content-Type header, may be empty
  std::string accept;         // the Accept header, may be empty
  std::string if_none_match;  // the If-None-Match header, may be empty
  std::string body;
  // The body when the server wrote it to a file (see BodyRules::to_file).
  std::shared_ptr<const SpooledBody> body_file;
  // Set when Admit() let the request in, with the caller it found (none on
  // routes without a token): Handle() then does not authenticate again.
  bool admitted = false;
  std::optional<api::AuthContext> auth;
};

// What the route a request goes to takes as a body, so the server can refuse
// or place it while it arrives.
struct BodyRules {
  size_t max_bytes = 0;
  bool to_file = false;                                // write it to a file, not to memory
  api::ErrorStyle style = api::ErrorStyle::kPlatform;  // how to word a refusal
  // Admit() reads the store (the token): run it off the I/O threads. False
  // when no route matches or the route needs no token.
  bool admission_blocks = false;
  // The handler never blocks (api::Route::runs_inline): it may run on an I/O
  // thread.
  bool runs_inline = false;
};

struct DispatcherOptions {
  size_t max_body_bytes = 1 << 20;
  // Requests per API token (serve --rate-limit, --rate-burst); off by default.
  RateLimit rate_limit;
};

class Dispatcher {
 public:
  Dispatcher(const api::Router& router, api::HandlerContext& services,
             DispatcherOptions options = {})
      : router_(router),
        services_(services),
        options_(options),
        rate_limiter_(std::make_unique<RateLimiter>(options.rate_limit)) {}

  // Whether a request with this head may go on to send its body: the
  // caller's identity (nullopt on routes that need no token), or the error
  // to answer (404, 405, 401, 429, 503 when the store is busy), which the
  // caller turns into a response (and the log line of a 5xx) with
  // ErrorResponse. May block on the store when RulesFor(...).admission_blocks.
  Result<std::optional<api::AuthContext>> Admit(std::string_view method, std::string_view target,
                                                const std::string& authorization) const;

  api::ApiResponse Handle(RawRequest request) const;
  // The rules for a body sent with `method` to `target` (path and query as
  // sent); the default limit when no route matches (the request is then
  // answered 404 or 405 by Handle).
  BodyRules RulesFor(std::string_view method, std::string_view target) const;

 private:
  // Sets `style` to the matched route's error style before anything can fail
  // on its behalf.
  Result<api::ApiResponse> Route(RawRequest& request, api::ErrorStyle& style) const;
  // The route for `method` and `path`, or 404 / 405.
  Result<api::Router::Match> Find(const std::string& method, const std::string& path) const;
  // The caller, authenticated, within its rate limit, and allowed on `route`
  // by its role and token scopes (api/permissions.hpp; 403 otherwise).
  Result<api::AuthContext> AuthorizeToken(const api::Route& route,
                                          const std::string& authorization) const;

  const api::Router& router_;
  api::HandlerContext& services_;
  DispatcherOptions options_;
  std::unique_ptr<RateLimiter> rate_limiter_;  // thread-safe; Handle() is const
};

}  // namespace sb::http
