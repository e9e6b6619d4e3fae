// /api/v1/tags end to end, plus the behaviour every route shares: auth, the
// error envelope, 404/405, body limits.
#include <cctype>

#include <gtest/gtest.h>

#include "e2e/contacts_e2e_util.hpp"
#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

class TagsE2E : public ::sb::testing::EngineTest {};
SB_INSTANTIATE_ENGINES(TagsE2E);

TEST_P(TagsE2E, CreateListRenameDelete) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  auto created = server.Post("/api/v1/tags", R"({"name":"VIP"})", token);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_TRUE(created.json["success"].GetBool());
  std::string uuid = created.data()["uuid"].GetString();
  EXPECT_STREQ(created.data()["name"].GetString(), "VIP");
  EXPECT_STREQ(created.data()["created_at"].GetString(), "2024-03-01T12:00:00Z");

  auto dup = server.Post("/api/v1/tags", R"({"name":"vip"})", token);
  EXPECT_EQ(dup.status, 409) << dup.body;

  auto renamed = server.Patch("/api/v1/tags/" + uuid, R"({"name":"Gold"})", token);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_STREQ(renamed.data()["name"].GetString(), "Gold");

  auto list = server.Get("/api/v1/tags", token);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.data().Size(), 1u);
  EXPECT_STREQ(list.data()[0]["name"].GetString(), "Gold");

  EXPECT_EQ(server.Delete("/api/v1/tags/" + uuid, token).status, 200);
  EXPECT_EQ(server.Get("/api/v1/tags/" + uuid, token).status, 404);
}

TEST_P(TagsE2E, ValidationNamesTheField) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  auto res = server.Post("/api/v1/tags", R"({"name":""})", token);
  ASSERT_EQ(res.status, 422) << res.body;
  EXPECT_FALSE(res.json["success"].GetBool());
  EXPECT_STREQ(res.json["error"]["code"].GetString(), "VALIDATION_ERROR");
  EXPECT_STREQ(res.json["error"]["field"].GetString(), "name");
}

// The tag's JSON: its keys in this order, the count of its contacts beside
// its columns.
TEST_P(TagsE2E, JsonKeepsItsKeysAndCount) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  auto created = server.Post("/api/v1/tags", R"({"name":"VIP"})", token);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::vector<std::string> keys = {"uuid", "name", "contacts_count", "created_at",
                                         "updated_at"};
  EXPECT_EQ(Keys(created.data()), keys);
  EXPECT_EQ(created.data()["contacts_count"].GetInt64(), 0);
  const std::string uuid = created.data()["uuid"].GetString();
  auto contact = server.Post(
      "/api/v1/contacts",
      R"({"name":"Ann","email":"ann@example.com","tag_uuids":[")" + uuid + R"("]})", token);
  ASSERT_EQ(contact.status, 201) << contact.body;
  auto got = server.Get("/api/v1/tags/" + uuid, token);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(Keys(got.data()), keys);
  EXPECT_EQ(got.data()["contacts_count"].GetInt64(), 1);
  EXPECT_STREQ(got.data()["name"].GetString(), "VIP");
  EXPECT_STREQ(got.data()["updated_at"].GetString(), "2024-03-01T12:00:00Z");
  auto list = server.Get("/api/v1/tags", token);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.data().Size(), 1u);
  EXPECT_EQ(Keys(list.data()[0]), keys);
  EXPECT_EQ(list.data()[0]["contacts_count"].GetInt64(), 1);
}

class CommonE2E : public ::sb::testing::EngineTest {};
SB_INSTANTIATE_ENGINES(CommonE2E);

