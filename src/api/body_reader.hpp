// Typed, validating access to a JSON request body. Each getter records a
// FieldError instead of failing at once, so one 422 can name every bad field;
// Finish() turns the collected errors into that 422.
//
// Getters return std::nullopt when the key is absent. Nullable getters
// return Maybe<T>: absent (nullopt), explicit null (Maybe holding nullopt) or a
// value, which PATCH needs to tell "leave alone" from "clear".
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/maybe.hpp"
#include "core/result.hpp"
#include "domain/enums.hpp"

namespace sb::api {

using sb::Maybe;

// Parses `body` as a JSON object. An empty body is an empty object. 400 on
// malformed JSON or a non-object.
Result<rapidjson::Document> ParseJsonObject(std::string_view body);

class BodyReader {
 public:
  explicit BodyReader(const rapidjson::Value& object) : obj_(object) {}

  bool Has(std::string_view key) const;

  // A string of `min`..`max` characters (UTF-8 code points). `required` adds
  // an error when absent.
  std::optional<std::string> String(std::string_view key, bool required = false, size_t min = 0,
                                    size_t max = 255);
  // As String() but also accepts null.
  Maybe<std::string> NullableString(std::string_view key, size_t max = 255);
  // One of `allowed`, spelled exactly.
  std::optional<std::string> Enum(std::string_view key, domain::EnumValues allowed,
                                  bool required = false);
  Maybe<std::string> NullableEnum(std::string_view key, domain::EnumValues allowed);
  std::optional<int64_t> Int(std::string_view key, int64_t min, int64_t max, bool required = false);
  std::optional<double> Number(std::string_view key, double min, double max);
  std::optional<bool> Bool(std::string_view key);
  std::optional<std::string> Uuid(std::string_view key, bool required = false);
  Maybe<std::string> NullableUuid(std::string_view key);
  // An array of UUIDs; `min_items` enforced when present (and when required).
  std::optional<std::vector<std::string>> UuidArray(std::string_view key, bool required = false,
                                                    size_t min_items = 0, size_t max_items = 1000);
  // An array as text, for values whose rules are checked elsewhere
  // (domain/field_check.hpp): string items as they are, any other item as an
  // empty string, which such a check refuses at its index as it would any
  // bad text. Only the array itself is type-checked.
  std::optional<std::vector<std::string>> TextArray(std::string_view key);
  std::optional<std::vector<std::string>> StringArray(std::string_view key,
                                                      size_t max_items = 1000);
  // A JSON object, re-serialized compactly.
  std::optional<std::string> ObjectJson(std::string_view key, size_t max_bytes = 65536);
  // A JSON array, re-serialized compactly.
  std::optional<std::string> ArrayJson(std::string_view key);
  // A nested object (nullptr when absent or not an object; the latter is an error).
  const rapidjson::Value* Object(std::string_view key);
  // Timestamp in ISO-8601 form, as Unix seconds.
  Maybe<int64_t> NullableTime(std::string_view key);

  void AddError(std::string field, std::string message);
  // The errors recorded so far, which this reader then no longer holds.
  std::vector<FieldError> TakeErrors();
  bool ok() const { return errors_.empty(); }
  // 422 naming every bad field, or ok.
  Status Finish() const;

  // Prefix for field names in nested readers ("compliance.status").
  void set_prefix(std::string prefix) { prefix_ = std::move(prefix); }

 private:
  const rapidjson::Value* Get(std::string_view key) const;
  std::string Name(std::string_view key) const { return prefix_ + std::string(key); }
  // `v` as JSON text, or an error on `key` when it is nested too deeply to write.
  std::optional<std::string> Serialized(std::string_view key, const rapidjson::Value& v);

  const rapidjson::Value& obj_;
  std::string prefix_;
  std::vector<FieldError> errors_;
};

}  // namespace sb::api
