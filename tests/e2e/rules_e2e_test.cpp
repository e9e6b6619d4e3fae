// /api/v1/rules and PUT /api/v1/campaigns/{uuid}/rule end to end.
#include <gtest/gtest.h>

#include "e2e/pool_e2e_helpers.hpp"
#include "e2e/server_test_fixture.hpp"
#include "e2e/test_server.hpp"

namespace sb::testing {
namespace {

using V = std::vector<std::string>;

class RulesE2E : public ServerTest {
 protected:
  std::string MakeRule(const std::string& body, const std::string& token = "") {
    auto res = server_.Post("/api/v1/rules", body, token.empty() ? token_ : token);
    EXPECT_EQ(res.status, 201) << res.body;
    return res.status == 201 ? res.data()["uuid"].GetString() : "";
  }

  std::string MakeCampaign(const std::string& name) {
    auto res = server_.Post("/api/v1/campaigns", R"({"name":")" + name + R"("})", token_);
    EXPECT_EQ(res.status, 201) << res.body;
    return res.status == 201 ? res.data()["uuid"].GetString() : "";
  }

  // The field names of a 422's error.fields, in order.
  static V FieldNames(const HttpResult& res) {
    V out;
    if (!res.json.IsObject() || !res.json.HasMember("error")) return out;
    const auto& error = res.json["error"];
    if (!error.HasMember("fields")) return out;
    for (const auto& m : error["fields"].GetObject()) out.emplace_back(m.name.GetString());
    return out;
  }
};

SB_INSTANTIATE_ENGINES(RulesE2E);

TEST_P(RulesE2E, CreateAppliesDefaults) {
  auto res =
      server_.Post("/api/v1/rules", R"({"name":"Standard","uuid":"x","created_at":"y"})", token_);
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_STREQ(res.json["message"].GetString(), "Rule created successfully");
  const std::string uuid = res.data()["uuid"].GetString();
  EXPECT_EQ(ToJson(res.data()),
            R"({"uuid":")" + uuid +
                R"(","name":"Standard","type":"call","max_calls_per_day":3,)"
                R"("max_total_calls":10,"retry_interval_minutes":120,"retry_backoff":1.0,)"
                R"("start_time":"09:00","end_time":"18:00",)"
                R"("days_of_week":["mon","tue","wed","thu","fri","sat","sun"],)"
                R"("dnc_check":true,"remove_on_opt_out":true,)"
                R"("created_at":"2024-03-01T12:00:00Z","updated_at":"2024-03-01T12:00:00Z"})");
  auto got = server_.Get("/api/v1/rules/" + uuid, token_);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_STREQ(got.json["message"].GetString(), "Rule retrieved successfully");
  EXPECT_EQ(ToJson(got.data()), ToJson(res.data()));
}

TEST_P(RulesE2E, CreateTakesEveryField) {
  auto res = server_.Post("/api/v1/rules",
                          R"({"name":"Weekend texts","type":"text","max_calls_per_day":1,)"
                          R"("max_total_calls":1000,"retry_interval_minutes":10080,)"
                          R"("retry_backoff":2.5,"start_time":"10:30","end_time":"24:00",)"
                          R"("days_of_week":["Sunday","sat","sat"],"dnc_check":false,)"
                          R"("remove_on_opt_out":false})",
                          token_);
  ASSERT_EQ(res.status, 201) << res.body;
  const auto& d = res.data();
  EXPECT_STREQ(d["type"].GetString(), "text");
  EXPECT_EQ(d["max_calls_per_day"].GetInt(), 1);
  EXPECT_EQ(d["max_total_calls"].GetInt(), 1000);
  EXPECT_EQ(d["retry_interval_minutes"].GetInt(), 10080);
  EXPECT_EQ(d["retry_backoff"].GetDouble(), 2.5);
  EXPECT_STREQ(d["start_time"].GetString(), "10:30");
  EXPECT_STREQ(d["end_time"].GetString(), "24:00");
  EXPECT_EQ(Strings(d["days_of_week"]), (V{"sat", "sun"}));
  EXPECT_FALSE(d["dnc_check"].GetBool());
  EXPECT_FALSE(d["remove_on_opt_out"].GetBool());
}

