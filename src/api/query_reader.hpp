// Typed, validating access to query parameters, in the style of BodyReader:
// unknown parameters are ignored; a known one with a bad value is a 422 naming
// it (Finish()).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/request.hpp"
#include "domain/enums.hpp"
#include "domain/pagination.hpp"

namespace sb::api {

class QueryReader {
 public:
  explicit QueryReader(const ApiRequest& req) : req_(req) {}

  // `page` (>= 1, default 1) and `per_page` (1..max, default `default_per_page`).
  domain::PageRequest Page(int64_t default_per_page, int64_t max_per_page = 100,
                           std::string_view per_page_key = "per_page");
  // A non-empty string (trimmed); absent or empty means no filter. Not UTF-8,
  // or holding a NUL, is an error.
  std::optional<std::string> String(std::string_view key, size_t max = 255);
  std::optional<std::string> Enum(std::string_view key, domain::EnumValues allowed);
  std::optional<std::string> Uuid(std::string_view key);
  // Y-m-d as Unix seconds at 00:00 UTC.
  std::optional<int64_t> Date(std::string_view key);
  // 0/1/true/false.
  std::optional<bool> Bool(std::string_view key);
  std::optional<int64_t> Int(std::string_view key, int64_t min, int64_t max);

  void AddError(std::string field, std::string message);
  Status Finish() const;

 private:
  const ApiRequest& req_;
  std::vector<FieldError> errors_;
};

}  // namespace sb::api
