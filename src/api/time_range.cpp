#include "api/time_range.hpp"

#include <rapidjson/document.h>

#include <string>

#include <fmt/format.h>

#include "core/json_parse.hpp"
#include "core/time_format.hpp"

namespace sb::api {
namespace {

constexpr int64_t kDay = 86400;

// A bound: a date (its midnight, and whether it was a date) or a date-time.
struct Bound {
  int64_t seconds = 0;
  bool is_date = false;
};

std::optional<Bound> ParseBound(std::string_view text) {
  if (auto d = ParseDate(text)) return Bound{*d, true};
  if (auto t = ParseIsoDateTime(text)) return Bound{*t, false};
  return std::nullopt;
}

}  // namespace

Result<TimeRange> ParseTimeRange(std::string_view json, std::string_view field) {
  auto bad = [&field]() {
    return Error::Validation(
        std::string(field),
        "The " + std::string(field) +
            R"( must be a JSON object {"start": ..., "end": ...} with dates (Y-m-d) or ISO-8601 )"
            "date-times.");
  };
  rapidjson::Document doc;
  if (Status parsed = ParseJson(json, &doc); !parsed.ok()) {
    if (IsJsonTooDeep(parsed.error())) {
      return Error::Validation(
          std::string(field),
          fmt::format("The {} may not be nested deeper than {} levels.", field, kMaxJsonDepth));
    }
    return bad();
  }
  if (!doc.IsObject()) return bad();
  TimeRange range;
  for (const char* key : {"start", "end"}) {
    if (!doc.HasMember(key) || doc[key].IsNull()) continue;
    if (!doc[key].IsString()) return bad();
    auto bound = ParseBound(std::string_view(doc[key].GetString(), doc[key].GetStringLength()));
    if (!bound) return bad();
    if (std::string_view(key) == "start") {
      range.from = bound->seconds;
    } else {
      range.until = bound->seconds + (bound->is_date ? kDay : 1);
    }
  }
  if (range.from && range.until && *range.from >= *range.until) {
    return Error::Validation(std::string(field),
                             "The " + std::string(field) + " must not end before it starts.");
  }
  return range;
}

}  // namespace sb::api
