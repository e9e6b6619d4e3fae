#include "core/json_parse.hpp"

#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/json_writer.hpp"

namespace sb {
namespace {

// Forwards SAX events to the document, refusing (stopping the parse) once
// the nesting passes the limit.
class DepthLimitedHandler {
 public:
  DepthLimitedHandler(rapidjson::Document& doc, size_t max_depth)
      : doc_(doc), max_depth_(max_depth) {}

  bool Null() { return doc_.Null(); }
  bool Bool(bool b) { return doc_.Bool(b); }
  bool Int(int i) { return doc_.Int(i); }
  bool Uint(unsigned i) { return doc_.Uint(i); }
  bool Int64(int64_t i) { return doc_.Int64(i); }
  bool Uint64(uint64_t i) { return doc_.Uint64(i); }
  bool Double(double d) { return doc_.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) {
    return doc_.RawNumber(s, n, copy);
  }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return doc_.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return doc_.Key(s, n, copy); }
  bool StartObject() { return Enter() && doc_.StartObject(); }
  bool EndObject(rapidjson::SizeType members) {
    --depth_;
    return doc_.EndObject(members);
  }
  bool StartArray() { return Enter() && doc_.StartArray(); }
  bool EndArray(rapidjson::SizeType elements) {
    --depth_;
    return doc_.EndArray(elements);
  }

  bool too_deep() const { return too_deep_; }

 private:
  bool Enter() {
    if (++depth_ > max_depth_) {
      too_deep_ = true;
      return false;
    }
    return true;
  }

  rapidjson::Document& doc_;
  size_t max_depth_;
  size_t depth_ = 0;
  bool too_deep_ = false;
};

}  // namespace

Status ParseJson(std::string_view text, rapidjson::Document* doc, size_t max_depth) {
  DepthLimitedHandler handler(*doc, max_depth);
  rapidjson::ParseResult result;
  // Populate keeps the document's own stack handling (cleared on failure);
  // the reader is iterative, so the stack depth does not follow the input.
  auto generate = [&](rapidjson::Document& /*handler target*/) {
    rapidjson::MemoryStream bytes(text.data(), text.size());
    // As Document::Parse reads: a UTF-8 byte order mark before the value is skipped.
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> stream(bytes);
    rapidjson::Reader reader;
    result = reader.Parse<rapidjson::kParseIterativeFlag>(stream, handler);
    return !result.IsError();
  };
  doc->Populate(generate);
  if (!result.IsError()) return OkStatus();
  doc->SetNull();
  if (handler.too_deep()) {
    return Error(
        ErrorCode::kMalformedJson, std::string(kJsonTooDeep),
        fmt::format("nested deeper than {} levels at offset {}", max_depth, result.Offset()));
  }
  std::string reason =
      fmt::format("{} at offset {}", rapidjson::GetParseError_En(result.Code()), result.Offset());
  return Error(ErrorCode::kMalformedJson, "Malformed JSON", std::move(reason));
}

size_t JsonDepth(const rapidjson::Value& value) {
  size_t deepest = 0;
  std::vector<std::pair<const rapidjson::Value*, size_t>> pending = {{&value, 0}};
  while (!pending.empty()) {
    auto [v, depth] = pending.back();
    pending.pop_back();
    if (v->IsObject()) {
      ++depth;
      for (const auto& m : v->GetObject()) pending.emplace_back(&m.value, depth);
    } else if (v->IsArray()) {
      ++depth;
      for (const auto& e : v->GetArray()) pending.emplace_back(&e, depth);
    }
    deepest = std::max(deepest, depth);
  }
  return deepest;
}

bool IsJsonTooDeep(const Error& e) {
  return e.code() == ErrorCode::kMalformedJson && e.message() == kJsonTooDeep;
}

Result<std::string> WriteJson(const rapidjson::Value& value, size_t max_depth) {
  size_t depth = JsonDepth(value);
  if (depth > max_depth) {
    return Error(ErrorCode::kMalformedJson, std::string(kJsonTooDeep),
                 fmt::format("nested {} levels deep, deeper than {}", depth, max_depth));
  }
  JsonWriter w;
  value.Accept(w.raw());
  return w.Take();
}

}  // namespace sb
