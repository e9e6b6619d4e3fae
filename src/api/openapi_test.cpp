// docs/openapi.json against the router: every route the server registers is
// documented with its method, and every documented operation is a route (the
// document cannot drift from the code in either direction).
#include "api/openapi.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <set>
#include <string>

#include "api/routes.hpp"

namespace sb::api {
namespace {

// One form for path templates: every placeholder, "{uuid}" or ":uuid", is "{}".
std::string NormalPath(std::string_view path) {
  std::string out;
  size_t i = 0;
  while (i < path.size()) {
    const bool segment_start = i == 0 || path[i - 1] == '/';
    if (path[i] == '{') {
      const size_t close = path.find('}', i);
      out += "{}";
      i = close == std::string_view::npos ? path.size() : close + 1;
    } else if (path[i] == ':' && segment_start) {
      out += "{}";
      while (i < path.size() && path[i] != '/') ++i;
    } else {
      out += path[i++];
    }
  }
  return out;
}

std::set<std::string> RouterOperations() {
  Router router;
  RegisterAllRoutes(router);
  std::set<std::string> out;
  for (const Route& r : router.routes()) out.insert(r.method + " " + NormalPath(r.pattern));
  return out;
}

rapidjson::Document ParsedDocument() {
  rapidjson::Document doc;
  const std::string_view text = OpenApiDocument();
  doc.Parse(text.data(), text.size());
  return doc;
}

std::set<std::string> DocumentOperations() {
  static const std::set<std::string> kMethods = {"get",   "put",     "post", "delete",
                                                 "patch", "options", "head", "trace"};
  const rapidjson::Document doc = ParsedDocument();
  std::set<std::string> out;
  for (const auto& path : doc["paths"].GetObject()) {
    for (const auto& op : path.value.GetObject()) {
      const std::string key = op.name.GetString();
      if (kMethods.count(key) == 0) continue;  // "parameters", "summary", ...
      std::string method;
      for (char c : key) method += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out.insert(method + " " + NormalPath(path.name.GetString()));
    }
  }
  return out;
}

TEST(OpenApiDocument, IsOpenApi31Json) {
  const rapidjson::Document doc = ParsedDocument();
  ASSERT_FALSE(doc.HasParseError())
      << "docs/openapi.json is not JSON (offset " << doc.GetErrorOffset() << ")";
  ASSERT_TRUE(doc.IsObject());
  ASSERT_TRUE(doc.HasMember("openapi"));
  EXPECT_STREQ(doc["openapi"].GetString(), "3.1.0");
  ASSERT_TRUE(doc.HasMember("paths"));
  EXPECT_TRUE(doc["paths"].IsObject());
}

TEST(OpenApiDocument, NormalPathUnifiesPlaceholders) {
  EXPECT_EQ(NormalPath("/api/v1/pools/{uuid}/contacts/{contact_uuid}"),
            "/api/v1/pools/{}/contacts/{}");
  EXPECT_EQ(NormalPath("/api/v1/pools/:id/contacts/:contact"), "/api/v1/pools/{}/contacts/{}");
  EXPECT_EQ(NormalPath("/healthz"), "/healthz");
  EXPECT_NE(NormalPath("/api/v1/pools/{uuid}"), NormalPath("/api/v1/pools/{uuid}/stats"));
}

TEST(OpenApiDocument, DocumentsEveryRoute) {
  const std::set<std::string> documented = DocumentOperations();
  for (const std::string& route : RouterOperations()) {
    EXPECT_EQ(documented.count(route), 1u) << route << " is a route but not in docs/openapi.json";
  }
}

TEST(OpenApiDocument, DocumentsOnlyRoutes) {
  const std::set<std::string> routes = RouterOperations();
  for (const std::string& operation : DocumentOperations()) {
    EXPECT_EQ(routes.count(operation), 1u)
        << operation << " is in docs/openapi.json but the router has no such route";
  }
}

TEST(OpenApiDocument, UnauthenticatedRoutesNeedNoToken) {
  // A route without a token has `security: []`; every other operation
  // inherits the document's bearer requirement.
  Router router;
  RegisterAllRoutes(router);
  const rapidjson::Document doc = ParsedDocument();
  for (const Route& r : router.routes()) {
    std::string method;
    for (char c : r.method)
      method += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_TRUE(doc["paths"].HasMember(r.pattern.c_str())) << r.pattern;
    const auto& op = doc["paths"][r.pattern.c_str()][method.c_str()];
    const bool open =
        op.HasMember("security") && op["security"].IsArray() && op["security"].GetArray().Empty();
    EXPECT_EQ(open, !r.requires_auth) << r.method << " " << r.pattern;
  }
}

TEST(OpenApiDocument, EtagMatchesIfNoneMatch) {
  const std::string_view etag = OpenApiDocumentEtag();
  ASSERT_GE(etag.size(), 3u);
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  EXPECT_TRUE(EtagMatches(etag, etag));
  EXPECT_TRUE(EtagMatches("*", etag));
  EXPECT_TRUE(EtagMatches("\"old\", " + std::string(etag), etag));
  EXPECT_TRUE(EtagMatches("W/" + std::string(etag), etag));
  EXPECT_FALSE(EtagMatches("", etag));
  EXPECT_FALSE(EtagMatches("\"old\"", etag));
  EXPECT_FALSE(EtagMatches(etag.substr(1), etag));
}

}  // namespace
}  // namespace sb::api
