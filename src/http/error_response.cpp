#include "http/error_response.hpp"

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
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

api::ApiResponse ErrorResponse(const Error& error) {
  api::JsonWriter w;
  w.StartObject();
  w.Field("success", false);
  w.Field("message", error.message());
  w.Key("error");
  w.StartObject();
  w.Field("code", error.code_name());
  // Internal details (SQL, engine messages) stay in the log, not on the wire.
  w.Field("details", error.code() == ErrorCode::kInternal ? std::string() : error.details());
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

}  // namespace sb::http
