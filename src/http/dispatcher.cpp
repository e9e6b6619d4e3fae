#include "http/dispatcher.hpp"

#include <strings.h>

#include "api/permissions.hpp"
#include "core/ids.hpp"
#include "http/error_response.hpp"
#include "http/idempotency.hpp"
#include "http/request_id.hpp"
#include "store/repositories/token_repository.hpp"

namespace sb::http {
namespace {

Result<api::AuthContext> Authenticate(const std::string& header, api::HandlerContext& services) {
  static constexpr std::string_view kBearer = "Bearer ";
  if (header.empty()) {
    return Error(ErrorCode::kMissingAuth, "Authentication required",
                 "Send Authorization: Bearer <token>");
  }
  if (header.size() <= kBearer.size() ||
      strncasecmp(header.c_str(), kBearer.data(), kBearer.size()) != 0) {
    return Error(ErrorCode::kInvalidAuth, "Invalid authentication token",
                 "The Authorization header must be: Bearer <token>");
  }
  std::string token = header.substr(kBearer.size());
  while (!token.empty() && token.back() == ' ') token.pop_back();
  SB_ASSIGN_OR_RETURN(auto conn, services.db.Acquire());
  store::TokenRepository tokens(*conn, services.clock, services.ids);
  SB_ASSIGN_OR_RETURN(store::TokenOwner owner, tokens.Authenticate(token));
  api::AuthContext auth;
  auth.organization_id = owner.organization_id;
  auth.organization_uuid = std::move(owner.organization_uuid);
  auth.user_id = owner.user_id;
  auth.user_uuid = std::move(owner.user_uuid);
  auth.token_id = owner.token_id;
  auth.token_uuid = std::move(owner.token_uuid);
  auth.role = owner.role;
  auth.scopes = owner.scopes;
  auth.write_generation = owner.write_generation;
  return auth;
}

}  // namespace

Result<api::Router::Match> Dispatcher::Find(const std::string& method,
                                            const std::string& path) const {
  api::Router::Match match = router_.Find(method, path);
  if (match.route) return match;
  if (match.path_matched) {
    return Error(ErrorCode::kMethodNotAllowed, "Method not allowed",
                 method + " is not supported on " + path);
  }
  return Error(ErrorCode::kNotFound, "Not found", "No route for " + path);
}

Result<api::AuthContext> Dispatcher::AuthorizeToken(const api::Route& route,
                                                    const std::string& authorization) const {
  SB_ASSIGN_OR_RETURN(api::AuthContext auth, Authenticate(authorization, services_));
  // From the head alone, before the body is read: a refused upload is not
  // received. The role and scopes were just read from the store.
  SB_RETURN_IF_ERROR(api::CheckRouteAccess(api::FindPermission(route.method, route.pattern),
                                           auth.role, auth.scopes));
  if (int64_t wait = rate_limiter_->Take(auth.token_id); wait > 0) {
    return Error(ErrorCode::kRateLimited, "Too many requests",
                 "This token's request rate is limited; retry in " + std::to_string(wait) + " s")
        .WithRetryAfter(wait);
  }
  return auth;
}

Result<std::optional<api::AuthContext>> Dispatcher::Admit(std::string_view method,
                                                          std::string_view target,
                                                          const std::string& authorization) const {
  SB_ASSIGN_OR_RETURN(api::Router::Match match,
                      Find(std::string(method), PercentDecode(target.substr(0, target.find('?')))));
  if (!match.route->requires_auth) return std::optional<api::AuthContext>();
  SB_ASSIGN_OR_RETURN(api::AuthContext auth, AuthorizeToken(*match.route, authorization));
  return std::optional<api::AuthContext>(std::move(auth));
}

Result<api::ApiResponse> Dispatcher::Route(RawRequest& raw, api::ErrorStyle& style) const {
  std::string_view target = raw.target;
  size_t q = target.find('?');
  api::ApiRequest req;
  req.method = raw.method;
  req.path = PercentDecode(target.substr(0, q));
  if (q != std::string_view::npos) {
    req.query_all = ParseQueryPairs(target.substr(q + 1));
    for (const auto& [key, value] : req.query_all) req.query[key] = value;
  }
  // Never from the Host header: the server decided it (http/base_url.hpp).
  req.base_url = raw.base_url.empty() ? std::string("http://localhost") : raw.base_url;

  SB_ASSIGN_OR_RETURN(api::Router::Match match, Find(req.method, req.path));
  style = match.route->error_style;
  const size_t max_body =
      match.route->max_body_bytes > 0 ? match.route->max_body_bytes : options_.max_body_bytes;
  const size_t body_size = raw.body_file ? raw.body_file->size() : raw.body.size();
  if (body_size > max_body) {
    return Error(ErrorCode::kPayloadTooLarge, "Request body too large",
                 "The body may not exceed " + std::to_string(max_body) + " bytes");
  }
  req.path_params = std::move(match.params);
  for (auto& [name, value] : req.path_params) {
    if (IsUuid(value)) value = CanonicalUuid(value);
  }
  req.body = std::move(raw.body);
  req.body_file = std::move(raw.body_file);
  req.content_type = std::move(raw.content_type);
  req.accept = std::move(raw.accept);
  req.if_none_match = std::move(raw.if_none_match);
  if (match.route->requires_auth) {
    if (raw.admitted && raw.auth) {
      req.auth = std::move(*raw.auth);
    } else {
      SB_ASSIGN_OR_RETURN(req.auth, AuthorizeToken(*match.route, raw.authorization));
    }
    if (raw.idempotency_key && TakesIdempotencyKey(req.method, req.path)) {
      return RunIdempotent(req, raw.target, raw.request_id, *raw.idempotency_key, style, services_,
                           [&] { return match.route->handler(req, services_); });
    }
  }
  return match.route->handler(req, services_);
}

BodyRules Dispatcher::RulesFor(std::string_view method, std::string_view target) const {
  BodyRules rules;
  rules.max_bytes = options_.max_body_bytes;
  api::Router::Match match =
      router_.Find(std::string(method), PercentDecode(target.substr(0, target.find('?'))));
  if (match.route == nullptr) return rules;
  if (match.route->max_body_bytes > 0) rules.max_bytes = match.route->max_body_bytes;
  rules.to_file = match.route->body_to_file;
  rules.style = match.route->error_style;
  rules.admission_blocks = match.route->requires_auth;
  rules.runs_inline = match.route->runs_inline;
  return rules;
}

api::ApiResponse Dispatcher::Handle(RawRequest request) const {
  if (request.request_id.empty()) request.request_id = NewRequestId();
  const std::string method = request.method;
  const std::string target = request.target;
  const std::string request_id = request.request_id;
  api::ErrorStyle style = api::ErrorStyle::kPlatform;
  Result<api::ApiResponse> result = [&]() -> Result<api::ApiResponse> {
    try {
      return Route(request, style);
    } catch (const std::exception& e) {
      // Handlers report failures as Error; an exception here is a bug (or
      // std::bad_alloc). Answer 500 rather than dropping the connection.
      return Error::Internal(std::string("unhandled exception: ") + e.what());
    }
  }();
  if (result.ok()) return std::move(result).value();
  return ErrorResponse(result.error(), style, RequestRef{request_id, method, target});
}

}  // namespace sb::http
