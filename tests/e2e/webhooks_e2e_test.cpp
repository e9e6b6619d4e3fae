// /api/v1/webhooks end to end: the subscription routes, their answers and
// their 4xx (deliveries are in webhook_delivery_e2e_test.cpp).
#include <gtest/gtest.h>

#include "e2e/server_test_fixture.hpp"
#include "e2e/test_server.hpp"

namespace sb::testing {
namespace {

constexpr const char* kUrl = "https://hooks.example.com/in";

class WebhooksE2E : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    other_ = server_.CreateToken("Globex", "g@globex.test");
  }
  HttpResult Create(const std::string& body, const std::string& token = "") {
    return server_.Post("/api/v1/webhooks", body, token.empty() ? token_ : token);
  }
  std::string MustCreate(const std::string& body) {
    auto res = Create(body);
    EXPECT_EQ(res.status, 201) << res.body;
    return res.status == 201 ? res.data()["uuid"].GetString() : "";
  }
  static std::string Field(const HttpResult& res) {
    if (!res.json.IsObject() || !res.json.HasMember("error")) return "";
    const auto& e = res.json["error"];
    return e.HasMember("field") ? e["field"].GetString() : "";
  }

  std::string other_;
};

SB_INSTANTIATE_ENGINES(WebhooksE2E);

TEST_P(WebhooksE2E, CreateShowsTheSecretOnce) {
  auto res = Create(R"({"url":"https://hooks.example.com/in","events":["contact.created"]})");
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_STREQ(res.json["message"].GetString(), "Webhook created successfully");
  EXPECT_TRUE(res.json["success"].GetBool());
  const auto& d = res.data();
  const std::string uuid = d["uuid"].GetString();
  const std::string secret = d["secret"].GetString();
  EXPECT_EQ(secret.rfind("whsec_", 0), 0u);
  EXPECT_EQ(secret.size(), 54u);
  EXPECT_EQ(ToJson(d), R"({"uuid":")" + uuid +
                           R"(","url":"https://hooks.example.com/in","events":["contact.created"],)"
                           R"("active":true,"secret":")" +
                           secret +
                           R"(","created_at":"2024-03-01T12:00:00Z",)"
                           R"("updated_at":"2024-03-01T12:00:00Z"})");
  auto got = server_.Get("/api/v1/webhooks/" + uuid, token_);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_STREQ(got.json["message"].GetString(), "Webhook retrieved successfully");
  EXPECT_FALSE(got.data().HasMember("secret"));
  EXPECT_EQ(got.body.find(secret), std::string::npos);

  // A secret of the client's own; an inactive one; every event.
  auto own = Create(
      R"({"url":"http://h.example.com/x","events":["*"],"secret":"my-own-secret-1234","active":false})");
  ASSERT_EQ(own.status, 201) << own.body;
  EXPECT_STREQ(own.data()["secret"].GetString(), "my-own-secret-1234");
  EXPECT_FALSE(own.data()["active"].GetBool());
  EXPECT_STREQ(own.data()["events"][0].GetString(), "*");
}

