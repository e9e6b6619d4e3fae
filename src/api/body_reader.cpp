#include "api/body_reader.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fmt/format.h>

#include <limits>
#include <utility>

#include "core/ids.hpp"
#include "core/json_parse.hpp"
#include "core/time_format.hpp"
#include "domain/field_check.hpp"

namespace sb::api {
namespace {

constexpr size_t kUnlimited = std::numeric_limits<size_t>::max();

}  // namespace

Result<rapidjson::Document> ParseJsonObject(std::string_view body) {
  rapidjson::Document doc;
  size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    doc.SetObject();
    return doc;
  }
  if (Status parsed = ParseJson(body, &doc); !parsed.ok()) {
    const bool deep = IsJsonTooDeep(parsed.error());
    return Error(ErrorCode::kMalformedJson,
                 deep ? fmt::format("JSON body nested deeper than {} levels", kMaxJsonDepth)
                      : "Malformed JSON body",
                 parsed.error().details());
  }
  if (!doc.IsObject()) {
    return Error(ErrorCode::kMalformedJson, "Malformed JSON body",
                 "The body must be a JSON object");
  }
  return doc;
}

bool BodyReader::Has(std::string_view key) const { return Get(key) != nullptr; }

const rapidjson::Value* BodyReader::Get(std::string_view key) const {
  auto it = obj_.FindMember(rapidjson::Value(rapidjson::StringRef(key.data(), key.size())));
  return it == obj_.MemberEnd() ? nullptr : &it->value;
}

void BodyReader::AddError(std::string field, std::string message) {
  errors_.push_back({std::move(field), std::move(message)});
}

Status BodyReader::Finish() const {
  if (errors_.empty()) return OkStatus();
  return Error::Validation(errors_);
}

std::optional<std::string> BodyReader::String(std::string_view key, bool required, size_t min,
                                              size_t max) {
  const rapidjson::Value* v = Get(key);
  if (!v || v->IsNull()) {
    if (required) AddError(Name(key), fmt::format("The {} field is required.", Name(key)));
    return std::nullopt;
  }
  if (!v->IsString()) {
    AddError(Name(key), fmt::format("The {} must be a string.", Name(key)));
    return std::nullopt;
  }
  std::string s(v->GetString(), v->GetStringLength());
  if (auto e = domain::CheckLength(Name(key), s, min, max)) {
    errors_.push_back(std::move(*e));
    return std::nullopt;
  }
  return s;
}

Maybe<std::string> BodyReader::NullableString(std::string_view key, size_t max) {
  const rapidjson::Value* v = Get(key);
  if (!v) return std::nullopt;
  if (v->IsNull()) return std::optional<std::string>();
  auto s = String(key, false, 0, max);
  if (!s) return std::nullopt;
  return std::optional<std::string>(std::move(*s));
}

std::optional<std::string> BodyReader::Enum(std::string_view key, domain::EnumValues allowed,
                                            bool required) {
  auto s = String(key, required, 0, kUnlimited);
  if (!s) return std::nullopt;
  if (auto e = domain::CheckChoice(Name(key), *s, allowed)) {
    errors_.push_back(std::move(*e));
    return std::nullopt;
  }
  return s;
}

Maybe<std::string> BodyReader::NullableEnum(std::string_view key, domain::EnumValues allowed) {
  const rapidjson::Value* v = Get(key);
  if (!v) return std::nullopt;
  if (v->IsNull()) return std::optional<std::string>();
  auto s = Enum(key, allowed);
  if (!s) return std::nullopt;
  return std::optional<std::string>(std::move(*s));
}

std::optional<int64_t> BodyReader::Int(std::string_view key, int64_t min, int64_t max,
                                       bool required) {
  const rapidjson::Value* v = Get(key);
  if (!v || v->IsNull()) {
    if (required) AddError(Name(key), fmt::format("The {} field is required.", Name(key)));
    return std::nullopt;
  }
  if (!v->IsInt64()) {
    AddError(Name(key), fmt::format("The {} must be an integer.", Name(key)));
    return std::nullopt;
  }
  int64_t n = v->GetInt64();
  if (n < min || n > max) {
    AddError(Name(key), fmt::format("The {} must be between {} and {}.", Name(key), min, max));
    return std::nullopt;
  }
  return n;
}

std::optional<double> BodyReader::Number(std::string_view key, double min, double max) {
  const rapidjson::Value* v = Get(key);
  if (!v || v->IsNull()) return std::nullopt;
  if (!v->IsNumber()) {
    AddError(Name(key), fmt::format("The {} must be a number.", Name(key)));
    return std::nullopt;
  }
  double d = v->GetDouble();
  if (d < min || d > max) {
    AddError(Name(key), fmt::format("The {} must be between {} and {}.", Name(key), min, max));
    return std::nullopt;
  }
  return d;
}

std::optional<bool> BodyReader::Bool(std::string_view key) {
  const rapidjson::Value* v = Get(key);
  if (!v || v->IsNull()) return std::nullopt;
  if (!v->IsBool()) {
    AddError(Name(key), fmt::format("The {} must be true or false.", Name(key)));
    return std::nullopt;
  }
  return v->GetBool();
}

