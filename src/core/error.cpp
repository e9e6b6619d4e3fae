#include "core/error.hpp"

namespace sb {

Error Error::Validation(std::string field, std::string message) {
  return Validation(std::vector<FieldError>{{std::move(field), std::move(message)}});
}

Error Error::Validation(std::vector<FieldError> fields) {
  std::string first = fields.empty() ? std::string("Invalid input") : fields.front().message;
  Error e(ErrorCode::kValidation, "The given data was invalid.", first);
  e.fields_ = std::move(fields);
  return e;
}

Error Error::NotFound(const std::string& what) {
  return Error(ErrorCode::kNotFound, what + " not found");
}

Error Error::Conflict(std::string message, std::string field) {
  Error e(ErrorCode::kConflict, std::move(message));
  if (!field.empty()) e.fields_.push_back({std::move(field), e.message_});
  return e;
}

Error Error::Internal(std::string details) {
  return Error(ErrorCode::kInternal, "Internal server error", std::move(details));
}

const char* Error::code_name() const {
  switch (code_) {
    case ErrorCode::kValidation:
      return "VALIDATION_ERROR";
    case ErrorCode::kMalformedJson:
      return "MALFORMED_JSON";
    case ErrorCode::kBadRequest:
      return "BAD_REQUEST";
    case ErrorCode::kMissingAuth:
      return "MISSING_AUTH_TOKEN";
    case ErrorCode::kInvalidAuth:
      return "INVALID_AUTH_TOKEN";
    case ErrorCode::kForbidden:
      return "FORBIDDEN";
    case ErrorCode::kNotFound:
      return "NOT_FOUND";
    case ErrorCode::kMethodNotAllowed:
      return "METHOD_NOT_ALLOWED";
    case ErrorCode::kConflict:
      return "CONFLICT";
    case ErrorCode::kPayloadTooLarge:
      return "PAYLOAD_TOO_LARGE";
    case ErrorCode::kUnsupportedMediaType:
      return "UNSUPPORTED_MEDIA_TYPE";
    case ErrorCode::kHeadersTooLarge:
      return "REQUEST_HEADERS_TOO_LARGE";
    case ErrorCode::kRateLimited:
      return "RATE_LIMITED";
    case ErrorCode::kUnavailable:
      return "SERVICE_UNAVAILABLE";
    case ErrorCode::kInternal:
      return "INTERNAL_ERROR";
  }
  return "INTERNAL_ERROR";
}

}  // namespace sb
