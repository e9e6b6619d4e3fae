// /api/v1/pipelines end to end.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

std::vector<std::string> StageNames(const rapidjson::Value& pipeline) {
  std::vector<std::string> out;
  for (const auto& s : pipeline["stages"].GetArray()) out.push_back(s["name"].GetString());
  return out;
}

class PipelinesE2E : public ::sb::testing::EngineTest {};
SB_INSTANTIATE_ENGINES(PipelinesE2E);

TEST_P(PipelinesE2E, CreateReturnsTheFullObject) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  auto res = server.Post("/api/v1/pipelines",
                         R"({"name":"Sales","stages":[{"name":"Lead"},{"name":"Won"}],
                             "uuid":"ignored","created_at":"ignored"})",
                         token);
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_TRUE(res.json["success"].GetBool());
  EXPECT_STREQ(res.json["message"].GetString(), "Pipeline created successfully");
  const auto& p = res.data();
  EXPECT_EQ(p["uuid"].GetStringLength(), 36u);
  EXPECT_STREQ(p["name"].GetString(), "Sales");
  ASSERT_EQ(p["stages"].Size(), 2u);
  EXPECT_STREQ(p["stages"][0]["name"].GetString(), "Lead");
  EXPECT_EQ(p["stages"][0]["position"].GetInt(), 1);
  EXPECT_EQ(p["stages"][0]["uuid"].GetStringLength(), 36u);
  EXPECT_STREQ(p["stages"][1]["name"].GetString(), "Won");
  EXPECT_EQ(p["stages"][1]["position"].GetInt(), 2);
  EXPECT_STREQ(p["created_at"].GetString(), "2024-03-01T12:00:00Z");
  EXPECT_STREQ(p["updated_at"].GetString(), "2024-03-01T12:00:00Z");
  EXPECT_EQ(p.MemberCount(), 5u);

  auto got = server.Get("/api/v1/pipelines/" + std::string(p["uuid"].GetString()), token);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(ToJson(got.data()), ToJson(p));
}

// The pipeline's keys and its stages' keys, in this order (a stage's times
// are kept but not shown).
TEST_P(PipelinesE2E, JsonKeepsItsKeyOrder) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  auto res =
      server.Post("/api/v1/pipelines", R"({"name":"Sales","stages":[{"name":"Lead"}]})", token);
  ASSERT_EQ(res.status, 201) << res.body;
  auto keys = [](const rapidjson::Value& object) {
    std::vector<std::string> out;
    for (const auto& m : object.GetObject()) out.emplace_back(m.name.GetString());
    return out;
  };
  const std::vector<std::string> pipeline = {"uuid", "name", "stages", "created_at", "updated_at"};
  const std::vector<std::string> stage = {"uuid", "name", "position"};
  EXPECT_EQ(keys(res.data()), pipeline);
  EXPECT_EQ(keys(res.data()["stages"][0]), stage);
  auto list = server.Get("/api/v1/pipelines", token);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.data().Size(), 1u);
  EXPECT_EQ(keys(list.data()[0]), pipeline);
  EXPECT_EQ(keys(list.data()[0]["stages"][0]), stage);
}

TEST_P(PipelinesE2E, ListIsAllPipelinesByName) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  EXPECT_EQ(server.Get("/api/v1/pipelines", token).data().Size(), 0u);
  server.Post("/api/v1/pipelines", R"({"name":"Support","stages":[{"name":"Open"}]})", token);
  server.Post("/api/v1/pipelines", R"({"name":"Onboarding","stages":[{"name":"A"},{"name":"B"}]})",
              token);
  auto list = server.Get("/api/v1/pipelines", token);
  ASSERT_EQ(list.status, 200);
  ASSERT_TRUE(list.data().IsArray());
  ASSERT_EQ(list.data().Size(), 2u);
  EXPECT_STREQ(list.data()[0]["name"].GetString(), "Onboarding");
  EXPECT_EQ(StageNames(list.data()[0]), (std::vector<std::string>{"A", "B"}));
  EXPECT_STREQ(list.data()[1]["name"].GetString(), "Support");
}

TEST_P(PipelinesE2E, PatchReplacesStagesKeepingMatchedUuids) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  auto created = server.Post(
      "/api/v1/pipelines",
      R"({"name":"Sales","stages":[{"name":"Lead"},{"name":"Call"},{"name":"Won"}]})", token);
  std::string uuid = created.data()["uuid"].GetString();
  std::string lead = created.data()["stages"][0]["uuid"].GetString();
  std::string won = created.data()["stages"][2]["uuid"].GetString();

  server.clock().Advance(3600);
  auto res =
      server.Patch("/api/v1/pipelines/" + uuid,
                   R"({"stages":[{"uuid":")" + won + R"(","name":"Closed"},{"name":"Demo"},)" +
                       R"({"uuid":")" + lead + R"(","name":"Lead"}]})",
                   token);
  ASSERT_EQ(res.status, 200) << res.body;
  const auto& p = res.data();
  EXPECT_STREQ(p["name"].GetString(), "Sales");
  EXPECT_EQ(StageNames(p), (std::vector<std::string>{"Closed", "Demo", "Lead"}));
  EXPECT_EQ(p["stages"][0]["uuid"].GetString(), won);
  EXPECT_EQ(p["stages"][2]["uuid"].GetString(), lead);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(p["stages"][i]["position"].GetInt(), i + 1);
  EXPECT_STREQ(p["created_at"].GetString(), "2024-03-01T12:00:00Z");
  EXPECT_STREQ(p["updated_at"].GetString(), "2024-03-01T13:00:00Z");

  auto renamed = server.Patch("/api/v1/pipelines/" + uuid, R"({"name":"Deals"})", token);
  ASSERT_EQ(renamed.status, 200);
  EXPECT_STREQ(renamed.data()["name"].GetString(), "Deals");
  EXPECT_EQ(StageNames(renamed.data()), (std::vector<std::string>{"Closed", "Demo", "Lead"}));
}

