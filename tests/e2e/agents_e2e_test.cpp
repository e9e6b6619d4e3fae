// /api/v1/agents end to end, including channel bindings of phone numbers.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/test_server.hpp"

namespace sb::testing {
namespace {

std::string Auth(const std::string& token) { return "Bearer " + token; }

std::vector<std::string> Names(const rapidjson::Value& data) {
  std::vector<std::string> out;
  for (const auto& a : data.GetArray()) out.push_back(a["name"].GetString());
  return out;
}

TEST(AgentsE2E, CreateGetRenameDelete) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  auto created = server.Post("/api/v1/agents", R"({"name":"Ava","uuid":"ignored"})", token);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_STREQ(created.json["message"].GetString(), "Agent created successfully");
  const auto& a = created.data();
  std::string uuid = a["uuid"].GetString();
  EXPECT_EQ(uuid.size(), 36u);
  EXPECT_STREQ(a["name"].GetString(), "Ava");
  EXPECT_TRUE(a["bindings"].IsArray());
  EXPECT_EQ(a["bindings"].Size(), 0u);
  EXPECT_STREQ(a["created_at"].GetString(), "2024-03-01T12:00:00Z");
  EXPECT_STREQ(a["updated_at"].GetString(), "2024-03-01T12:00:00Z");
  EXPECT_EQ(a.MemberCount(), 5u);

  auto got = server.Get("/api/v1/agents/" + uuid, token);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(ToJson(got.data()), ToJson(a));

  server.clock().Advance(60);
  auto renamed = server.Patch("/api/v1/agents/" + uuid, R"({"name":"Bea"})", token);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_STREQ(renamed.data()["name"].GetString(), "Bea");
  EXPECT_STREQ(renamed.data()["updated_at"].GetString(), "2024-03-01T12:01:00Z");

  auto del = server.Delete("/api/v1/agents/" + uuid, token);
  ASSERT_EQ(del.status, 200);
  EXPECT_TRUE(del.data().IsNull());
  EXPECT_EQ(server.Get("/api/v1/agents/" + uuid, token).status, 404);
  EXPECT_EQ(server.Delete("/api/v1/agents/" + uuid, token).status, 404);
}

TEST(AgentsE2E, ListIsPaginatedByName) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  auto empty = server.Get("/api/v1/agents", token);
  ASSERT_EQ(empty.status, 200);
  EXPECT_EQ(ToJson(empty.data()),
            R"({"current_page":1,"last_page":1,"per_page":15,"total":0,"data":[]})");

  for (const char* n : {"Eve", "Ava", "Dan", "Bo", "Cy"}) {
    ASSERT_EQ(
        server.Post("/api/v1/agents", std::string(R"({"name":")") + n + R"("})", token).status,
        201);
  }
  struct Case {
    std::string query;
    int64_t page, last_page, per_page;
    std::vector<std::string> names;
  };
  const std::vector<Case> cases = {
      {"", 1, 1, 15, {"Ava", "Bo", "Cy", "Dan", "Eve"}},
      {"?per_page=2", 1, 3, 2, {"Ava", "Bo"}},
      {"?per_page=2&page=2", 2, 3, 2, {"Cy", "Dan"}},
      {"?per_page=2&page=3", 3, 3, 2, {"Eve"}},
      {"?per_page=2&page=4", 4, 3, 2, {}},
      {"?per_page=100", 1, 1, 100, {"Ava", "Bo", "Cy", "Dan", "Eve"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.query);
    auto res = server.Get("/api/v1/agents" + c.query, token);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(res.data()["current_page"].GetInt64(), c.page);
    EXPECT_EQ(res.data()["last_page"].GetInt64(), c.last_page);
    EXPECT_EQ(res.data()["per_page"].GetInt64(), c.per_page);
    EXPECT_EQ(res.data()["total"].GetInt64(), 5);
    EXPECT_EQ(Names(res.data()["data"]), c.names);
  }
  // The cached total follows writes.
  server.Post("/api/v1/agents", R"({"name":"Fay"})", token);
  EXPECT_EQ(server.Get("/api/v1/agents", token).data()["total"].GetInt64(), 6);

  for (const char* q : {"?per_page=101", "?per_page=0", "?page=0", "?page=x"}) {
    SCOPED_TRACE(q);
    auto bad = server.Get(std::string("/api/v1/agents") + q, token);
    ASSERT_EQ(bad.status, 422);
    EXPECT_STREQ(bad.json["error"]["field"].GetString(),
                 std::string(q).find("per_page") != std::string::npos ? "per_page" : "page");
  }
}

TEST(AgentsE2E, ValidationNamesTheField) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  std::string uuid =
      server.Post("/api/v1/agents", R"({"name":"Ava"})", token).data()["uuid"].GetString();
  const std::string long_name(256, 'x');
  for (const std::string& body :
       {std::string("{}"), std::string(R"({"name":""})"), std::string(R"({"name":5})"),
        R"({"name":")" + long_name + R"("})"}) {
    SCOPED_TRACE(body);
    for (const char* method : {"POST", "PATCH"}) {
      std::string path =
          std::string(method) == "POST" ? "/api/v1/agents" : "/api/v1/agents/" + uuid;
      auto res = server.Send(method, path, body, {{"Authorization", Auth(token)}});
      ASSERT_EQ(res.status, 422) << res.body;
      EXPECT_FALSE(res.json["success"].GetBool());
      EXPECT_STREQ(res.json["error"]["code"].GetString(), "VALIDATION_ERROR");
      EXPECT_STREQ(res.json["error"]["field"].GetString(), "name");
    }
  }
  EXPECT_STREQ(server.Get("/api/v1/agents/" + uuid, token).data()["name"].GetString(), "Ava");
}

TEST(AgentsE2E, AuthAndTenantIsolation) {
  TestServer server;
  std::string acme = server.CreateToken("Acme");
  std::string globex = server.CreateToken("Globex");
  std::string uuid =
      server.Post("/api/v1/agents", R"({"name":"Ava"})", acme).data()["uuid"].GetString();
  EXPECT_EQ(server.Get("/api/v1/agents").status, 401);
  EXPECT_EQ(server.Get("/api/v1/agents/" + uuid, "sb_wrong").status, 401);

  auto list = server.Get("/api/v1/agents", globex);
  EXPECT_EQ(list.data()["total"].GetInt64(), 0);
  EXPECT_EQ(list.data()["data"].Size(), 0u);
  auto nf = server.Get("/api/v1/agents/" + uuid, globex);
  ASSERT_EQ(nf.status, 404);
  EXPECT_STREQ(nf.json["error"]["code"].GetString(), "NOT_FOUND");
  EXPECT_EQ(server.Patch("/api/v1/agents/" + uuid, R"({"name":"X"})", globex).status, 404);
  EXPECT_EQ(server.Delete("/api/v1/agents/" + uuid, globex).status, 404);
  EXPECT_STREQ(server.Get("/api/v1/agents/" + uuid, acme).data()["name"].GetString(), "Ava");
}

}  // namespace
}  // namespace sb::testing
