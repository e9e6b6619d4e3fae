// The one error type of Switchboard. Every module reports failure with an Error
// (never an exception across module boundaries); the http layer turns it into a
// status code and an envelope in exactly one place (http/error_response.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sb {

enum class ErrorCode {
  kValidation,            // 422: a field has a bad value
  kMalformedJson,         // 400: the body is not JSON (or not an object)
  kBadRequest,            // 400: the request cannot be understood
  kMissingAuth,           // 401: no bearer token
  kInvalidAuth,           // 401: unknown, expired or revoked token
  kForbidden,             // 403
  kNotFound,              // 404: absent, or another organization's
  kMethodNotAllowed,      // 405
  kConflict,              // 409: unique constraint or state conflict
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415: the body's Content-Type is not one the route reads
  kHeadersTooLarge,       // 431: the request line and headers are over the limit
  kRateLimited,           // 429
  kUnavailable,           // 503: the store is unreachable
  kInternal,              // 500: a bug or an unexpected store failure
};

struct FieldError {
  std::string field;
  std::string message;
  bool operator==(const FieldError&) const = default;
};

class Error {
 public:
  Error(ErrorCode code, std::string message, std::string details = {})
      : code_(code), message_(std::move(message)), details_(std::move(details)) {}

  // A 422 naming one field.
  static Error Validation(std::string field, std::string message);
  // A 422 naming several fields; `field()` is the first of them.
  static Error Validation(std::vector<FieldError> fields);
  static Error NotFound(const std::string& what);
  static Error Conflict(std::string message, std::string field = {});
  static Error Internal(std::string details);

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& details() const { return details_; }
  const std::vector<FieldError>& fields() const { return fields_; }
  // The first offending field, or empty.
  std::string field() const { return fields_.empty() ? std::string() : fields_.front().field; }

  // For kUnavailable and kRateLimited: seconds before a retry may succeed
  // (the Retry-After header); 0: soon (1 s).
  int64_t retry_after() const { return retry_after_; }
  Error& WithRetryAfter(int64_t seconds) & {
    retry_after_ = seconds;
    return *this;
  }
  Error&& WithRetryAfter(int64_t seconds) && {
    retry_after_ = seconds;
    return std::move(*this);
  }

  // Machine-readable code as the envelope spells it, e.g. "VALIDATION_ERROR".
  const char* code_name() const;

 private:
  ErrorCode code_;
  std::string message_;
  std::string details_;
  std::vector<FieldError> fields_;
  int64_t retry_after_ = 0;
};

}  // namespace sb
