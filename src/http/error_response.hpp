// The one place an Error becomes an HTTP status and an error envelope:
// {"success": false, "message": ..., "error": {"code", "details", "field", "fields"}}.
//
// A 5xx says nothing of its cause: its message is generic ("internal error",
// "service unavailable, retry later"), its details empty, and it carries the
// request id (error.request_id; a top-level request_id in the foreign
// dialects). The cause (SQL, engine and library messages, paths, hosts) goes
// to the log, on a line naming the same request id. Thread-safe.
#pragma once

#include <string_view>

#include "api/request.hpp"
#include "core/error.hpp"

namespace sb::http {

// The request an error answers, for the body and the log line.
struct RequestRef {
  std::string_view id;      // its request id (http/request_id.hpp)
  std::string_view method;  // empty when the request could not be parsed
  std::string_view target;
};

inline constexpr std::string_view kInternalErrorMessage = "internal error";
inline constexpr std::string_view kUnavailableMessage = "service unavailable, retry later";

int HttpStatusFor(ErrorCode code);
// The body in the route's error style; the status is the same in every style.
// 503 and 429 carry Retry-After: 1. Logs a 5xx's cause (spdlog, error level).
api::ApiResponse ErrorResponse(const Error& error, api::ErrorStyle style,
                               const RequestRef& request);

}  // namespace sb::http
