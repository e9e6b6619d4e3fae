#include "http/error_response.hpp"

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

}  // namespace

namespace {

api::ApiResponse EnvelopeFor(const Error& error, api::ErrorStyle style) {
  api::JsonWriter w;
  w.StartObject();
  if (style != api::ErrorStyle::kPlatform) {
    if (style == api::ErrorStyle::kTether) {
      w.Field("success", false);
    } else {
      w.Field("status", "error");
    }
    w.Field("message", DialectMessage(error));
    w.EndObject();
    return api::ApiResponse{HttpStatusFor(error.code()), "application/json", w.Take()};
  }
  w.Field("success", false);
  w.Field("message", error.message());
  w.Key("error");
  w.StartObject();
  w.Field("code", error.code_name());
  // Internal details (SQL, engine messages) stay in the log, not on the wire.
  w.Field("details", error.code() == ErrorCode::kInternal ? std::string() : error.details());
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
  return api::ApiResponse{HttpStatusFor(error.code()), "application/json", w.Take()};
}

}  // namespace

api::ApiResponse ErrorResponse(const Error& error, api::ErrorStyle style) {
  api::ApiResponse response = EnvelopeFor(error, style);
  // Worth another try soon (the store is back, a connection is free).
  if (error.code() == ErrorCode::kUnavailable || error.code() == ErrorCode::kRateLimited) {
    response.headers.emplace_back("Retry-After",
                                  std::to_string(std::max<int64_t>(1, error.retry_after())));
  }
  return response;
}

}  // namespace sb::http
