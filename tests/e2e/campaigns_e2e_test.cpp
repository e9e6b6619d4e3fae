// /api/v1/campaigns end to end.
#include <gtest/gtest.h>

#include "e2e/pool_e2e_helpers.hpp"
#include "e2e/server_test_fixture.hpp"
#include "e2e/test_server.hpp"

namespace sb::testing {
namespace {

using V = std::vector<std::string>;

class CampaignsE2E : public ServerTest {
 protected:
  std::string MakeAgent(const std::string& token, const std::string& name) {
    auto res = server_.Post("/api/v1/agents", R"({"name":")" + name + R"("})", token);
    EXPECT_EQ(res.status, 201) << res.body;
    return res.status == 201 ? res.data()["uuid"].GetString() : "";
  }

  std::string MakeCampaign(const std::string& name, const std::string& extra = "") {
    auto res = server_.Post("/api/v1/campaigns",
                            R"({"name":")" + name + "\"" + (extra.empty() ? "" : ",") + extra + "}",
                            token_);
    EXPECT_EQ(res.status, 201) << res.body;
    return res.status == 201 ? res.data()["uuid"].GetString() : "";
  }

  HttpResult Attach(const std::string& campaign, const V& pools, const std::string& token = "") {
    return server_.Post("/api/v1/campaigns/" + campaign + "/pools",
                        R"({"pool_uuids":)" + JsonArray(pools) + "}",
                        token.empty() ? token_ : token);
  }
};

SB_INSTANTIATE_ENGINES(CampaignsE2E);

TEST_P(CampaignsE2E, CreateAppliesDefaults) {
  auto res = server_.Post("/api/v1/campaigns", R"({"name":"Spring","uuid":"x"})", token_);
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_STREQ(res.json["message"].GetString(), "Campaign created successfully");
  std::string uuid = res.data()["uuid"].GetString();
  EXPECT_EQ(ToJson(res.data()),
            R"({"uuid":")" + uuid +
                R"(","name":"Spring","status":"Draft","agent_uuid":null,"rule_uuid":null,)"
                R"("pools":[],"contacts_count":0,)"
                R"("created_at":"2024-03-01T12:00:00Z",)"
                R"("updated_at":"2024-03-01T12:00:00Z"})");
  std::string agent = MakeAgent(token_, "Ava");
  auto full =
      server_.Post("/api/v1/campaigns",
                   R"({"name":"S","status":"Active","agent_uuid":")" + agent + R"("})", token_);
  ASSERT_EQ(full.status, 201) << full.body;
  EXPECT_STREQ(full.data()["status"].GetString(), "Active");
  EXPECT_STREQ(full.data()["agent_uuid"].GetString(), agent.c_str());
}

TEST_P(CampaignsE2E, Validation) {
  std::string theirs = MakeAgent(server_.CreateToken("Globex", "ops@globex.example"), "Theirs");
  const std::string n256(256, 'n');
  const struct {
    std::string body;
    const char* field;
  } cases[] = {
      {"{}", "name"},
      {R"({"name":""})", "name"},
      {R"({"name":")" + n256 + R"("})", "name"},
      {R"({"name":"S","status":"Running"})", "status"},
      {R"({"name":"S","status":"draft"})", "status"},
      {R"({"name":"S","agent_uuid":"nope"})", "agent_uuid"},
      {R"({"name":"S","agent_uuid":"00000000-0000-7000-8000-0000000000aa"})", "agent_uuid"},
      {R"({"name":"S","agent_uuid":")" + theirs + R"("})", "agent_uuid"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body.substr(0, 80));
    ExpectError(server_.Post("/api/v1/campaigns", c.body, token_), 422, "VALIDATION_ERROR",
                c.field);
  }
  EXPECT_EQ(server_.Get("/api/v1/campaigns", token_).data()["total"].GetInt(), 0);
}

