// HMAC-SHA256 (OpenSSL), for signing webhook deliveries. Thread-safe; cannot
// fail for any input.
#pragma once

#include <string>
#include <string_view>

namespace sb {

// Lowercase hex HMAC-SHA256 of `data` under `key` (64 characters).
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// Compares two strings in time that depends only on their lengths (for
// checking signatures).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace sb
