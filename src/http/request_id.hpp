// Request ids (the X-Request-Id header): every response carries one, and every
// log line about the request names it, so a client's report and the server's
// log meet. A client's own id is kept when well formed; anything else is
// replaced, never echoed (it would go into a response header and the log).
// Pure functions; thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace sb::http {

inline constexpr std::string_view kRequestIdHeader = "X-Request-Id";
inline constexpr size_t kMaxRequestIdLength = 128;

// 1..128 characters of [A-Za-z0-9._:-].
bool IsWellFormedRequestId(std::string_view id);

// A new id: 32 random lowercase hex characters (128 bits from the system's
// random source, core/ids.hpp RandomHex).
std::string NewRequestId();

// The client's id (`sent`, null when the header is absent) when well formed,
// else one from `generate`.
std::string RequestIdFor(const std::string* sent,
                         const std::function<std::string()>& generate = NewRequestId);

}  // namespace sb::http
