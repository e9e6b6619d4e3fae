#include "api/json_writer.hpp"

#include <cctype>

namespace sb::api {

ApiResponse Envelope(std::string_view message, const std::function<void(JsonWriter&)>& write_data,
                     int status) {
  JsonWriter w;
  w.StartObject();
  w.Field("success", true);
  w.Field("message", message);
  w.Key("data");
  write_data(w);
  w.EndObject();
  return ApiResponse{status, "application/json", w.Take()};
}

ApiResponse EmptyEnvelope(std::string_view message, int status) {
  return Envelope(
      message, [](JsonWriter& w) { w.Null(); }, status);
}

namespace {

std::string PercentEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

// The list URL for `page`, keeping every other query parameter the client sent
// so following next_page_url keeps the same filters.
std::string PageUrl(const ApiRequest& req, int64_t page) {
  std::string url = req.base_url + req.path + "?";
  for (const auto& [k, v] : req.query) {
    if (k == "page") continue;
    url += PercentEncode(k) + "=" + PercentEncode(v) + "&";
  }
  url += "page=" + std::to_string(page);
  return url;
}

}  // namespace

void WriteLaravelPage(JsonWriter& w, const ApiRequest& req, const domain::PageInfo& page,
                      const std::function<void(JsonWriter&)>& rows) {
  w.StartObject();
  w.Field("current_page", page.current_page);
  w.Key("data");
  w.StartArray();
  rows(w);
  w.EndArray();
  w.Field("first_page_url", PageUrl(req, 1));
  w.Field("from", page.from);
  w.Field("last_page", page.last_page);
  w.Field("last_page_url", PageUrl(req, page.last_page));
  w.Key("next_page_url");
  if (page.current_page < page.last_page)
    w.String(PageUrl(req, page.current_page + 1));
  else
    w.Null();
  w.Field("path", req.base_url + req.path);
  w.Field("per_page", page.per_page);
  w.Key("prev_page_url");
  if (page.current_page > 1)
    w.String(PageUrl(req, page.current_page - 1));
  else
    w.Null();
  w.Field("to", page.to);
  w.Field("total", page.total);
  w.EndObject();
}

}  // namespace sb::api
