#include "domain/field_check.hpp"

#include <fmt/format.h>

#include "core/ids.hpp"
#include "core/utf8.hpp"

namespace sb::domain {

std::optional<FieldError> CheckLength(std::string_view field, std::string_view value, size_t min,
                                      size_t max) {
  const size_t len = Utf8Length(value);
  if (len >= min && len <= max) return std::nullopt;
  return FieldError{
      std::string(field),
      min > 0 ? fmt::format("The {} must be between {} and {} characters.", field, min, max)
              : fmt::format("The {} may not be greater than {} characters.", field, max)};
}

std::optional<FieldError> CheckChoice(std::string_view field, std::string_view value,
                                      EnumValues allowed) {
  if (auto e = CheckLength(field, value, 0, 255)) return e;
  if (IsOneOf(value, allowed)) return std::nullopt;
  return FieldError{std::string(field),
                    fmt::format("The {} must be {}.", field, DescribeChoices(allowed))};
}

std::optional<FieldError> CheckUuid(std::string_view field, std::string& value) {
  if (auto e = CheckLength(field, value, 0, 64)) return e;
  if (!IsUuid(value)) {
    return FieldError{std::string(field), fmt::format("The {} must be a valid UUID.", field)};
  }
  value = CanonicalUuid(value);
  return std::nullopt;
}

std::optional<FieldError> CheckUuidList(std::string_view field, std::vector<std::string>& values,
                                        size_t min_items, size_t max_items) {
  if (values.size() < min_items || values.size() > max_items) {
    return FieldError{std::string(field), fmt::format("The {} must have between {} and {} items.",
                                                      field, min_items, max_items)};
  }
  for (size_t i = 0; i < values.size(); ++i) {
    if (!IsUuid(values[i])) {
      return FieldError{fmt::format("{}.{}", field, i),
                        fmt::format("The {}.{} must be a valid UUID.", field, i)};
    }
  }
  for (auto& v : values) v = CanonicalUuid(v);
  return std::nullopt;
}

}  // namespace sb::domain
