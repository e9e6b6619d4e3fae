// The Idempotency-Key header of POST requests under /api/v1.
//
// A request that carries the header is run at most once per key and API token
// within a day (store/idempotency_repository.hpp); another token, even of the
// same organization, never sees the key:
// - the same key with the same request (method, target and body) replays the
//   first response, status and body, with `Idempotent-Replayed: true` (the
//   body is the response's `replay_body` when the handler set one, e.g. to
//   leave out a secret shown only once);
// - the same key with another request is a 422 naming `Idempotency-Key`;
// - the same key while its first request still runs is a 409.
// Responses below 500 (client errors included) are stored and replayed; a 5xx
// or a failure of the handler is not stored, so a retry runs again. A streamed
// response is not stored either.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "api/request.hpp"
#include "core/result.hpp"

namespace sb::http {

inline constexpr std::string_view kIdempotencyKeyHeader = "Idempotency-Key";
inline constexpr std::string_view kIdempotentReplayedHeader = "Idempotent-Replayed";

// True when a request with this method and (decoded) path takes the header.
bool TakesIdempotencyKey(std::string_view method, std::string_view path);

// 1 to 255 printable ASCII characters, else a 422 naming Idempotency-Key.
Status ValidateIdempotencyKey(std::string_view key);

// What a key remembers of its request: SHA-256 hex of the method, the raw
// target (path and query as sent) and the body.
std::string IdempotencyRequestHash(std::string_view method, std::string_view target,
                                   std::string_view body);

// Runs `handler` for the authenticated `request` (whose raw target, path and
// query as sent, is `target`) under `key`, as described above. Errors of the
// handler below 500 come back rendered in `style` as a response; a 5xx comes
// back as the Error it was.
// `request_id` names the request on the log lines about it.
Result<api::ApiResponse> RunIdempotent(const api::ApiRequest& request, std::string_view target,
                                       std::string_view request_id, const std::string& key,
                                       api::ErrorStyle style, api::HandlerContext& services,
                                       const std::function<Result<api::ApiResponse>()>& handler);

}  // namespace sb::http