TEST_P(CommonE2E, AuthErrorsUseTheEnvelope) {
  TestServer server;
  auto missing = server.Get("/api/v1/tags");
  ASSERT_EQ(missing.status, 401);
  EXPECT_STREQ(missing.json["message"].GetString(), "Authentication required");
  EXPECT_STREQ(missing.json["error"]["code"].GetString(), "MISSING_AUTH_TOKEN");

  auto bad = server.Get("/api/v1/tags", "sb_nope");
  ASSERT_EQ(bad.status, 401);
  EXPECT_STREQ(bad.json["message"].GetString(), "Invalid authentication token");
  EXPECT_STREQ(bad.json["error"]["code"].GetString(), "INVALID_AUTH_TOKEN");

  httplib::Headers basic{{"Authorization", "Basic Zm9vOmJhcg=="}};
  EXPECT_EQ(server.Send("GET", "/api/v1/tags", "", basic).status, 401);
}

TEST_P(CommonE2E, MalformedJsonIs400AndOversizeIs413) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  auto malformed = server.Post("/api/v1/tags", R"({"name": )", token);
  ASSERT_EQ(malformed.status, 400) << malformed.body;
  EXPECT_STREQ(malformed.json["error"]["code"].GetString(), "MALFORMED_JSON");

  auto not_object = server.Post("/api/v1/tags", R"(["a"])", token);
  EXPECT_EQ(not_object.status, 400);

  std::string big = R"({"name":")" + std::string(1100000, 'x') + R"("})";
  auto too_large = server.Post("/api/v1/tags", big, token);
  ASSERT_EQ(too_large.status, 413) << too_large.body.substr(0, 200);
  EXPECT_STREQ(too_large.json["error"]["code"].GetString(), "PAYLOAD_TOO_LARGE");
}

TEST_P(CommonE2E, UnknownRouteIs404AndWrongMethodIs405) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  EXPECT_EQ(server.Get("/api/v1/nothing-here", token).status, 404);
  auto wrong = server.Send("PATCH", "/api/v1/tags", "{}", {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(wrong.status, 405);
  EXPECT_STREQ(wrong.json["error"]["code"].GetString(), "METHOD_NOT_ALLOWED");
}

TEST_P(CommonE2E, HealthNeedsNoToken) {
  TestServer server;
  auto res = server.Get("/healthz");
  EXPECT_EQ(res.status, 200);
  EXPECT_STREQ(res.json["status"].GetString(), "ok");
  auto ready = server.Get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_STREQ(ready.json["status"].GetString(), "ready");
}

TEST_P(TagsE2E, AnotherOrganizationSeesNothing) {
  TestServer server;
  std::string acme = server.CreateToken("Acme");
  std::string globex = server.CreateToken("Globex");
  auto created = server.Post("/api/v1/tags", R"({"name":"VIP"})", acme);
  std::string uuid = created.data()["uuid"].GetString();
  EXPECT_EQ(server.Get("/api/v1/tags", globex).data().Size(), 0u);
  EXPECT_EQ(server.Get("/api/v1/tags/" + uuid, globex).status, 404);
  EXPECT_EQ(server.Patch("/api/v1/tags/" + uuid, R"({"name":"X"})", globex).status, 404);
  EXPECT_EQ(server.Delete("/api/v1/tags/" + uuid, globex).status, 404);
  EXPECT_EQ(server.Get("/api/v1/tags/" + uuid, acme).status, 200);
}

}  // namespace
}  // namespace sb::testing

namespace sb::testing {
namespace {

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

TEST_P(CommonE2E, UuidsAreAcceptedInEitherCase) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  std::string tag =
      server.Post("/api/v1/tags", R"({"name":"VIP"})", token).data()["uuid"].GetString();
  auto contact = server.Post(
      "/api/v1/contacts",
      R"({"name":"Ada","phone_number":"+14155552671","tag_uuids":[")" + Upper(tag) + R"("]})",
      token);
  ASSERT_EQ(contact.status, 201) << contact.body;
  EXPECT_STREQ(contact.data()["tags"][0]["uuid"].GetString(), tag.c_str());
  EXPECT_EQ(server.Get("/api/v1/tags/" + Upper(tag), token).status, 200);
  auto list = server.Get("/api/v1/contacts?tag_uuid=" + Upper(tag), token);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.data()["total"].GetInt(), 1);
}

}  // namespace
}  // namespace sb::testing