TEST_P(CampaignsE2E, GetUpdateDelete) {
  std::string agent = MakeAgent(token_, "Ava");
  std::string uuid = MakeCampaign("Spring", R"("agent_uuid":")" + agent + "\"");
  const std::string path = "/api/v1/campaigns/" + uuid;
  auto got = server_.Get(path, token_);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_STREQ(got.json["message"].GetString(), "Campaign retrieved successfully");
  EXPECT_STREQ(got.data()["agent_uuid"].GetString(), agent.c_str());

  ASSERT_EQ(server_.Put(path, R"({"status":"Active"})", token_).status, 200);
  server_.clock().Advance(30);
  auto updated = server_.Put(path, R"({"status":"Paused"})", token_);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_STREQ(updated.json["message"].GetString(), "Campaign updated successfully");
  EXPECT_STREQ(updated.data()["name"].GetString(), "Spring");
  EXPECT_STREQ(updated.data()["status"].GetString(), "Paused");
  EXPECT_STREQ(updated.data()["agent_uuid"].GetString(), agent.c_str());
  EXPECT_STREQ(updated.data()["updated_at"].GetString(), "2024-03-01T12:00:30Z");

  auto cleared = server_.Put(path, R"({"name":"Summer","agent_uuid":null})", token_);
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_STREQ(cleared.data()["name"].GetString(), "Summer");
  EXPECT_TRUE(cleared.data()["agent_uuid"].IsNull());

  for (const char* body : {R"({"name":null})", R"({"name":""})"}) {
    ExpectError(server_.Put(path, body, token_), 422, "VALIDATION_ERROR", "name");
  }
  ExpectError(server_.Put(path, R"({"status":null})", token_), 422, "VALIDATION_ERROR", "status");
  ExpectError(server_.Put(path, R"({"agent_uuid":"00000000-0000-7000-8000-0000000000aa"})", token_),
              422, "VALIDATION_ERROR", "agent_uuid");

  auto deleted = server_.Delete(path, token_);
  ASSERT_EQ(deleted.status, 200);
  EXPECT_STREQ(deleted.json["message"].GetString(), "Campaign deleted successfully");
  ExpectError(server_.Get(path, token_), 404, "NOT_FOUND");
  ExpectError(server_.Put(path, "{}", token_), 404, "NOT_FOUND");
  ExpectError(server_.Delete(path, token_), 404, "NOT_FOUND");
}

