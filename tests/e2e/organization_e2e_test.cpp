// /api/v1/organization end to end: the caller's organization and its legal
// calling window.
#include <gtest/gtest.h>

#include "e2e/pool_e2e_helpers.hpp"
#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

class OrganizationE2E : public ::sb::testing::EngineTest {};
SB_INSTANTIATE_ENGINES(OrganizationE2E);

TEST_P(OrganizationE2E, GetShowsTheDefaultWindow) {
  TestServer server;
  const std::string token = server.CreateToken("Acme");
  auto res = server.Get("/api/v1/organization", token);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_STREQ(res.json["message"].GetString(), "Organization retrieved successfully");
  const auto& d = res.data();
  ASSERT_TRUE(d.IsObject());
  EXPECT_EQ(d.MemberCount(), 6u);
  EXPECT_TRUE(d["uuid"].IsString());
  EXPECT_STREQ(d["name"].GetString(), "Acme");
  EXPECT_STREQ(d["legal_call_start"].GetString(), "08:00");
  EXPECT_STREQ(d["legal_call_end"].GetString(), "21:00");
  EXPECT_TRUE(d["created_at"].IsString());
  EXPECT_TRUE(d["updated_at"].IsString());
}

TEST_P(OrganizationE2E, PatchChangesTheWindow) {
  TestServer server;
  const std::string token = server.CreateToken("Acme");
  const std::string globex = server.CreateToken("Globex", "ops@globex.example");
  const std::string uuid = server.Get("/api/v1/organization", token).data()["uuid"].GetString();
  server.clock().Advance(120);
  auto both = server.Patch("/api/v1/organization",
                           R"({"legal_call_start":"09:30","legal_call_end":"20:00",)"
                           R"("name":"Ignored","uuid":"x"})",
                           token);
  ASSERT_EQ(both.status, 200) << both.body;
  EXPECT_STREQ(both.json["message"].GetString(), "Organization updated successfully");
  EXPECT_STREQ(both.data()["uuid"].GetString(), uuid.c_str());
  EXPECT_STREQ(both.data()["name"].GetString(), "Acme");
  EXPECT_STREQ(both.data()["legal_call_start"].GetString(), "09:30");
  EXPECT_STREQ(both.data()["legal_call_end"].GetString(), "20:00");
  EXPECT_STREQ(both.data()["updated_at"].GetString(), "2024-03-01T12:02:00Z");

  auto one = server.Patch("/api/v1/organization", R"({"legal_call_end":"21:30"})", token);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_STREQ(one.data()["legal_call_start"].GetString(), "09:30");
  EXPECT_STREQ(one.data()["legal_call_end"].GetString(), "21:30");
  auto nothing = server.Patch("/api/v1/organization", "{}", token);
  ASSERT_EQ(nothing.status, 200) << nothing.body;
  EXPECT_EQ(ToJson(nothing.data()), ToJson(one.data()));
  EXPECT_EQ(ToJson(server.Get("/api/v1/organization", token).data()), ToJson(one.data()));

  // Another organization keeps its own window.
  auto theirs = server.Get("/api/v1/organization", globex);
  EXPECT_STREQ(theirs.data()["name"].GetString(), "Globex");
  EXPECT_STREQ(theirs.data()["legal_call_start"].GetString(), "08:00");
  EXPECT_STREQ(theirs.data()["legal_call_end"].GetString(), "21:00");
}

TEST_P(OrganizationE2E, EveryBadFieldIsNamed) {
  TestServer server;
  const std::string token = server.CreateToken("Acme");
  const struct {
    const char* body;
    const char* field;
  } cases[] = {
      {R"({"legal_call_start":"8:00"})", "legal_call_start"},
      {R"({"legal_call_start":800})", "legal_call_start"},
      {R"({"legal_call_start":"25:00"})", "legal_call_start"},
      {R"({"legal_call_end":"21:60"})", "legal_call_end"},
      {R"({"legal_call_start":"21:00"})", "legal_call_end"},
      {R"({"legal_call_end":"07:00"})", "legal_call_end"},
      {R"({"legal_call_start":"12:00","legal_call_end":"12:00"})", "legal_call_end"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    ExpectError(server.Patch("/api/v1/organization", c.body, token), 422, "VALIDATION_ERROR",
                c.field);
  }
  auto unchanged = server.Get("/api/v1/organization", token);
  EXPECT_STREQ(unchanged.data()["legal_call_start"].GetString(), "08:00");
  EXPECT_STREQ(unchanged.data()["legal_call_end"].GetString(), "21:00");
}

}  // namespace
}  // namespace sb::testing
