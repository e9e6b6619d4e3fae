// Text conversions between Switchboard's SQL and values and PostgreSQL's:
// placeholders, times and jsonb documents. Pure functions, no libpq.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sb::db::pg {

// Rewrites `?` placeholders as `$1`, `$2`, ... in order. A `?` inside a quoted
// string ('...'), a quoted identifier ("..."), a dollar-quoted body ($tag$...$tag$)
// or a comment (-- to end of line, /* ... */) is left alone. `count` receives the
// number of placeholders. The SQL never uses PostgreSQL's `?` operators (jsonb
// key tests): write jsonb_exists() instead.
std::string NumberPlaceholders(std::string_view sql, int* count = nullptr);

// A bound time: ISO 8601 in UTC ("2024-03-01T12:00:00Z"), which timestamptz
// accepts whatever the session time zone.
std::string FormatTimestamp(int64_t unix_seconds);

// Unix seconds of timestamptz/timestamp text as the server prints it in ISO
// DateStyle ("2024-03-01 12:00:00+00", optional fraction (truncated), offsets
// "+05", "-03:30", "+05:53:28", a " BC" suffix, "infinity"/"-infinity" as the
// int64 extremes). A "T" may replace the space. nullopt when it is none of these.
std::optional<int64_t> ParseTimestamp(std::string_view text);

// jsonb text without the blanks PostgreSQL puts after ':' and ',' (strings are
// copied untouched), so documents read back as compactly as they were written.
std::string CompactJson(std::string_view json);

// True when the statement only reads: it starts with SELECT (after blanks and
// comments). Such a statement may be retried on a new connection.
bool IsReadOnly(std::string_view sql);

}  // namespace sb::db::pg