// Manual status changes follow the lifecycle; a refused one is a 409 naming
// status with the current status in the message, and changes nothing.
TEST_P(CampaignsE2E, StatusLifecycle) {
  const struct {
    std::vector<const char*> path;  // statuses reached in order from Draft
    const char* refused;            // then refused
  } cases[] = {
      {{}, "Paused"},
      {{"Active", "Paused", "Active"}, "Draft"},
      {{"Active", "Completed"}, "Active"},
      {{"Completed"}, "Paused"},
      {{"Paused"}, nullptr},  // Draft -> Paused is refused at once
      {{"Active", "Paused", "Completed", "Archived"}, "Active"},
      {{"Archived"}, "Draft"},
      {{"Active", "Archived"}, "Completed"},
  };
  for (const auto& c : cases) {
    const std::string uuid = MakeCampaign("Lifecycle");
    const std::string path = "/api/v1/campaigns/" + uuid;
    std::string current = "Draft";
    bool patch = false;
    for (const char* status : c.path) {
      SCOPED_TRACE(current + " -> " + status);
      const std::string body = std::string(R"({"status":")") + status + R"("})";
      auto res = patch ? server_.Patch(path, body, token_) : server_.Put(path, body, token_);
      patch = !patch;
      if (current == "Draft" && std::string(status) == "Paused") {
        ExpectError(res, 409, "CONFLICT", "status");
        EXPECT_NE(res.body.find("its status is Draft"), std::string::npos) << res.body;
        break;
      }
      ASSERT_EQ(res.status, 200) << res.body;
      EXPECT_STREQ(res.data()["status"].GetString(), status);
      current = status;
    }
    if (!c.refused) continue;
    SCOPED_TRACE(current + " -> " + c.refused);
    auto refused =
        server_.Put(path, std::string(R"({"status":")") + c.refused + R"(","name":"New"})", token_);
    ExpectError(refused, 409, "CONFLICT", "status");
    EXPECT_NE(refused.body.find("its status is " + current), std::string::npos) << refused.body;
    auto after = server_.Get(path, token_);
    EXPECT_STREQ(after.data()["status"].GetString(), current.c_str());
    EXPECT_STREQ(after.data()["name"].GetString(), "Lifecycle");
    // Staying in the same status is always accepted.
    EXPECT_EQ(server_.Put(path, R"({"status":")" + current + R"("})", token_).status, 200);
  }
}

TEST_P(CampaignsE2E, ListPaginatesAndFilters) {
  V names;
  for (int i = 1; i <= 16; ++i) {
    std::string name = "C" + std::to_string(100 + i);
    MakeCampaign(name, i % 4 == 0 ? R"("status":"Active")" : "");
    names.insert(names.begin(), name);
  }
  auto first = server_.Get("/api/v1/campaigns", token_);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_STREQ(first.json["message"].GetString(), "Campaigns retrieved successfully");
  ExpectShortPage(first.data(), 1, 2, 15, 16);
  EXPECT_EQ(Strings(first.data()["data"], "name"), V(names.begin(), names.begin() + 15));
  auto second = server_.Get("/api/v1/campaigns?page=2", token_);
  EXPECT_EQ(Strings(second.data()["data"], "name"), V{"C101"});
  auto active = server_.Get("/api/v1/campaigns?status=Active", token_);
  EXPECT_EQ(Strings(active.data()["data"], "name"), (V{"C116", "C112", "C108", "C104"}));
  EXPECT_EQ(active.data()["total"].GetInt(), 4);
  EXPECT_EQ(server_.Get("/api/v1/campaigns?status=Archived", token_).data()["total"].GetInt(), 0);
  ExpectError(server_.Get("/api/v1/campaigns?status=active", token_), 422, "VALIDATION_ERROR",
              "status");
  ExpectError(server_.Get("/api/v1/campaigns?per_page=101", token_), 422, "VALIDATION_ERROR",
              "per_page");
}

TEST_P(CampaignsE2E, AttachAndDetachPools) {
  std::string campaign = MakeCampaign("Spring");
  std::string one = MakePool(server_, token_, "One");
  std::string two = MakePool(server_, token_, "Two");
  std::string theirs = MakePool(server_, server_.CreateToken("Globex", "o@globex.example"), "Xyz");
  std::string ann = MakeContact(server_, token_, "Ann", "+14155550101");
  std::string bob = MakeContact(server_, token_, "Bob", "+14155550102");
  for (const auto& [pool, contacts] : {std::pair{one, V{ann}}, std::pair{two, V{ann, bob}}}) {
    ASSERT_EQ(server_
                  .Post("/api/v1/pools/" + pool + "/contacts",
                        R"({"contact_uuids":)" + JsonArray(contacts) + "}", token_)
                  .status,
              200);
  }
  auto attached = Attach(campaign, {two, theirs});
  ASSERT_EQ(attached.status, 200) << attached.body;
  EXPECT_STREQ(attached.json["message"].GetString(), "Pools attached to campaign successfully");
  EXPECT_EQ(ToJson(attached.data()), R"({"campaign_uuid":")" + campaign +
                                         R"(","pools_attached":1,"pools_already_attached":0,)"
                                         R"("pool_uuids_not_found":[")" +
                                         theirs + R"("]})");
  server_.clock().Advance(5);
  auto again = Attach(campaign, {one, two});
  EXPECT_EQ(again.data()["pools_attached"].GetInt(), 1);
  EXPECT_EQ(again.data()["pools_already_attached"].GetInt(), 1);
  EXPECT_EQ(again.data()["pool_uuids_not_found"].Size(), 0u);

  auto got = server_.Get("/api/v1/campaigns/" + campaign, token_);
  EXPECT_EQ(ToJson(got.data()["pools"]),
            R"([{"uuid":")" + two + R"(","name":"Two"},{"uuid":")" + one + R"(","name":"One"}])");
  EXPECT_EQ(got.data()["contacts_count"].GetInt(), 2);

  const std::string detach = "/api/v1/campaigns/" + campaign + "/pools/" + two;
  auto detached = server_.Delete(detach, token_);
  ASSERT_EQ(detached.status, 200) << detached.body;
  EXPECT_STREQ(detached.json["message"].GetString(), "Pool detached from campaign successfully");
  ExpectError(server_.Delete(detach, token_), 404, "NOT_FOUND");
  auto after = server_.Get("/api/v1/campaigns/" + campaign, token_);
  EXPECT_EQ(Strings(after.data()["pools"], "uuid"), V{one});
  EXPECT_EQ(after.data()["contacts_count"].GetInt(), 1);

  for (const char* body : {"{}", R"({"pool_uuids":[]})", R"({"pool_uuids":["x"]})"}) {
    SCOPED_TRACE(body);
    auto res = server_.Post("/api/v1/campaigns/" + campaign + "/pools", body, token_);
    ExpectError(res, 422, "VALIDATION_ERROR");
    EXPECT_EQ(std::string(res.json["error"]["field"].GetString()).rfind("pool_uuids", 0), 0u);
  }
  const std::string unknown = "00000000-0000-7000-8000-0000000000ff";
  ExpectError(Attach(unknown, {one}), 404, "NOT_FOUND");
  ExpectError(server_.Delete("/api/v1/campaigns/" + unknown + "/pools/" + one, token_), 404,
              "NOT_FOUND");
}

