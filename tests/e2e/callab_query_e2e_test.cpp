// POST /contact/query (seed 003, Callab) end to end: each body filter with
// its exact result set, the contact shape, 0-based paging, the streamed
// (chunked) response for a few thousand contacts, malformed input and auth
// errors in Callab's envelope, tenant isolation.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "e2e/contacts_e2e_util.hpp"
#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

using Strings = std::vector<std::string>;

constexpr int64_t kJan10 = 1704880800;  // 2024-01-10T10:00:00Z
constexpr int64_t kFeb01 = 1706745600;  // 2024-02-01T00:00:00Z

class CallabQueryE2E : public ::sb::testing::EngineTest {
 protected:
  void SetUp() override {
    token_ = server_.CreateToken("Acme", "ann@acme.test");
    vip_ = CreateTag(server_, token_, "vip");
    beta_ = CreateTag(server_, token_, "beta");
    server_.clock().Set(kJan10);
    ann_ = CreateContact(server_, token_,
                         R"({"name":"Ann","surname":"Lee","phone_number":"+14155552671",)"
                         R"("tag_uuids":[")" +
                             vip_ + R"(",")" + beta_ +
                             R"("],"category":"retail","source_name":"web",)"
                             R"("metadata":{"k":1},"notes":"n1"})");
    server_.clock().Set(kFeb01);
    ben_ = CreateContact(server_, token_,
                         R"({"name":"Ben","phone_number":"+442071838750","tag_uuids":[")" + vip_ +
                             R"("],"category":"b2b","source_name":"fair"})");
    cat_ = CreateContact(server_, token_,
                         R"({"name":"Cat","email":"cat@acme.test","status":"Inactive"})");
    Call(ann_, "picked-up", "2024-02-01T10:00:00Z", R"(,"duration":60,"feedback":"ok")");
    // An older call recorded later does not replace the latest one.
    Call(ann_, "no-answer", "2024-01-01T10:00:00Z", "");
    Call(ben_, "busy", "2024-02-02T10:00:00Z", "");
  }

  void Call(const std::string& contact, const std::string& status, const std::string& at,
            const std::string& extra) {
    auto res = server_.Post("/api/v1/calls",
                            R"({"contact_uuid":")" + contact + R"(","status":")" + status +
                                R"(","started_at":")" + at + "\"" + extra + "}",
                            token_);
    ASSERT_EQ(res.status, 201) << res.body;
  }

  // The sorted firstnames the query returns.
  Strings Names(const std::string& body, const std::string& token = "") {
    auto res = server_.Post("/contact/query", body, token.empty() ? token_ : token);
    EXPECT_EQ(res.status, 200) << body << " -> " << res.body;
    if (res.status != 200 || !res.json.IsObject()) return {"<" + std::to_string(res.status) + ">"};
    EXPECT_STREQ(res.json["status"].GetString(), "ok");
    Strings out;
    for (const auto& c : res.json["data"].GetArray()) out.push_back(c["firstname"].GetString());
    std::sort(out.begin(), out.end());
    return out;
  }

  TestServer server_;
  std::string token_, vip_, beta_, ann_, ben_, cat_;
};

SB_INSTANTIATE_ENGINES(CallabQueryE2E);

TEST_P(CallabQueryE2E, EachFilter) {
  const Strings all{"Ann", "Ben", "Cat"};
  EXPECT_EQ(Names(""), all);
  EXPECT_EQ(Names("{}"), all);
  EXPECT_EQ(Names(R"({"tags":[]})"), all);
  EXPECT_EQ(Names(R"({"tags":["vip"]})"), (Strings{"Ann", "Ben"}));
  EXPECT_EQ(Names(R"({"tags":["beta","nope"]})"), (Strings{"Ann"}));
  EXPECT_EQ(Names(R"({"tags":["nope"]})"), Strings{});
  EXPECT_EQ(Names(R"({"categories":["b2b"]})"), (Strings{"Ben"}));
  EXPECT_EQ(Names(R"({"source_names":["web","fair"]})"), (Strings{"Ann", "Ben"}));
  EXPECT_EQ(Names(R"({"last_call_statuses":["busy"]})"), (Strings{"Ben"}));
  EXPECT_EQ(Names(R"({"last_call_statuses":["no-answer"]})"), Strings{});
  EXPECT_EQ(Names(R"({"last_call_statuses":["picked-up","busy"]})"), (Strings{"Ann", "Ben"}));
  // Every given array must match.
  EXPECT_EQ(Names(R"({"tags":["vip"],"categories":["retail"]})"), (Strings{"Ann"}));
  EXPECT_EQ(Names(R"({"tags":["beta"],"categories":["b2b"]})"), Strings{});
  EXPECT_EQ(Names(R"({"status":"Inactive"})"), (Strings{"Cat"}));
  EXPECT_EQ(Names(R"({"search":"Ben"})"), (Strings{"Ben"}));
  EXPECT_EQ(Names(R"({"search":"cat@acme"})"), (Strings{"Cat"}));
  EXPECT_EQ(Names(R"({"start_date":"2024-01-11"})"), (Strings{"Ben", "Cat"}));
  EXPECT_EQ(Names(R"({"end_date":"2024-01-10"})"), (Strings{"Ann"}));
  EXPECT_EQ(Names(R"({"start_date":"2024-01-10T10:00:00Z","end_date":"2024-01-10T10:00:00Z"})"),
            (Strings{"Ann"}));
  EXPECT_EQ(Names(R"({"campaign_id":"0190a5a0-0000-7000-8000-000000000000"})"), Strings{});
}

