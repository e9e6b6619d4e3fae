#include "core/json_writer.hpp"

#include "core/time_format.hpp"

namespace sb {

void JsonWriter::RawJson(std::string_view json) {
  if (json.empty()) {
    w_.Null();
    return;
  }
  w_.RawValue(json.data(), json.size(), rapidjson::kObjectType);
}

void JsonWriter::Field(std::string_view k, const std::optional<std::string>& v) {
  Key(k);
  if (v)
    String(*v);
  else
    Null();
}

void JsonWriter::Field(std::string_view k, const std::optional<int64_t>& v) {
  Key(k);
  if (v)
    Int(*v);
  else
    Null();
}

void JsonWriter::TimeField(std::string_view k, const std::optional<int64_t>& unix_seconds) {
  Key(k);
  if (unix_seconds)
    String(FormatIsoUtc(*unix_seconds));
  else
    Null();
}

}  // namespace sb
