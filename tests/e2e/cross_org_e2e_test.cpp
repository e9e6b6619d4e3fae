// Tenant isolation over the whole route table: organization A holds one
// object of each kind; organization B's owner, using A's ids on every route
// with a `{...}` placeholder, gets 404 and an answer that names none of A's
// ids or names. Generated from RegisterAllRoutes, so a new route is covered.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "api/router.hpp"
#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

std::string Str(const rapidjson::Value& v) { return v.IsString() ? v.GetString() : ToJson(v); }

class CrossOrgE2E : public ::sb::testing::EngineTest {
 protected:
  // POSTs as A; returns data.uuid (a failure when not 2xx).
  std::string Make(const std::string& path, const std::string& body) {
    auto res = server_.Post(path, body, a_);
    EXPECT_TRUE(res.status == 201 || res.status == 200)
        << path << " " << body << " -> " << res.body;
    if (!res.json.IsObject() || !res.json.HasMember("data") || !res.data().IsObject() ||
        !res.data().HasMember("uuid")) {
      return "";
    }
    return Str(res.data()["uuid"]);
  }

  TestServer server_;
  std::string a_;
  std::string b_;
};

SB_INSTANTIATE_ENGINES(CrossOrgE2E);

TEST_P(CrossOrgE2E, AnotherOrganizationsIdsAreNotFoundOnEveryRoute) {
  a_ = server_.CreateToken("Alphacorp", "alpha-owner@alpha.test");
  b_ = server_.CreateToken("Betacorp", "beta-owner@beta.test");

  // One of each kind in A, with names B must never see.
  std::map<std::string, std::string> ids;  // the collection segment -> A's id
  ids["contacts"] =
      Make("/api/v1/contacts", R"({"name":"AlphaContact","phone_number":"+14155550101"})");
  ids["tags"] = Make("/api/v1/tags", R"({"name":"AlphaTag"})");
  ids["contacts2"] =
      Make("/api/v1/contacts", R"({"name":"AlphaOther","phone_number":"+14155550103"})");
  ids["pools"] = Make("/api/v1/pools", R"({"name":"AlphaPool","description":"AlphaPoolText"})");
  auto member = server_.Post("/api/v1/pools/" + ids["pools"] + "/contacts",
                             R"({"contact_uuids":[")" + ids["contacts"] + "\"]}", a_);
  EXPECT_LT(member.status, 300) << member.body;
  ids["webhooks"] =
      Make("/api/v1/webhooks", R"({"url":"https://hooks.example.com/alpha","events":["*"]})");
  auto phone =
      server_.Post("/api/v1/phone-numbers", R"({"type":"local","number":"+14155550177"})", a_);
  EXPECT_EQ(phone.status, 201) << phone.body;
  if (phone.status == 201) ids["phone-numbers"] = Str(phone.data()["phone_number_uuid"]);
  ids["agents"] = Make("/api/v1/agents", R"({"name":"AlphaAgent"})");
  ids["campaigns"] = Make("/api/v1/campaigns", R"({"name":"AlphaCampaign"})");
  ids["rules"] = Make("/api/v1/rules", R"({"name":"AlphaRule"})");
  ids["pipelines"] =
      Make("/api/v1/pipelines", R"({"name":"AlphaPipeline","stages":[{"name":"AlphaStage"}]})");
  ids["calls"] =
      Make("/api/v1/calls", R"({"contact_uuid":")" + ids["contacts"] + R"(","status":"busy"})");
  ids["users"] = Make("/api/v1/users", R"({"name":"AlphaUser","email":"alpha-user@alpha.test"})");
  ids["tokens"] = Make("/api/v1/tokens", R"({"name":"AlphaToken"})");
  auto import = server_.Send("POST", "/api/v1/contacts/import",
                             "name,phone_number\nAlphaImported,+14155550102\n",
                             {{"Authorization", "Bearer " + a_}, {"Content-Type", "text/csv"}});
  EXPECT_EQ(import.status, 202) << import.body;
  if (import.status == 202) ids["imports"] = Str(import.data()["uuid"]);
  auto dnc = server_.Post("/api/v1/dnc", R"({"number":"+14155550199","reason":"AlphaReason"})", a_);
  EXPECT_EQ(dnc.status, 201) << dnc.body;
  ids["dnc"] = "+14155550199";
  ids["channels"] = "call";
  for (const auto& [kind, id] : ids) ASSERT_FALSE(id.empty()) << kind;
  const std::string binding = R"({"phone_number_uuid":")" + ids["phone-numbers"] + "\"}";
  auto bound = server_.Post("/api/v1/agents/" + ids["agents"] + "/channels/call", binding, a_);
  EXPECT_LT(bound.status, 300) << bound.body;

  // Bodies that pass validation, so a refusal is the lookup's (404), not the body's.
  const std::string contact = ids["contacts"];
  const std::map<std::string, std::string> bodies = {
      {"POST /api/v1/contacts/{uuid}/merge", R"({"from_uuid":")" + ids["contacts2"] + "\"}"},
      {"POST /api/v1/campaigns/{uuid}/claim", R"({"worker_id":"w1"})"},
      {"POST /api/v1/pools/{uuid}/contacts/{contact_uuid}/events",
       R"({"type":"completed","worker_id":"w1"})"},
      {"POST /api/v1/contacts/{uuid}/tags", R"({"tag_uuids":[")" + ids["tags"] + "\"]}"},
      {"POST /api/v1/contacts/{uuid}/messages",
       R"({"channel":"sms","direction":"outbound","body":"hi","status":"sent"})"},
      {"POST /api/v1/pools/{uuid}/contacts", R"({"contact_uuids":[")" + contact + "\"]}"},
      {"PATCH /api/v1/pools/{uuid}/contacts/{contact_uuid}", R"({"status":"Skipped"})"},
      {"POST /api/v1/campaigns/{uuid}/pools", R"({"pool_uuids":[")" + ids["pools"] + "\"]}"},
      {"PUT /api/v1/campaigns/{uuid}/rule", R"({"rule_uuid":")" + ids["rules"] + "\"}"},
      {"PATCH /api/v1/webhooks/{uuid}", R"({"active":false})"},
      {"POST /api/v1/agents/{uuid}/channels/{channel}", binding},
      {"PUT /api/v1/phone-numbers/{uuid}", R"({"type":"local","number":"+14155550177"})"},
      {"PUT /api/v1/pipelines/{uuid}", R"({"name":"Mallory","stages":[{"name":"S"}]})"},
  };

  std::vector<std::string> secrets;  // what B must never see
  for (const auto& [kind, id] : ids) {
    if (kind != "channels") secrets.push_back(id);
  }
  for (const char* name :
       {"Alpha", "alpha", "14155550101", "14155550103", "14155550199", "14155550177"}) {
    secrets.emplace_back(name);
  }

  api::Router router;
  api::RegisterAllRoutes(router);
  int checked = 0;
  for (const api::Route& route : router.routes()) {
    if (route.pattern.find('{') == std::string::npos || !route.requires_auth) continue;
    // Each placeholder takes A's id of the collection named just before it.
    std::string path;
    std::string previous;
    size_t pos = 1;
    const std::string& p = route.pattern;
    while (pos <= p.size()) {
      size_t end = p.find('/', pos);
      if (end == std::string::npos) end = p.size();
      std::string segment = p.substr(pos, end - pos);
      if (!segment.empty() && segment.front() == '{') {
        ASSERT_TRUE(ids.count(previous)) << "no object of A for " << p << " after " << previous;
        segment = ids[previous];
      }
      path += "/" + segment;
      previous = segment;
      pos = end + 1;
    }
    const std::string key = route.method + " " + route.pattern;
    std::string body;
    if (route.method != "GET" && route.method != "DELETE") {
      auto it = bodies.find(key);
      body = it != bodies.end() ? it->second : R"({"name":"Mallory"})";
    }
    HttpResult res = server_.Send(route.method, path, body, {{"Authorization", "Bearer " + b_}});
    ++checked;
    EXPECT_EQ(res.status, 404) << key << " as B -> " << res.body;
    for (const std::string& secret : secrets) {
      EXPECT_EQ(res.body.find(secret), std::string::npos)
          << key << " answered B with A's " << secret << ": " << res.body;
    }
    if (route.error_style == api::ErrorStyle::kPlatform && res.json.IsObject()) {
      EXPECT_FALSE(res.json.HasMember("data")) << key << ": " << res.body;
    }
  }
  EXPECT_GT(checked, 50);

  // And A's objects are all still there, untouched.
  for (const char* kind : {"contacts", "tags", "pools", "webhooks", "phone-numbers", "agents",
                           "campaigns", "rules", "pipelines", "users", "imports"}) {
    auto res = server_.Get(std::string("/api/v1/") + kind + "/" + ids[kind], a_);
    EXPECT_EQ(res.status, 200) << kind << " -> " << res.body;
    EXPECT_EQ(res.body.find("Mallory"), std::string::npos) << kind << ": " << res.body;
  }
  auto tokens = server_.Get("/api/v1/tokens", a_);
  EXPECT_NE(tokens.body.find(ids["tokens"]), std::string::npos) << tokens.body;
  EXPECT_EQ(server_.Get("/api/v1/dnc", a_).data()["total"].GetInt(), 1);
}

}  // namespace
}  // namespace sb::testing