TEST_P(CallabQueryE2E, ContactShape) {
  auto res = server_.Post("/contact/query", R"({"categories":["retail"]})", token_);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(Keys(res.json), (Strings{"status", "message", "data"}));
  ASSERT_EQ(res.json["data"].Size(), 1u);
  const auto& c = res.json["data"][0];
  std::string org = c["company_id"].GetString();
  EXPECT_EQ(org.size(), 36u);
  EXPECT_EQ(ToJson(c),
            R"({"id":")" + ann_ + R"(","company_id":")" + org +
                R"(","firstname":"Ann","lastname":"Lee","phone_number":"+14155552671",)"
                R"("metadata":{"k":1},"number_country_code":"+1",)"
                R"("last_call_status":"picked-up","last_call_at":"2024-02-01T10:00:00Z",)"
                R"("last_call_duration":60,"last_call_feedback":"ok",)"
                R"("source_name":"web","tag_name":"beta,vip","category_name":"retail",)"
                R"("notes":"n1","created_at":"2024-01-10T10:00:00Z",)"
                R"("updated_at":"2024-01-10T10:00:00Z","campaign_id":null,)"
                R"("status":"Active"})");
  auto ben = server_.Post("/contact/query", R"({"categories":["b2b"]})", token_);
  ASSERT_EQ(ben.status, 200) << ben.body;
  EXPECT_STREQ(ben.json["data"][0]["number_country_code"].GetString(), "+44");
  auto cat = server_.Post("/contact/query", R"({"status":"Inactive"})", token_);
  ASSERT_EQ(cat.status, 200) << cat.body;
  EXPECT_TRUE(cat.json["data"][0]["number_country_code"].IsNull());
  EXPECT_TRUE(cat.json["data"][0]["tag_name"].IsNull());
  EXPECT_TRUE(cat.json["data"][0]["last_call_duration"].IsNull());
}

TEST_P(CallabQueryE2E, CampaignOfTheNewestPoolInACampaign) {
  auto uuid_of = [](const HttpResult& res) {
    EXPECT_EQ(res.status, 201) << res.body;
    return res.status == 201 ? std::string(res.data()["uuid"].GetString()) : std::string();
  };
  auto pool = [&](const std::string& name, const std::string& members) {
    std::string p = uuid_of(
        server_.Post("/api/v1/pools", R"({"name":")" + name + R"(","description":""})", token_));
    auto add = server_.Post("/api/v1/pools/" + p + "/contacts",
                            R"({"contact_uuids":[)" + members + "]}", token_);
    EXPECT_EQ(add.status, 200) << add.body;
    return p;
  };
  auto campaign = [&](const std::string& name, const std::string& p) {
    std::string c =
        uuid_of(server_.Post("/api/v1/campaigns", R"({"name":")" + name + R"("})", token_));
    auto attach = server_.Post("/api/v1/campaigns/" + c + "/pools",
                               R"({"pool_uuids":[")" + p + R"("]})", token_);
    EXPECT_EQ(attach.status, 200) << attach.body;
    return c;
  };
  std::string old_campaign = campaign("Old", pool("Pool one", "\"" + ann_ + "\""));
  std::string new_campaign = campaign("New", pool("Pool two", "\"" + ann_ + "\",\"" + ben_ + "\""));
  pool("Pool three", "\"" + ann_ + "\"");  // the newest pool, in no campaign

  auto res = server_.Post("/contact/query", "{}", token_);
  ASSERT_EQ(res.status, 200) << res.body;
  std::map<std::string, std::string> campaigns;
  for (const auto& c : res.json["data"].GetArray()) {
    campaigns[c["firstname"].GetString()] = ToJson(c["campaign_id"]);
  }
  EXPECT_EQ(campaigns, (std::map<std::string, std::string>{{"Ann", "\"" + new_campaign + "\""},
                                                           {"Ben", "\"" + new_campaign + "\""},
                                                           {"Cat", "null"}}));
  EXPECT_EQ(Names(R"({"campaign_id":")" + old_campaign + R"("})"), (Strings{"Ann"}));
  EXPECT_EQ(Names(R"({"campaign_id":")" + new_campaign + R"("})"), (Strings{"Ann", "Ben"}));
}

