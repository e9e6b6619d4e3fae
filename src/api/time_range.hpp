// JSON time ranges as the foreign dialects send them in a query parameter:
// dateRange={"start": "2024-01-01", "end": "2024-01-31T18:00:00Z"}.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.hpp"

namespace sb::api {

// [from, until) in Unix seconds; either end may be open.
struct TimeRange {
  std::optional<int64_t> from;   // inclusive
  std::optional<int64_t> until;  // exclusive
};

// Parses a JSON object with optional "start" and "end", each null, a date
// (Y-m-d) or an ISO-8601 date-time. Both ends are inclusive as the client
// means them: an end date covers its whole day, an end date-time its second.
// Anything else (not JSON, not an object, another type, an unparseable time,
// start after end) is a 422 naming `field`.
Result<TimeRange> ParseTimeRange(std::string_view json, std::string_view field);

}  // namespace sb::api