TEST_P(PipelinesE2E, DeleteRemovesThePipeline) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  auto created = server.Post("/api/v1/pipelines", R"({"name":"S","stages":[{"name":"A"}]})", token);
  std::string uuid = created.data()["uuid"].GetString();
  auto del = server.Delete("/api/v1/pipelines/" + uuid, token);
  ASSERT_EQ(del.status, 200);
  EXPECT_TRUE(del.json["data"].IsNull());
  EXPECT_EQ(server.Get("/api/v1/pipelines/" + uuid, token).status, 404);
  EXPECT_EQ(server.Delete("/api/v1/pipelines/" + uuid, token).status, 404);
  EXPECT_EQ(server.Get("/api/v1/pipelines", token).data().Size(), 0u);
}

TEST_P(PipelinesE2E, ValidationNamesTheField) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  auto created = server.Post("/api/v1/pipelines", R"({"name":"S","stages":[{"name":"A"}]})", token);
  std::string uuid = created.data()["uuid"].GetString();
  std::string other =
      server.Post("/api/v1/pipelines", R"({"name":"T","stages":[{"name":"B"}]})", token)
          .data()["stages"][0]["uuid"]
          .GetString();
  struct Case {
    const char* method;
    std::string body;
    const char* field;
  };
  const std::string long_name(256, 'x');
  const std::string long_stage(101, 'x');
  const std::vector<Case> cases = {
      {"POST", R"({"stages":[{"name":"A"}]})", "name"},
      {"POST", R"({"name":"","stages":[{"name":"A"}]})", "name"},
      {"POST", R"({"name":")" + long_name + R"(","stages":[{"name":"A"}]})", "name"},
      {"POST", R"({"name":"S"})", "stages"},
      {"POST", R"({"name":"S","stages":[]})", "stages"},
      {"POST", R"({"name":"S","stages":"A"})", "stages"},
      {"POST", R"({"name":"S","stages":["A"]})", "stages.0"},
      {"POST", R"({"name":"S","stages":[{"name":""}]})", "stages.0.name"},
      {"POST", R"({"name":"S","stages":[{"name":")" + long_stage + R"("}]})", "stages.0.name"},
      {"POST", R"({"name":"S","stages":[{"name":"A"},{"name":"A"}]})", "stages.1.name"},
      {"PATCH", R"({"name":""})", "name"},
      {"PATCH", R"({"stages":[]})", "stages"},
      {"PATCH", R"({"stages":[{"uuid":"nope","name":"A"}]})", "stages.0.uuid"},
      {"PATCH", R"({"stages":[{"name":"A"},{"uuid":")" + other + R"(","name":"B"}]})",
       "stages.1.uuid"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.method) + " " + c.body);
    std::string path =
        std::string(c.method) == "POST" ? "/api/v1/pipelines" : "/api/v1/pipelines/" + uuid;
    auto res = server.Send(c.method, path, c.body, {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(res.status, 422) << res.body;
    EXPECT_FALSE(res.json["success"].GetBool());
    EXPECT_STREQ(res.json["error"]["code"].GetString(), "VALIDATION_ERROR");
    EXPECT_STREQ(res.json["error"]["field"].GetString(), c.field);
  }
  // Nothing was half-written.
  auto again = server.Get("/api/v1/pipelines/" + uuid, token);
  EXPECT_STREQ(again.data()["name"].GetString(), "S");
  EXPECT_EQ(StageNames(again.data()), (std::vector<std::string>{"A"}));
}

TEST_P(PipelinesE2E, AuthAndTenantIsolation) {
  TestServer server;
  std::string acme = server.CreateToken("Acme");
  std::string globex = server.CreateToken("Globex");
  auto created = server.Post("/api/v1/pipelines", R"({"name":"S","stages":[{"name":"A"}]})", acme);
  std::string uuid = created.data()["uuid"].GetString();

  auto unauth = server.Get("/api/v1/pipelines");
  ASSERT_EQ(unauth.status, 401);
  EXPECT_STREQ(unauth.json["error"]["code"].GetString(), "MISSING_AUTH_TOKEN");
  EXPECT_EQ(server.Post("/api/v1/pipelines", "{}", "").status, 401);

  EXPECT_EQ(server.Get("/api/v1/pipelines", globex).data().Size(), 0u);
  auto not_found = server.Get("/api/v1/pipelines/" + uuid, globex);
  ASSERT_EQ(not_found.status, 404);
  EXPECT_STREQ(not_found.json["error"]["code"].GetString(), "NOT_FOUND");
  EXPECT_EQ(server.Patch("/api/v1/pipelines/" + uuid, R"({"name":"X"})", globex).status, 404);
  EXPECT_EQ(server.Delete("/api/v1/pipelines/" + uuid, globex).status, 404);
  EXPECT_STREQ(server.Get("/api/v1/pipelines/" + uuid, acme).data()["name"].GetString(), "S");
}

}  // namespace
}  // namespace sb::testing