TEST_P(RulesE2E, EveryBadFieldIsNamed) {
  const std::string n256(256, 'n');
  const struct {
    std::string body;
    const char* field;
  } cases[] = {
      {"{}", "name"},
      {R"({"name":""})", "name"},
      {R"({"name":")" + n256 + R"("})", "name"},
      {R"({"name":5})", "name"},
      {R"({"name":"R","type":"email"})", "type"},
      {R"({"name":"R","type":1})", "type"},
      {R"({"name":"R","max_calls_per_day":0})", "max_calls_per_day"},
      {R"({"name":"R","max_calls_per_day":101})", "max_calls_per_day"},
      {R"({"name":"R","max_calls_per_day":"3"})", "max_calls_per_day"},
      {R"({"name":"R","max_total_calls":0})", "max_total_calls"},
      {R"({"name":"R","max_total_calls":1001})", "max_total_calls"},
      {R"({"name":"R","retry_interval_minutes":0})", "retry_interval_minutes"},
      {R"({"name":"R","retry_interval_minutes":10081})", "retry_interval_minutes"},
      {R"({"name":"R","retry_backoff":0.5})", "retry_backoff"},
      {R"({"name":"R","retry_backoff":10.5})", "retry_backoff"},
      {R"({"name":"R","retry_backoff":"2"})", "retry_backoff"},
      {R"({"name":"R","start_time":"9:00"})", "start_time"},
      {R"({"name":"R","start_time":"24:01"})", "start_time"},
      {R"({"name":"R","end_time":"18:5"})", "end_time"},
      {R"({"name":"R","start_time":"18:00"})", "end_time"},
      {R"({"name":"R","start_time":"12:00","end_time":"08:00"})", "end_time"},
      {R"({"name":"R","days_of_week":[]})", "days_of_week"},
      {R"({"name":"R","days_of_week":["mon","funday"]})", "days_of_week"},
      {R"({"name":"R","days_of_week":"mon"})", "days_of_week"},
      {R"({"name":"R","days_of_week":[1]})", "days_of_week.0"},
      {R"({"name":"R","dnc_check":"yes"})", "dnc_check"},
      {R"({"name":"R","remove_on_opt_out":1})", "remove_on_opt_out"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body.substr(0, 80));
    ExpectError(server_.Post("/api/v1/rules", c.body, token_), 422, "VALIDATION_ERROR", c.field);
  }
  // One 422 names every bad field, wrong types and wrong values alike.
  auto all = server_.Post("/api/v1/rules",
                          R"({"type":"fax","max_calls_per_day":"x","max_total_calls":0,)"
                          R"("retry_backoff":11,"start_time":"late","days_of_week":["x"]})",
                          token_);
  ExpectError(all, 422, "VALIDATION_ERROR", "name");
  EXPECT_EQ(FieldNames(all), (V{"name", "max_calls_per_day", "type", "max_total_calls",
                                "retry_backoff", "start_time", "days_of_week"}));
  EXPECT_EQ(server_.Get("/api/v1/rules", token_).data()["total"].GetInt(), 0);
}

TEST_P(RulesE2E, ListPaginatesNewestFirstAndTotalsFollowWrites) {
  V names;
  for (int i = 1; i <= 16; ++i) {
    const std::string name = "R" + std::to_string(100 + i);
    MakeRule(R"({"name":")" + name + R"("})");
    names.insert(names.begin(), name);
  }
  auto first = server_.Get("/api/v1/rules", token_);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_STREQ(first.json["message"].GetString(), "Rules retrieved successfully");
  ExpectShortPage(first.data(), 1, 2, 15, 16);
  EXPECT_EQ(Strings(first.data()["data"], "name"), V(names.begin(), names.begin() + 15));
  auto second = server_.Get("/api/v1/rules?page=2&per_page=10", token_);
  EXPECT_EQ(Strings(second.data()["data"], "name"), V(names.begin() + 10, names.end()));
  ExpectError(server_.Get("/api/v1/rules?per_page=101", token_), 422, "VALIDATION_ERROR",
              "per_page");
  ExpectError(server_.Get("/api/v1/rules?page=0", token_), 422, "VALIDATION_ERROR", "page");

  const std::string extra = MakeRule(R"({"name":"Extra"})");
  EXPECT_EQ(server_.Get("/api/v1/rules", token_).data()["total"].GetInt(), 17);
  ASSERT_EQ(server_.Delete("/api/v1/rules/" + extra, token_).status, 200);
  EXPECT_EQ(server_.Get("/api/v1/rules", token_).data()["total"].GetInt(), 16);
}

TEST_P(RulesE2E, PutReplacesEverySetting) {
  const std::string uuid =
      MakeRule(R"({"name":"Busy","max_calls_per_day":9,"retry_backoff":3,"days_of_week":["mon"],)"
               R"("start_time":"07:00","end_time":"08:00","dnc_check":false})");
  const std::string path = "/api/v1/rules/" + uuid;
  server_.clock().Advance(60);
  // Absent settings go back to their defaults; an absent name is kept.
  auto replaced = server_.Put(path, R"({"max_total_calls":4})", token_);
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_STREQ(replaced.json["message"].GetString(), "Rule updated successfully");
  EXPECT_EQ(ToJson(replaced.data()),
            R"({"uuid":")" + uuid +
                R"(","name":"Busy","type":"call","max_calls_per_day":3,)"
                R"("max_total_calls":4,"retry_interval_minutes":120,"retry_backoff":1.0,)"
                R"("start_time":"09:00","end_time":"18:00",)"
                R"("days_of_week":["mon","tue","wed","thu","fri","sat","sun"],)"
                R"("dnc_check":true,"remove_on_opt_out":true,)"
                R"("created_at":"2024-03-01T12:00:00Z","updated_at":"2024-03-01T12:01:00Z"})");
  auto renamed = server_.Put(path, R"({"name":"Calm","type":"text"})", token_);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_STREQ(renamed.data()["name"].GetString(), "Calm");
  EXPECT_EQ(renamed.data()["max_total_calls"].GetInt(), 10);
  ExpectError(server_.Put(path, R"({"name":""})", token_), 422, "VALIDATION_ERROR", "name");
  ExpectError(server_.Put(path, R"({"end_time":"08:00"})", token_), 422, "VALIDATION_ERROR",
              "end_time");
  EXPECT_STREQ(server_.Get(path, token_).data()["name"].GetString(), "Calm");
}

