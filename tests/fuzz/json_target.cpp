// Fuzz target: JSON from outside (core/json_parse.hpp), request bodies read
// through it (api/body_reader.hpp), JSON time ranges of query parameters
// (api/time_range.hpp) and stored phone-number channel settings
// (domain/phone_number.hpp). The input is the JSON text.
//
// Invariants:
// - ParseJson accepts a document with max_depth d exactly when it accepts it
//   without a limit and its JsonDepth() is at most d; what it accepts by
//   default has JsonDepth() <= kMaxJsonDepth. Where RapidJSON's own parser
//   can run safely (shallow text) it accepts the same documents, equal.
// - ParseJsonObject accepts a blank body (an empty object) and the objects
//   ParseJson accepts, and nothing but objects ParseJson accepts.
// - BodyReader's getters, on every key of the object and on the API's usual
//   ones, return only what their contracts allow (lengths, ranges, canonical
//   UUIDs, JSON that parses back) and record an error for each value they
//   refuse; Finish() is a 422 exactly when one was recorded.
// - ParseTimeRange returns a non-empty range or a 422 naming the parameter.
// - ParseChannelSettings of ChannelSettingsJson of what it read reads the same.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "api/body_reader.hpp"
#include "api/time_range.hpp"
#include "core/ids.hpp"
#include "core/json_parse.hpp"
#include "core/utf8.hpp"
#include "domain/enums.hpp"
#include "domain/phone_number.hpp"
#include "fuzz/fuzz_targets.hpp"