TEST_P(CallabQueryE2E, PagesFromZero) {
  auto first = server_.Post("/contact/query", R"({"page":0,"per_page":2})", token_);
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(first.json["data"].Size(), 2u);
  EXPECT_STREQ(first.json["data"][0]["firstname"].GetString(), "Cat");  // newest first
  EXPECT_STREQ(first.json["data"][1]["firstname"].GetString(), "Ben");
  EXPECT_EQ(Names(R"({"page":1,"per_page":2})"), (Strings{"Ann"}));
  EXPECT_EQ(Names(R"({"page":5,"per_page":2})"), Strings{});
  EXPECT_EQ(Names(R"({"per_page":1})"), (Strings{"Cat"}));
}

TEST_P(CallabQueryE2E, StreamsEveryMatchChunked) {
  constexpr int kExtra = 2500;
  for (int i = 0; i < kExtra; ++i) {
    auto res = server_.Post("/api/v1/contacts",
                            R"({"name":"Bulk","email":"b)" + std::to_string(i) + R"(@acme.test"})",
                            token_);
    ASSERT_EQ(res.status, 201) << res.body;
  }
  httplib::Client client("127.0.0.1", server_.port());
  client.set_read_timeout(120, 0);
  auto res = client.Post("/contact/query", {{"Authorization", "Bearer " + token_}}, "{}",
                         "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Transfer-Encoding"), "chunked");
  rapidjson::Document doc;
  doc.Parse(res->body.c_str());
  ASSERT_FALSE(doc.HasParseError()) << res->body.substr(0, 200);
  EXPECT_STREQ(doc["status"].GetString(), "ok");
  ASSERT_EQ(doc["data"].Size(), static_cast<rapidjson::SizeType>(kExtra + 3));
  // Every contact once, newest first.
  std::vector<std::string> ids;
  for (const auto& c : doc["data"].GetArray()) ids.emplace_back(c["id"].GetString());
  EXPECT_EQ(ids.back(), ann_);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::unique(ids.begin(), ids.end()), ids.end());
  EXPECT_EQ(Names(R"({"tags":["vip"]})"), (Strings{"Ann", "Ben"}));
}

TEST_P(CallabQueryE2E, MalformedInputInCallabEnvelope) {
  struct Case {
    std::string body;
    int status;
    std::string mentions;
  };
  const std::vector<Case> cases = {
      {"{", 400, ""},
      {"[1]", 400, ""},
      {R"({"tags":"vip"})", 422, "tags"},
      {R"({"categories":[1]})", 422, "categories"},
      {R"({"last_call_statuses":["weird"]})", 422, "last_call_statuses"},
      {R"({"status":"Gone"})", 422, "status"},
      {R"({"campaign_id":"c1"})", 422, "campaign_id"},
      {R"({"start_date":"yesterday"})", 422, "start_date"},
      {R"({"end_date":"2024-02-30"})", 422, "end_date"},
      {R"({"start_date":"2024-03-01","end_date":"2024-02-01"})", 422, "end_date"},
      {R"({"page":-1})", 422, "page"},
      {R"({"per_page":0})", 422, "per_page"},
      {R"({"per_page":101})", 422, "per_page"},
  };
  for (const auto& c : cases) {
    auto res = server_.Post("/contact/query", c.body, token_);
    EXPECT_EQ(res.status, c.status) << c.body << " -> " << res.body;
    ASSERT_TRUE(res.json.IsObject()) << c.body;
    EXPECT_EQ(Keys(res.json), (Strings{"status", "message"})) << c.body;
    EXPECT_STREQ(res.json["status"].GetString(), "error");
    EXPECT_NE(std::string(res.json["message"].GetString()).find(c.mentions), std::string::npos)
        << c.body << " -> " << res.body;
  }
}

TEST_P(CallabQueryE2E, AuthErrorsInCallabEnvelope) {
  auto none = server_.Send("POST", "/contact/query", "{}", {});
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.body, R"({"status":"error","message":"Authentication required"})");
  auto bad = server_.Post("/contact/query", "{}", "not-a-token");
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.body, R"({"status":"error","message":"Invalid authentication token"})");
}

TEST_P(CallabQueryE2E, TenantIsolation) {
  std::string other = server_.CreateToken("Globex", "zed@globex.test");
  CreateContact(server_, other, R"({"name":"Zed","email":"zed@globex.test"})");
  EXPECT_EQ(Names("{}", other), (Strings{"Zed"}));
  EXPECT_EQ(Names(R"({"tags":["vip"]})", other), Strings{});
  EXPECT_EQ(Names("{}"), (Strings{"Ann", "Ben", "Cat"}));
}

}  // namespace
}  // namespace sb::testing
