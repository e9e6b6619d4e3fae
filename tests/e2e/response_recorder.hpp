// Records what the end-to-end tests receive, for checking against the OpenAPI
// document (scripts/openapi/responses.test.mjs): when SWITCHBOARD_E2E_RESPONSES
// names a directory, every response TestServer gets is appended to
// `<dir>/responses-<pid>.jsonl` as one line {"method", "route", "status",
// "content_type", "body"}: `route` the matched route's template (null when no
// route matched), `body` the parsed JSON (null when the body is not JSON).
// Off (a no-op) when the variable is unset. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sb::testing {

// Whether responses are being recorded (the variable is set and not empty).
bool RecordingResponses();

void RecordResponse(std::string_view method, const std::optional<std::string>& route, int status,
                    std::string_view content_type, std::string_view body);

}  // namespace sb::testing
