// Query strings of request targets: "a=1&b=x%20y" into keys and values. Kept
// apart from the dispatcher (which includes this header) so that the parsing
// can be built and fuzzed without the rest of the server (tests/fuzz).
// Pure functions; thread-safe.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace sb::http {

// Splits "a=1&b=x%20y" into a map (last value wins; '+' is a space).
std::map<std::string, std::string, std::less<>> ParseQueryString(std::string_view query);
// Every (key, value) pair of a query string, repeated keys kept in order.
std::multimap<std::string, std::string, std::less<>> ParseQueryPairs(std::string_view query);
// "%41+b" -> "A b"; a '%' not followed by two hex digits is kept as it is.
std::string PercentDecode(std::string_view s);

}  // namespace sb::http