namespace sb::fuzz {
namespace {

constexpr size_t kUnlimited = std::numeric_limits<size_t>::max();

bool IsBlank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// A value as text, members in their order: RapidJSON's operator== looks
// members up by name, so an object with a repeated key is not equal even to
// itself.
std::string Text(const rapidjson::Value& v) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  v.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

void CheckParseJson(std::string_view text, InputRng& rng) {
  rapidjson::Document unlimited;
  const bool parses = ParseJson(text, &unlimited, kUnlimited).ok();
  SB_FUZZ_CHECK(parses || unlimited.IsNull(), "a refused document is not null");
  const size_t depth = parses ? JsonDepth(unlimited) : 0;

  rapidjson::Document bounded;
  const Status st = ParseJson(text, &bounded);
  SB_FUZZ_CHECK(st.ok() == (parses && depth <= kMaxJsonDepth),
                "depth " + std::to_string(depth) + ", parses " + std::to_string(parses));
  if (st.ok()) {
    SB_FUZZ_CHECK(JsonDepth(bounded) <= kMaxJsonDepth, "too deep");
    SB_FUZZ_CHECK(Text(bounded) == Text(unlimited), "the depth limit changed the document");
  } else {
    SB_FUZZ_CHECK(st.error().code() == ErrorCode::kMalformedJson, st.error().details());
    SB_FUZZ_CHECK(bounded.IsNull(), "a refused document is not null");
  }

  const size_t limit = rng.Below(8);
  rapidjson::Document shallow;
  SB_FUZZ_CHECK(ParseJson(text, &shallow, limit).ok() == (parses && depth <= limit),
                "limit " + std::to_string(limit) + ", depth " + std::to_string(depth));

  // RapidJSON's recursive parser, where its stack use is small.
  const auto nesting = static_cast<size_t>(std::count(text.begin(), text.end(), '[') +
                                           std::count(text.begin(), text.end(), '{'));
  if (nesting <= 2 * kMaxJsonDepth) {
    rapidjson::Document plain;
    plain.Parse(text.data(), text.size());
    rapidjson::Document same;
    // The same bytes: both skip a leading byte order mark (RapidJSON's
    // in-memory stream drops each of EF, BB, BF when it leads, in turn).
    const bool parses_after_bom = ParseJson(text, &same, kUnlimited).ok();
    SB_FUZZ_CHECK(plain.HasParseError() == !parses_after_bom, "RapidJSON's Parse disagrees");
    if (parses_after_bom) {
      SB_FUZZ_CHECK(Text(plain) == Text(same), "RapidJSON's Parse read another document");
    }
  }
}

std::string FieldsOf(const Status& st) {
  std::string out;
  if (st.ok()) return out;
  for (const FieldError& f : st.error().fields()) out += " " + Printable(f.field);
  return out;
}

// Calls every getter on `key`, checking what each returns.
void ReadKey(api::BodyReader& body, std::string_view key) {
  const std::string k = Printable(key);
  if (auto s = body.String(key, false, 2, 10)) {
    const size_t n = Utf8Length(*s);
    SB_FUZZ_CHECK(n >= 2 && n <= 10, "String " + k + " of " + std::to_string(n) + " chars");
  }
  (void)body.String(key, true);
  (void)body.NullableString(key, 3);
  if (auto e = body.Enum(key, domain::ContactStatuses())) {
    SB_FUZZ_CHECK(domain::IsOneOf(*e, domain::ContactStatuses()), "Enum " + k);
  }
  (void)body.NullableEnum(key, domain::PhoneNumberTypes());
  if (auto i = body.Int(key, -5, 1000)) SB_FUZZ_CHECK(*i >= -5 && *i <= 1000, "Int " + k);
  if (auto d = body.Number(key, -1.5, 2.5)) SB_FUZZ_CHECK(*d >= -1.5 && *d <= 2.5, "Number " + k);
  (void)body.Bool(key);
  auto canonical = [](const std::string& u) { return IsUuid(u) && CanonicalUuid(u) == u; };
  if (auto u = body.Uuid(key)) SB_FUZZ_CHECK(canonical(*u), "Uuid " + k + " " + Printable(*u));
  if (auto u = body.NullableUuid(key); u && *u) SB_FUZZ_CHECK(canonical(**u), "NullableUuid " + k);
  if (auto list = body.UuidArray(key, false, 1, 3)) {
    SB_FUZZ_CHECK(!list->empty() && list->size() <= 3, "UuidArray " + k);
    for (const std::string& u : *list) SB_FUZZ_CHECK(canonical(u), "UuidArray " + k);
  }
  if (auto list = body.StringArray(key, 4)) SB_FUZZ_CHECK(list->size() <= 4, "StringArray " + k);
  if (auto json = body.ObjectJson(key, 256)) {
    rapidjson::Document back;
    SB_FUZZ_CHECK(json->size() <= 256 && ParseJson(*json, &back).ok() && back.IsObject(),
                  "ObjectJson " + k + " " + Printable(*json));
  }
  if (auto json = body.ArrayJson(key)) {
    rapidjson::Document back;
    SB_FUZZ_CHECK(ParseJson(*json, &back).ok() && back.IsArray(),
                  "ArrayJson " + k + " " + Printable(*json));
  }
  if (const rapidjson::Value* obj = body.Object(key)) SB_FUZZ_CHECK(obj->IsObject(), "Object " + k);
  (void)body.NullableTime(key);
}

void CheckBodyReader(std::string_view text) {
  Result<rapidjson::Document> doc = api::ParseJsonObject(text);
  rapidjson::Document reference;
  const bool parses = ParseJson(text, &reference).ok();
  if (IsBlank(text)) {
    SB_FUZZ_CHECK(doc.ok() && doc->IsObject() && doc->MemberCount() == 0, "a blank body");
  } else if (parses && reference.IsObject()) {
    SB_FUZZ_CHECK(doc.ok() && Text(*doc) == Text(reference),
                  "an object ParseJson accepts is refused or read differently");
  } else {
    // ParseJsonObject parses with ParseJson: it accepts exactly the objects
    // ParseJson accepts (depth bound included).
    SB_FUZZ_CHECK(!doc.ok(), "ParseJsonObject accepted what ParseJson refuses");
  }
  if (!doc.ok()) {
    SB_FUZZ_CHECK(doc.error().code() == ErrorCode::kMalformedJson, doc.error().details());
    return;
  }
  SB_FUZZ_CHECK(doc->IsObject(), "ParseJsonObject gave a non-object");

  api::BodyReader body(*doc);
  body.set_prefix("x.");
  size_t keys = 0;
  for (const auto& member : doc->GetObject()) {
    if (++keys > 16) break;
    ReadKey(body, std::string_view(member.name.GetString(), member.name.GetStringLength()));
  }
  for (const char* key : {"name", "email", "tag_uuids", "metadata", "status", "start"}) {
    ReadKey(body, key);
  }
  const Status finished = body.Finish();
  SB_FUZZ_CHECK(finished.ok() == body.ok(), "Finish() and ok() disagree");
  if (!finished.ok()) {
    SB_FUZZ_CHECK(finished.error().code() == ErrorCode::kValidation, "not a 422");
    for (const FieldError& f : finished.error().fields()) {
      SB_FUZZ_CHECK(f.field.starts_with("x.") && !f.message.empty(),
                    "fields:" + FieldsOf(finished));
    }
  }
}

void CheckTimeRange(std::string_view text) {
  Result<api::TimeRange> range = api::ParseTimeRange(text, "dateRange");
  if (range.ok()) {
    if (range->from && range->until) SB_FUZZ_CHECK(*range->from < *range->until, "an empty range");
    return;
  }
  SB_FUZZ_CHECK(
      range.error().code() == ErrorCode::kValidation && range.error().field() == "dateRange",
      "fields:" + FieldsOf(Status(range.error())));
}

void CheckChannelSettings(std::string_view text) {
  const std::string json = domain::ChannelSettingsJson(domain::ParseChannelSettings(text));
  const std::string again = domain::ChannelSettingsJson(domain::ParseChannelSettings(json));
  SB_FUZZ_CHECK(json == again, Printable(json) + " read back as " + Printable(again));
}

}  // namespace

void JsonOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  InputRng rng(text);
  CheckParseJson(text, rng);
  CheckBodyReader(text);
  CheckTimeRange(text);
  CheckChannelSettings(text);
}

}  // namespace sb::fuzz