TEST_P(WebhooksE2E, BadBodiesAre422NamingTheField) {
  struct Case {
    std::string body;
    std::string field;
  };
  for (const Case& c : {
           Case{R"({"events":["contact.created"]})", "url"},
           Case{R"({"url":"https://a.example.com/"})", "events"},
           Case{R"({"url":"ftp://a.example.com/","events":["*"]})", "url"},
           Case{R"({"url":"/relative","events":["*"]})", "url"},
           Case{R"({"url":"https://user:pw@a.example.com/","events":["*"]})", "url"},
           Case{R"({"url":42,"events":["*"]})", "url"},
           Case{R"({"url":"https://a.example.com/","events":[]})", "events"},
           Case{R"({"url":"https://a.example.com/","events":"contact.created"})", "events"},
           Case{R"({"url":"https://a.example.com/","events":["contact.exploded"]})", "events"},
           Case{R"({"url":"https://a.example.com/","events":["*","contact.created"]})", "events"},
           Case{R"({"url":"https://a.example.com/","events":["webhook.test"]})", "events"},
           Case{R"({"url":"https://a.example.com/","events":["*"],"secret":"short"})", "secret"},
           Case{R"({"url":"https://a.example.com/","events":["*"],"secret":"has spaces in it!"})",
                "secret"},
           Case{R"({"url":"https://a.example.com/","events":["*"],"active":"yes"})", "active"},
           Case{R"({"url":null,"events":["*"]})", "url"},
           // Server-side request forgery: IP literals of private networks.
           Case{R"({"url":"http://127.0.0.1:8080/","events":["*"]})", "url"},
           Case{R"({"url":"http://10.0.0.7/","events":["*"]})", "url"},
           Case{R"({"url":"http://169.254.169.254/latest/meta-data","events":["*"]})", "url"},
           Case{R"({"url":"http://[::1]/","events":["*"]})", "url"},
           Case{R"({"url":"http://[fd12::1]/","events":["*"]})", "url"},
           Case{R"({"url":"http://0.0.0.0/","events":["*"]})", "url"},
       }) {
    auto res = Create(c.body);
    EXPECT_EQ(res.status, 422) << c.body << " -> " << res.body;
    EXPECT_EQ(Field(res), c.field) << c.body << " -> " << res.body;
  }
  EXPECT_EQ(Create("{not json").status, 400);
  auto list = server_.Get("/api/v1/webhooks", token_);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.data()["total"].GetInt64(), 0);  // nothing half-written
}

TEST_P(WebhooksE2E, ListIsAPaginator) {
  std::vector<std::string> made;
  for (int i = 0; i < 3; ++i) {
    made.push_back(MustCreate(R"({"url":"https://a.example.com/)" + std::to_string(i) +
                              R"(","events":["call.recorded"]})"));
  }
  MustCreate(R"({"url":"https://b.example.com/","events":["*"]})");
  auto other = Create(R"({"url":"https://g.example.com/","events":["*"]})", other_);
  ASSERT_EQ(other.status, 201);

  auto page = server_.Get("/api/v1/webhooks?per_page=2&page=2", token_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_STREQ(page.json["message"].GetString(), "Webhooks retrieved successfully");
  const auto& d = page.data();
  EXPECT_EQ(d["current_page"].GetInt64(), 2);
  EXPECT_EQ(d["last_page"].GetInt64(), 2);
  EXPECT_EQ(d["per_page"].GetInt64(), 2);
  EXPECT_EQ(d["total"].GetInt64(), 4);
  EXPECT_EQ(PageUuids(page), (std::vector<std::string>{made[1], made[0]}));  // newest first
  EXPECT_FALSE(d["data"][0].HasMember("secret"));
  EXPECT_EQ(server_.Get("/api/v1/webhooks", token_).data()["per_page"].GetInt64(), 15);
  auto too_big = server_.Get("/api/v1/webhooks?per_page=101", token_);
  EXPECT_EQ(too_big.status, 422);
  EXPECT_EQ(Field(too_big), "per_page");
  EXPECT_EQ(server_.Get("/api/v1/webhooks", "").status, 401);
  EXPECT_EQ(server_.Get("/api/v1/webhooks", other_).data()["total"].GetInt64(), 1);
}

TEST_P(WebhooksE2E, PatchChangesOnlyTheGivenFields) {
  const std::string uuid = MustCreate(R"({"url":"https://a.example.com/","events":["*"]})");
  server_.clock().Advance(60);
  auto patched = server_.Patch("/api/v1/webhooks/" + uuid,
                               R"({"events":["contact.deleted","import.completed"]})", token_);
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_STREQ(patched.json["message"].GetString(), "Webhook updated successfully");
  EXPECT_STREQ(patched.data()["url"].GetString(), "https://a.example.com/");
  EXPECT_EQ(ToJson(patched.data()["events"]), R"(["contact.deleted","import.completed"])");
  EXPECT_STREQ(patched.data()["updated_at"].GetString(), "2024-03-01T12:01:00Z");
  EXPECT_FALSE(patched.data().HasMember("secret"));

  auto off = server_.Patch("/api/v1/webhooks/" + uuid,
                           R"({"active":false,"url":"https://b.example.com/h"})", token_);
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(off.data()["active"].GetBool());
  EXPECT_STREQ(off.data()["url"].GetString(), "https://b.example.com/h");

  // A bad PATCH changes nothing.
  for (const char* bad :
       {R"({"url":"http://192.168.1.1/","active":true})", R"({"events":[],"active":true})",
        R"({"active":null})", R"({"secret":"tiny","active":true})"}) {
    auto res = server_.Patch("/api/v1/webhooks/" + uuid, bad, token_);
    EXPECT_EQ(res.status, 422) << bad << " -> " << res.body;
  }
  auto after = server_.Get("/api/v1/webhooks/" + uuid, token_);
  EXPECT_FALSE(after.data()["active"].GetBool());
  EXPECT_STREQ(after.data()["url"].GetString(), "https://b.example.com/h");
}

TEST_P(WebhooksE2E, AnotherOrganizationsWebhookIsNotFound) {
  const std::string uuid = MustCreate(R"({"url":"https://a.example.com/","events":["*"]})");
  EXPECT_EQ(server_.Get("/api/v1/webhooks/" + uuid, other_).status, 404);
  EXPECT_EQ(server_.Patch("/api/v1/webhooks/" + uuid, R"({"active":false})", other_).status, 404);
  EXPECT_EQ(server_.Delete("/api/v1/webhooks/" + uuid, other_).status, 404);
  EXPECT_EQ(server_.Post("/api/v1/webhooks/" + uuid + "/test", "", other_).status, 404);
  EXPECT_EQ(server_.Get("/api/v1/webhooks/" + uuid + "/deliveries", other_).status, 404);
  EXPECT_EQ(server_.Get("/api/v1/webhooks/00000000-0000-7000-8000-000000000000", token_).status,
            404);
  EXPECT_EQ(server_.Get("/api/v1/webhooks/not-a-uuid", token_).status, 404);
  // A 404 comes before the body's 422.
  EXPECT_EQ(server_.Patch("/api/v1/webhooks/" + uuid, R"({"url":"x"})", other_).status, 404);
  EXPECT_EQ(server_.Get("/api/v1/webhooks/" + uuid, token_).status, 200);

  auto deleted = server_.Delete("/api/v1/webhooks/" + uuid, token_);
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_STREQ(deleted.json["message"].GetString(), "Webhook deleted successfully");
  EXPECT_EQ(server_.Get("/api/v1/webhooks/" + uuid, token_).status, 404);
  EXPECT_EQ(server_.Delete("/api/v1/webhooks/" + uuid, token_).status, 404);
  EXPECT_EQ(
      server_.Send("PUT", "/api/v1/webhooks/" + uuid, "{}", {{"Authorization", "Bearer " + token_}})
          .status,
      405);
}

TEST_P(WebhooksE2E, TestQueuesADeliveryToThatWebhook) {
  const std::string uuid = MustCreate(R"({"url":"https://a.example.com/","events":["*"]})");
  const std::string other = MustCreate(R"({"url":"https://b.example.com/","events":["*"]})");
  auto res = server_.Post("/api/v1/webhooks/" + uuid + "/test", "", token_);
  ASSERT_EQ(res.status, 202) << res.body;
  EXPECT_STREQ(res.json["message"].GetString(), "Test delivery queued successfully");
  const auto& d = res.data();
  EXPECT_STREQ(d["event"].GetString(), "webhook.test");
  EXPECT_STREQ(d["status"].GetString(), "pending");
  EXPECT_EQ(d["attempts"].GetInt64(), 0);
  EXPECT_TRUE(d["last_response_code"].IsNull());
  EXPECT_STREQ(d["next_attempt_at"].GetString(), "2024-03-01T12:00:00Z");
  EXPECT_STREQ(d["webhook_uuid"].GetString(), uuid.c_str());

  auto list = server_.Get("/api/v1/webhooks/" + uuid + "/deliveries", token_);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_STREQ(list.json["message"].GetString(), "Webhook deliveries retrieved successfully");
  EXPECT_EQ(list.data()["total"].GetInt64(), 1);
  EXPECT_EQ(list.data()["per_page"].GetInt64(), 15);
  EXPECT_EQ(PageUuids(list), std::vector<std::string>{d["uuid"].GetString()});
  EXPECT_EQ(
      server_.Get("/api/v1/webhooks/" + other + "/deliveries", token_).data()["total"].GetInt64(),
      0);
  EXPECT_EQ(server_.Get("/api/v1/webhooks/" + uuid + "/deliveries?per_page=101", token_).status,
            422);

  ASSERT_EQ(server_.Patch("/api/v1/webhooks/" + uuid, R"({"active":false})", token_).status, 200);
  EXPECT_EQ(server_.Post("/api/v1/webhooks/" + uuid + "/test", "", token_).status, 409);
}

// A delivery's JSON: its keys in this order, the event's type and time among
// the delivery's own fields, the same from the list and the single read.
TEST_P(WebhooksE2E, DeliveryJsonKeepsItsKeyOrder) {
  const std::string uuid = MustCreate(R"({"url":"https://a.example.com/","events":["*"]})");
  auto res = server_.Post("/api/v1/webhooks/" + uuid + "/test", "", token_);
  ASSERT_EQ(res.status, 202) << res.body;
  auto keys = [](const rapidjson::Value& object) {
    std::vector<std::string> out;
    for (const auto& m : object.GetObject()) out.emplace_back(m.name.GetString());
    return out;
  };
  const std::vector<std::string> expected = {"uuid",
                                             "webhook_uuid",
                                             "event_uuid",
                                             "event",
                                             "status",
                                             "attempts",
                                             "last_response_code",
                                             "last_error",
                                             "next_attempt_at",
                                             "delivered_at",
                                             "event_created_at",
                                             "created_at",
                                             "updated_at"};
  EXPECT_EQ(keys(res.data()), expected);
  EXPECT_EQ(res.data()["event_uuid"].GetStringLength(), 36u);
  EXPECT_STREQ(res.data()["event_created_at"].GetString(), "2024-03-01T12:00:00Z");
  auto list = server_.Get("/api/v1/webhooks/" + uuid + "/deliveries", token_);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.data()["data"].Size(), 1u);
  EXPECT_EQ(ToJson(list.data()["data"][0]), ToJson(res.data()));
}

}  // namespace
}  // namespace sb::testing
