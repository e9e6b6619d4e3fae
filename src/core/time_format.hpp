// Conversions between Unix seconds and the wire formats (UTC ISO-8601 with Z).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sb {

// "2023-11-07T05:31:56Z".
std::string FormatIsoUtc(int64_t unix_seconds);

// Parses "YYYY-MM-DD" strictly (a real calendar date); returns Unix seconds of
// its midnight UTC.
std::optional<int64_t> ParseDate(std::string_view ymd);

// Parses "YYYY-MM-DDTHH:MM:SS" with an optional fraction and a "Z" or "+HH:MM"
// offset (none means UTC); a space may replace the "T". Returns Unix seconds.
std::optional<int64_t> ParseIsoDateTime(std::string_view text);

}  // namespace sb
