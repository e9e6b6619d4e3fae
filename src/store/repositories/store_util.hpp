// Helpers shared by the repositories.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/drivers/database.hpp"

namespace sb::store {

// The internal id of the row of `table` (a fixed table name, never user input)
// with this public uuid in this organization; 404 naming `what` when absent.
Result<int64_t> LookupId(db::Connection& conn, std::string_view table, int64_t org,
                         const std::string& uuid, std::string_view what);

// Marks that the organization's data changed (invalidates cached list totals).
// Called by one caller only: the unit of work (services/unit_of_work.hpp),
// inside the transaction of the write, once per unit of work. Repositories
// never call it.
Status BumpGeneration(db::Connection& conn, int64_t org);

// The organization's current write generation.
Result<int64_t> CurrentGeneration(db::Connection& conn, int64_t org);

// "?, ?, ?" for n placeholders.
std::string Placeholders(size_t n);

// A SQL LIKE pattern matching `text` anywhere, with % _ and \ escaped
// (use with ESCAPE '\').
std::string LikeContains(std::string_view text);

// Number of Unicode code points in a UTF-8 string.
size_t Utf8Chars(std::string_view s);

}  // namespace sb::store