TEST_P(RulesE2E, AnotherOrganizationsRuleIsNotFound) {
  const std::string globex = server_.CreateToken("Globex", "ops@globex.example");
  const std::string theirs = MakeRule(R"({"name":"Theirs"})", globex);
  const std::string path = "/api/v1/rules/" + theirs;
  ExpectError(server_.Get(path, token_), 404, "NOT_FOUND");
  ExpectError(server_.Put(path, R"({"name":"Mine"})", token_), 404, "NOT_FOUND");
  ExpectError(server_.Delete(path, token_), 404, "NOT_FOUND");
  EXPECT_EQ(server_.Get("/api/v1/rules", token_).data()["total"].GetInt(), 0);
  EXPECT_STREQ(server_.Get(path, globex).data()["name"].GetString(), "Theirs");
  ExpectError(server_.Get("/api/v1/rules/not-a-uuid", token_), 404, "NOT_FOUND");

  const std::string campaign = MakeCampaign("Spring");
  ExpectError(server_.Put("/api/v1/campaigns/" + campaign + "/rule",
                          R"({"rule_uuid":")" + theirs + R"("})", token_),
              422, "VALIDATION_ERROR", "rule_uuid");
}

TEST_P(RulesE2E, CampaignRuleAttachDetachAndDelete) {
  const std::string rule = MakeRule(R"({"name":"Standard"})");
  const std::string campaign = MakeCampaign("Spring");
  const std::string path = "/api/v1/campaigns/" + campaign + "/rule";
  EXPECT_TRUE(server_.Get("/api/v1/campaigns/" + campaign, token_).data()["rule_uuid"].IsNull());

  server_.clock().Advance(10);
  auto attached = server_.Put(path, R"({"rule_uuid":")" + rule + R"("})", token_);
  ASSERT_EQ(attached.status, 200) << attached.body;
  EXPECT_STREQ(attached.json["message"].GetString(), "Campaign rule updated successfully");
  EXPECT_STREQ(attached.data()["rule_uuid"].GetString(), rule.c_str());
  EXPECT_STREQ(attached.data()["updated_at"].GetString(), "2024-03-01T12:00:10Z");
  EXPECT_STREQ(server_.Get("/api/v1/campaigns/" + campaign, token_).data()["rule_uuid"].GetString(),
               rule.c_str());
  auto listed = server_.Get("/api/v1/campaigns", token_);
  EXPECT_STREQ(listed.data()["data"][0]["rule_uuid"].GetString(), rule.c_str());

  auto detached = server_.Put(path, R"({"rule_uuid":null})", token_);
  ASSERT_EQ(detached.status, 200) << detached.body;
  EXPECT_TRUE(detached.data()["rule_uuid"].IsNull());

  for (const char* body : {"{}", R"({"rule_uuid":"nope"})",
                           R"({"rule_uuid":"00000000-0000-7000-8000-0000000000aa"})"}) {
    SCOPED_TRACE(body);
    ExpectError(server_.Put(path, body, token_), 422, "VALIDATION_ERROR", "rule_uuid");
  }
  ExpectError(server_.Put("/api/v1/campaigns/00000000-0000-7000-8000-0000000000aa/rule",
                          R"({"rule_uuid":")" + rule + R"("})", token_),
              404, "NOT_FOUND");

  // Deleting a rule in use is allowed; the campaign is left without one.
  ASSERT_EQ(server_.Put(path, R"({"rule_uuid":")" + rule + R"("})", token_).status, 200);
  auto deleted = server_.Delete("/api/v1/rules/" + rule, token_);
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_STREQ(deleted.json["message"].GetString(), "Rule deleted successfully");
  EXPECT_TRUE(server_.Get("/api/v1/campaigns/" + campaign, token_).data()["rule_uuid"].IsNull());
  ExpectError(server_.Get("/api/v1/rules/" + rule, token_), 404, "NOT_FOUND");
}

}  // namespace
}  // namespace sb::testing
