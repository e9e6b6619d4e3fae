// The one place an Error becomes an HTTP status and an error envelope:
// {"success": false, "message": ..., "error": {"code", "details", "field", "fields"}}.
#pragma once

#include "api/request.hpp"
#include "core/error.hpp"

namespace sb::http {

int HttpStatusFor(ErrorCode code);
api::ApiResponse ErrorResponse(const Error& error);

}  // namespace sb::http
