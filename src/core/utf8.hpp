// UTF-8 validation for text that arrives as raw bytes (uploaded files).
#pragma once

#include <string_view>

namespace sb {

// True when `s` is well-formed UTF-8: no overlong forms, no surrogates
// (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences.
bool IsValidUtf8(std::string_view s);

}  // namespace sb
