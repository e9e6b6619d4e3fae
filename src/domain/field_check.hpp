// Checks of one input value that every way in shares (a JSON body, a query
// string, a CSV cell): each takes the plain value and the name of the field
// it came in as, and returns the error naming that field, or nothing. The
// messages are the API's ("The name may not be greater than 255 characters.").
//
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/enums.hpp"

namespace sb::domain {

// `value` has `min`..`max` characters (UTF-8 code points).
std::optional<FieldError> CheckLength(std::string_view field, std::string_view value, size_t min,
                                      size_t max);

// `value` is one of `allowed`, spelled exactly (and, like any such text, at
// most 255 characters).
std::optional<FieldError> CheckChoice(std::string_view field, std::string_view value,
                                      EnumValues allowed);

// `value` is a UUID of at most 64 characters; on success it is rewritten in
// canonical form (lower case, hyphenated).
std::optional<FieldError> CheckUuid(std::string_view field, std::string& value);

// Every item of `values` is a UUID (items are named `field`.INDEX), and there
// are `min_items`..`max_items` of them; on success the items are rewritten
// in canonical form. The count is checked first.
std::optional<FieldError> CheckUuidList(std::string_view field, std::vector<std::string>& values,
                                        size_t min_items, size_t max_items);

}  // namespace sb::domain
