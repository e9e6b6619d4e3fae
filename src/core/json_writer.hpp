// Streaming JSON output: a thin layer over RapidJSON's Writer with the
// helpers every document needs (nullable fields, timestamps). No DOM is built
// per row. Used for responses (api/json_writer.hpp adds the envelope and the
// paginators) and for the documents written below the api layer, such as
// event data.
//
// Thread-safety: none (one writer per document).
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sb {

class JsonWriter {
 public:
  JsonWriter() : w_(buf_) {}

  rapidjson::Writer<rapidjson::StringBuffer>& raw() { return w_; }

  void StartObject() { w_.StartObject(); }
  void EndObject() { w_.EndObject(); }
  void StartArray() { w_.StartArray(); }
  void EndArray() { w_.EndArray(); }
  void Key(std::string_view k) { w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }

  void String(std::string_view v) {
    w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  }
  void Int(int64_t v) { w_.Int64(v); }
  void Double(double v) { w_.Double(v); }
  void Bool(bool v) { w_.Bool(v); }
  void Null() { w_.Null(); }
  // Copies an already-serialized JSON value (e.g. a stored metadata document).
  void RawJson(std::string_view json);

  // key: value, with null for an absent optional.
  void Field(std::string_view k, std::string_view v) {
    Key(k);
    String(v);
  }
  void Field(std::string_view k, const char* v) {
    Key(k);
    String(v);
  }
  void Field(std::string_view k, const std::string& v) {
    Key(k);
    String(v);
  }
  void Field(std::string_view k, const std::optional<std::string>& v);
  void Field(std::string_view k, int64_t v) {
    Key(k);
    Int(v);
  }
  void Field(std::string_view k, int v) {
    Key(k);
    Int(v);
  }
  void Field(std::string_view k, const std::optional<int64_t>& v);
  void Field(std::string_view k, bool v) {
    Key(k);
    Bool(v);
  }
  // key: "2023-11-07T05:31:56Z" (or null).
  void TimeField(std::string_view k, const std::optional<int64_t>& unix_seconds);

  std::string Take() { return std::string(buf_.GetString(), buf_.GetSize()); }

 private:
  rapidjson::StringBuffer buf_;
  rapidjson::Writer<rapidjson::StringBuffer> w_;
};

}  // namespace sb
