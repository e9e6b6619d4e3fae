#include "http/error_response.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "api/json_writer.hpp"

namespace sb::http {

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kValidation:
      return 422;
    case ErrorCode::kMalformedJson:
      return 400;
    case ErrorCode::kBadRequest:
      return 400;
    case ErrorCode::kMissingAuth:
      return 401;
    case ErrorCode::kInvalidAuth:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kUnsupportedMediaType:
      return 415;
    case ErrorCode::kHeadersTooLarge:
      return 431;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

namespace {

// A foreign dialect's envelope carries only a message; a validation error's
// message names its field there, since there is no `error.field`.
std::string DialectMessage(const Error& error) {
  if (error.fields().empty()) return error.message();
  return error.fields().front().message;
}

// What a client is told of a 5xx: nothing of its cause.
std::string_view GenericMessage(int status) {
  return status == 503 ? kUnavailableMessage : kInternalErrorMessage;
}

api::ApiResponse EnvelopeFor(const Error& error, api::ErrorStyle style, std::string_view id) {
  const int status = HttpStatusFor(error.code());
  const bool generic = status >= 500;
  api::JsonWriter w;
  w.StartObject();
  if (style != api::ErrorStyle::kPlatform) {
    if (style == api::ErrorStyle::kTether) {
      w.Field("success", false);
    } else {
      w.Field("status", "error");
    }
    w.Field("message", generic ? std::string(GenericMessage(status)) : DialectMessage(error));
    // The dialects' envelopes are flat: the id sits beside the message.
    if (generic) w.Field("request_id", std::string(id));
    w.EndObject();
    return api::ApiResponse{status, "application/json", w.Take()};
  }
  w.Field("success", false);
  w.Field("message", generic ? std::string(GenericMessage(status)) : error.message());
  w.Key("error");
  w.StartObject();
  w.Field("code", error.code_name());
  // A 5xx's details (SQL, engine messages, paths) stay in the log.
  w.Field("details", generic ? std::string() : error.details());
  if (generic) w.Field("request_id", std::string(id));
  // A 403 names what was missing: its details are "required_role: admin" or
  // "required_scope: write" (domain::RoleRequired, domain::ScopeRequired),
  // also given as a field of its own for clients.
  if (error.code() == ErrorCode::kForbidden) {
    for (std::string_view key : {"required_role", "required_scope"}) {
      const std::string prefix = std::string(key) + ": ";
      if (error.details().rfind(prefix, 0) == 0)
        w.Field(key, error.details().substr(prefix.size()));
    }
  }
  if (!error.fields().empty()) {
    w.Field("field", error.field());
    w.Key("fields");
    w.StartObject();
    for (const auto& f : error.fields()) {
      w.Key(f.field);
      w.String(f.message);
    }
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  return api::ApiResponse{status, "application/json", w.Take()};
}

}  // namespace

api::ApiResponse ErrorResponse(const Error& error, api::ErrorStyle style,
                               const RequestRef& request) {
  api::ApiResponse response = EnvelopeFor(error, style, request.id);
  if (response.status >= 500) {
    spdlog::error("request_id={} {} {} -> {} {}: {}: {}", request.id,
                  request.method.empty() ? std::string_view("-") : request.method,
                  request.target.empty() ? std::string_view("-") : request.target, response.status,
                  error.code_name(), error.message(), error.details());
  }
  // Worth another try soon (the store is back, a connection is free).
  if (error.code() == ErrorCode::kUnavailable || error.code() == ErrorCode::kRateLimited) {
    response.headers.emplace_back("Retry-After",
                                  std::to_string(std::max<int64_t>(1, error.retry_after())));
  }
  return response;
}

}  // namespace sb::http
