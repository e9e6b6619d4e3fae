// The one place an Error becomes an HTTP status and an error envelope:
// {"success": false, "message": ..., "error": {"code", "details", "field", "fields"}}.
#pragma once

#include "api/request.hpp"
#include "core/error.hpp"

namespace sb::http {

int HttpStatusFor(ErrorCode code);
// The body in the route's error style; the status is the same in every style.
// 503 and 429 carry Retry-After: 1.
api::ApiResponse ErrorResponse(const Error& error,
                               api::ErrorStyle style = api::ErrorStyle::kPlatform);

}  // namespace sb::http