TEST_P(CampaignsE2E, RequiresAuth) {
  std::string campaign = MakeCampaign("Spring");
  const std::string path = "/api/v1/campaigns/" + campaign;
  ExpectError(server_.Get("/api/v1/campaigns"), 401, "MISSING_AUTH_TOKEN");
  ExpectError(server_.Post("/api/v1/campaigns", R"({"name":"S"})"), 401, "MISSING_AUTH_TOKEN");
  ExpectError(server_.Get(path), 401, "MISSING_AUTH_TOKEN");
  ExpectError(server_.Put(path, "{}"), 401, "MISSING_AUTH_TOKEN");
  ExpectError(server_.Delete(path), 401, "MISSING_AUTH_TOKEN");
  ExpectError(server_.Post(path + "/pools", "{}"), 401, "MISSING_AUTH_TOKEN");
  ExpectError(server_.Delete(path + "/pools/" + campaign), 401, "MISSING_AUTH_TOKEN");
  ExpectError(server_.Get(path, "sb_wrong"), 401, "INVALID_AUTH_TOKEN");
}

TEST_P(CampaignsE2E, AnotherOrganizationSeesNothing) {
  std::string campaign = MakeCampaign("Spring");
  std::string pool = MakePool(server_, token_, "One");
  ASSERT_EQ(Attach(campaign, {pool}).status, 200);
  std::string globex = server_.CreateToken("Globex", "ops@globex.example");
  const std::string path = "/api/v1/campaigns/" + campaign;
  auto list = server_.Get("/api/v1/campaigns", globex);
  EXPECT_EQ(list.data()["total"].GetInt(), 0);
  EXPECT_EQ(list.data()["data"].Size(), 0u);
  ExpectError(server_.Get(path, globex), 404, "NOT_FOUND");
  ExpectError(server_.Put(path, R"({"name":"Mine"})", globex), 404, "NOT_FOUND");
  ExpectError(Attach(campaign, {pool}, globex), 404, "NOT_FOUND");
  ExpectError(server_.Delete(path + "/pools/" + pool, globex), 404, "NOT_FOUND");
  ExpectError(server_.Delete(path, globex), 404, "NOT_FOUND");
  // Their own campaign cannot take our pool.
  auto theirs = server_.Post("/api/v1/campaigns", R"({"name":"Theirs"})", globex);
  std::string their_campaign = theirs.data()["uuid"].GetString();
  auto attach = Attach(their_campaign, {pool}, globex);
  EXPECT_EQ(attach.data()["pools_attached"].GetInt(), 0);
  EXPECT_EQ(Strings(attach.data()["pool_uuids_not_found"]), V{pool});
  auto ours = server_.Get(path, token_);
  ASSERT_EQ(ours.status, 200);
  EXPECT_EQ(Strings(ours.data()["pools"], "uuid"), V{pool});
}

}  // namespace
}  // namespace sb::testing
