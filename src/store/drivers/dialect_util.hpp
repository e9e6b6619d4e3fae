// Helpers shared by the dialects (internal to store/).
#pragma once

#include <string>
#include <string_view>

#include "store/drivers/database.hpp"

namespace sb::store::dialect_util {

// The digits of a term that looks like a phone number ("+1 (415) 555-26"), so
// a formatted search still finds the E.164 number; empty when the term has
// anything but digits and separators.
std::string PhoneDigits(std::string_view term);

// "(a.name OP ? ESCAPE '\' OR a.surname ... OR a.email ... OR a.phone_number ...)"
// with `pattern` appended to `params` once per column.
std::string ColumnsLike(std::string_view alias, std::string_view op, std::string_view pattern,
                        db::Params& params);

}  // namespace sb::store::dialect_util
