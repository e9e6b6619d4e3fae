// Streaming JSON output for responses: a thin layer over RapidJSON's Writer
// with the helpers every resource needs (nullable fields, timestamps, the
// success envelope). No DOM is built per row.
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "api/request.hpp"
#include "domain/pagination.hpp"

namespace sb::api {

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

// {"success": true, "message": message, "data": <write_data>}.
ApiResponse Envelope(std::string_view message, const std::function<void(JsonWriter&)>& write_data,
                     int status = 200);

// {"success": true, "message": message, "data": null}.
ApiResponse EmptyEnvelope(std::string_view message, int status = 200);

// Writes the Laravel paginator keys around a `data` array written by `rows`
// (seed 001): current_page, data, first_page_url, from, last_page,
// last_page_url, next_page_url, path, per_page, prev_page_url, to, total.
void WriteLaravelPage(JsonWriter& w, const ApiRequest& req, const domain::PageInfo& page,
                      const std::function<void(JsonWriter&)>& rows);

}  // namespace sb::api
