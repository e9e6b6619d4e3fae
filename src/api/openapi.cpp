#include "api/openapi.hpp"

#include <string>

namespace sb::api {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A client revalidates each time (the document changes with the binary) and
// gets a 304 without the body while its copy is current.
void AddCachingHeaders(ApiResponse& response) {
  response.headers.emplace_back("ETag", std::string(OpenApiDocumentEtag()));
  response.headers.emplace_back("Cache-Control", "no-cache");
}

Result<ApiResponse> GetOpenApiDocument(const ApiRequest& req, HandlerContext& /*services*/) {
  if (EtagMatches(req.if_none_match, OpenApiDocumentEtag())) {
    ApiResponse not_modified{304, "", ""};
    AddCachingHeaders(not_modified);
    return not_modified;
  }
  ApiResponse response{200, "application/json", std::string(OpenApiDocument())};
  AddCachingHeaders(response);
  return response;
}

}  // namespace

bool EtagMatches(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    const size_t comma = if_none_match.find(',');
    std::string_view tag = Trim(if_none_match.substr(0, comma));
    if (tag == "*") return true;
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (!tag.empty() && tag == etag) return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

void RegisterOpenApiRoutes(Router& router) {
  router.Add("GET", "/openapi.json", GetOpenApiDocument, /*requires_auth=*/false).runs_inline =
      true;
}

}  // namespace sb::api
