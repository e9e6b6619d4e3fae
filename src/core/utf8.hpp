// UTF-8 for text that arrives as raw bytes (uploaded files, their names,
// percent-decoded query parameters): checking it, making it valid, cutting it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sb {

// True when `s` is well-formed UTF-8: no overlong forms, no surrogates
// (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences.
bool IsValidUtf8(std::string_view s);

// True when `s` is well-formed UTF-8 without control characters: C0
// (U+0000..U+001F, tab and line ends included), DEL (U+007F) or C1
// (U+0080..U+009F). Such text is safe to store, log and show on one line.
bool IsUtf8Text(std::string_view s);

// `s` with each ill-formed sequence (one U+FFFD per maximal subpart, as
// Unicode 15 §3.9 recommends and browsers do) and each control character
// replaced by U+FFFD: IsUtf8Text() of the result is true.
std::string ToUtf8Text(std::string_view s);

// The number of Unicode code points in UTF-8 `s` (the bytes that do not
// continue a character).
size_t Utf8Length(std::string_view s);

// The longest prefix of UTF-8 `s` of at most `max_bytes` bytes that does not
// cut a character in two, so valid text stays valid.
std::string_view CutUtf8(std::string_view s, size_t max_bytes);

}  // namespace sb
