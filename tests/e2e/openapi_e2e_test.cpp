// GET /openapi.json end to end: the embedded document, without a token, with
// an ETag a client revalidates against.
#include <gtest/gtest.h>

#include <string>

#include "api/openapi.hpp"
#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

class OpenApiE2E : public EngineTest {};
SB_INSTANTIATE_ENGINES(OpenApiE2E);

TEST_P(OpenApiE2E, ServesTheDocumentWithoutAToken) {
  TestServer server;
  auto res = server.Send("GET", "/openapi.json", "", {});
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.body, std::string(api::OpenApiDocument()));
  EXPECT_EQ(res.headers.find("Content-Type")->second, "application/json");
  ASSERT_EQ(res.headers.count("ETag"), 1u);
  EXPECT_EQ(res.headers.find("ETag")->second, std::string(api::OpenApiDocumentEtag()));
  EXPECT_EQ(res.headers.find("Cache-Control")->second, "no-cache");
  ASSERT_TRUE(res.json.IsObject());
  EXPECT_STREQ(res.json["openapi"].GetString(), "3.1.0");
  EXPECT_TRUE(res.json["paths"].HasMember("/openapi.json"));
}

TEST_P(OpenApiE2E, AnswersNotModifiedForItsEtag) {
  TestServer server;
  const std::string etag(api::OpenApiDocumentEtag());
  auto same = server.Send("GET", "/openapi.json", "", {{"If-None-Match", etag}});
  EXPECT_EQ(same.status, 304);
  EXPECT_EQ(same.body, "");
  EXPECT_EQ(same.headers.find("ETag")->second, etag);
  auto other = server.Send("GET", "/openapi.json", "", {{"If-None-Match", "\"stale\""}});
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(other.body, std::string(api::OpenApiDocument()));
}

TEST_P(OpenApiE2E, OtherMethodsAreNotAllowed) {
  TestServer server;
  auto res = server.Send("POST", "/openapi.json", "{}", {});
  EXPECT_EQ(res.status, 405) << res.body;
}

}  // namespace
}  // namespace sb::testing