std::optional<std::string> BodyReader::Uuid(std::string_view key, bool required) {
  auto s = String(key, required, 0, kUnlimited);
  if (!s) return std::nullopt;
  if (auto e = domain::CheckUuid(Name(key), *s)) {
    errors_.push_back(std::move(*e));
    return std::nullopt;
  }
  return s;
}

Maybe<std::string> BodyReader::NullableUuid(std::string_view key) {
  const rapidjson::Value* v = Get(key);
  if (!v) return std::nullopt;
  if (v->IsNull()) return std::optional<std::string>();
  auto s = Uuid(key);
  if (!s) return std::nullopt;
  return std::optional<std::string>(std::move(*s));
}

std::optional<std::vector<std::string>> BodyReader::UuidArray(std::string_view key, bool required,
                                                              size_t min_items, size_t max_items) {
  const rapidjson::Value* v = Get(key);
  if (!v || v->IsNull()) {
    if (required) AddError(Name(key), fmt::format("The {} field is required.", Name(key)));
    return std::nullopt;
  }
  if (!v->IsArray()) {
    AddError(Name(key), fmt::format("The {} must be an array.", Name(key)));
    return std::nullopt;
  }
  if (v->Size() < min_items || v->Size() > max_items) {
    AddError(Name(key), fmt::format("The {} must have between {} and {} items.", Name(key),
                                    min_items, max_items));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
    const auto& item = (*v)[i];
    if (!item.IsString() || !IsUuid(std::string_view(item.GetString(), item.GetStringLength()))) {
      AddError(fmt::format("{}.{}", Name(key), i),
               fmt::format("The {}.{} must be a valid UUID.", Name(key), i));
      return std::nullopt;
    }
    out.push_back(CanonicalUuid(std::string_view(item.GetString(), item.GetStringLength())));
  }
  return out;
}

std::optional<std::vector<std::string>> BodyReader::TextArray(std::string_view key) {
  const rapidjson::Value* v = Get(key);
  if (!v || v->IsNull()) return std::nullopt;
  if (!v->IsArray()) {
    AddError(Name(key), fmt::format("The {} must be an array.", Name(key)));
    return std::nullopt;
  }
  std::vector<std::string> out;
  out.reserve(v->Size());
  for (const auto& item : v->GetArray()) {
    out.push_back(item.IsString() ? std::string(item.GetString(), item.GetStringLength())
                                  : std::string());
  }
  return out;
}

std::vector<FieldError> BodyReader::TakeErrors() { return std::exchange(errors_, {}); }

std::optional<std::vector<std::string>> BodyReader::StringArray(std::string_view key,
                                                                size_t max_items) {
  const rapidjson::Value* v = Get(key);
  if (!v || v->IsNull()) return std::nullopt;
  if (!v->IsArray() || v->Size() > max_items) {
    AddError(Name(key),
             fmt::format("The {} must be an array of at most {} strings.", Name(key), max_items));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
    const auto& item = (*v)[i];
    if (!item.IsString()) {
      AddError(fmt::format("{}.{}", Name(key), i),
               fmt::format("The {}.{} must be a string.", Name(key), i));
      return std::nullopt;
    }
    out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return out;
}

std::optional<std::string> BodyReader::Serialized(std::string_view key, const rapidjson::Value& v) {
  auto text = WriteJson(v);
  if (!text.ok()) {
    AddError(Name(key), fmt::format("The {} may not be nested deeper than {} levels.", Name(key),
                                    kMaxJsonDepth));
    return std::nullopt;
  }
  return std::move(text).value();
}

std::optional<std::string> BodyReader::ObjectJson(std::string_view key, size_t max_bytes) {
  const rapidjson::Value* v = Get(key);
  if (!v || v->IsNull()) return std::nullopt;
  if (!v->IsObject()) {
    AddError(Name(key), fmt::format("The {} must be an object.", Name(key)));
    return std::nullopt;
  }
  std::optional<std::string> s = Serialized(key, *v);
  if (s && s->size() > max_bytes) {
    AddError(Name(key),
             fmt::format("The {} may not be larger than {} bytes.", Name(key), max_bytes));
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> BodyReader::ArrayJson(std::string_view key) {
  const rapidjson::Value* v = Get(key);
  if (!v || v->IsNull()) return std::nullopt;
  if (!v->IsArray()) {
    AddError(Name(key), fmt::format("The {} must be an array.", Name(key)));
    return std::nullopt;
  }
  return Serialized(key, *v);
}

const rapidjson::Value* BodyReader::Object(std::string_view key) {
  const rapidjson::Value* v = Get(key);
  if (!v || v->IsNull()) return nullptr;
  if (!v->IsObject()) {
    AddError(Name(key), fmt::format("The {} must be an object.", Name(key)));
    return nullptr;
  }
  return v;
}

Maybe<int64_t> BodyReader::NullableTime(std::string_view key) {
  const rapidjson::Value* v = Get(key);
  if (!v) return std::nullopt;
  if (v->IsNull()) return std::optional<int64_t>();
  std::optional<int64_t> t;
  if (v->IsString()) t = ParseIsoDateTime(std::string_view(v->GetString(), v->GetStringLength()));
  if (!t) {
    AddError(Name(key), fmt::format("The {} must be an ISO-8601 date-time (2024-01-31T09:30:00Z).",
                                    Name(key)));
    return std::nullopt;
  }
  return std::optional<int64_t>(*t);
}

}  // namespace sb::api
