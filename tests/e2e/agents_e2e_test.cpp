// /api/v1/agents end to end, including channel bindings of phone numbers.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

std::string Auth(const std::string& token) { return "Bearer " + token; }

std::vector<std::string> Names(const rapidjson::Value& data) {
  std::vector<std::string> out;
  for (const auto& a : data.GetArray()) out.push_back(a["name"].GetString());
  return out;
}

class AgentsE2E : public ::sb::testing::EngineTest {};
SB_INSTANTIATE_ENGINES(AgentsE2E);

TEST_P(AgentsE2E, CreateGetRenameDelete) {
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

TEST_P(AgentsE2E, ListIsPaginatedByName) {
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

TEST_P(AgentsE2E, ValidationNamesTheField) {
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

TEST_P(AgentsE2E, AuthAndTenantIsolation) {
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

// Channel bindings: POST/DELETE /api/v1/agents/{uuid}/channels/{channel}.
class AgentBindingsE2E : public ::sb::testing::EngineTest {
 protected:
  void SetUp() override {
    token_ = server_.CreateToken("Acme");
    for (std::string* agent : {&ava_, &bo_}) {
      auto res = server_.Post("/api/v1/agents",
                              agent == &ava_ ? R"({"name":"Ava"})" : R"({"name":"Bo"})", token_);
      ASSERT_EQ(res.status, 201) << res.body;
      *agent = res.data()["uuid"].GetString();
    }
    for (const char* n : {"+14155552671", "+442079460958"}) {
      auto res = server_.Post("/api/v1/phone-numbers",
                              std::string(R"({"type":"local","number":")") + n + R"("})", token_);
      ASSERT_EQ(res.status, 201) << res.body;
      numbers_.push_back(res.data()["phone_number_uuid"].GetString());
    }
  }

  HttpResult Bind(const std::string& agent, const std::string& channel, const std::string& number) {
    return server_.Post("/api/v1/agents/" + agent + "/channels/" + channel,
                        R"({"phone_number_uuid":")" + number + R"("})", token_);
  }

  // "channel:number" of each binding of the agent.
  std::vector<std::string> Bindings(const rapidjson::Value& agent) {
    std::vector<std::string> out;
    for (const auto& b : agent["bindings"].GetArray()) {
      out.push_back(std::string(b["channel"].GetString()) + ":" + b["number"].GetString());
    }
    return out;
  }
  std::vector<std::string> BindingsOf(const std::string& agent) {
    return Bindings(server_.Get("/api/v1/agents/" + agent, token_).data());
  }

  TestServer server_;
  std::string token_, ava_, bo_;
  std::vector<std::string> numbers_;  // +14155552671, +442079460958
};

SB_INSTANTIATE_ENGINES(AgentBindingsE2E);

TEST_P(AgentBindingsE2E, BindReturnsTheAgentWithItsBindings) {
  server_.clock().Advance(60);
  auto res = Bind(ava_, "call", numbers_[0]);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_STREQ(res.json["message"].GetString(), "Phone number bound successfully");
  EXPECT_EQ(ToJson(res.data()["bindings"]), R"([{"channel":"call","phone_number_uuid":")" +
                                                numbers_[0] + R"(","number":"+14155552671"}])");
  EXPECT_STREQ(res.data()["updated_at"].GetString(), "2024-03-01T12:01:00Z");

  // Several numbers on one channel, and the same number on several channels.
  ASSERT_EQ(Bind(ava_, "call", numbers_[1]).status, 200);
  ASSERT_EQ(Bind(ava_, "whatsapp", numbers_[0]).status, 200);
  ASSERT_EQ(Bind(ava_, "sms", numbers_[0]).status, 200);
  EXPECT_EQ(BindingsOf(ava_),
            (std::vector<std::string>{"call:+14155552671", "call:+442079460958", "sms:+14155552671",
                                      "whatsapp:+14155552671"}));
  // Binding again is idempotent.
  ASSERT_EQ(Bind(ava_, "sms", numbers_[0]).status, 200);
  EXPECT_EQ(BindingsOf(ava_).size(), 4u);

  auto number = server_.Get("/api/v1/phone-numbers/" + numbers_[0], token_);
  EXPECT_EQ(ToJson(number.data()["bindings"]["call"]),
            R"({"bound":true,"agent_uuid":")" + ava_ + R"(","agent_name":"Ava"})");
}

TEST_P(AgentBindingsE2E, BindingTakesTheNumberFromThePreviousAgentOnThatChannel) {
  ASSERT_EQ(Bind(ava_, "call", numbers_[0]).status, 200);
  ASSERT_EQ(Bind(ava_, "sms", numbers_[0]).status, 200);
  auto res = Bind(bo_, "call", numbers_[0]);
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(Bindings(res.data()), (std::vector<std::string>{"call:+14155552671"}));
  EXPECT_EQ(BindingsOf(ava_), (std::vector<std::string>{"sms:+14155552671"}));
  auto number = server_.Get("/api/v1/phone-numbers/" + numbers_[0], token_);
  EXPECT_STREQ(number.data()["bindings"]["call"]["agent_name"].GetString(), "Bo");
  EXPECT_STREQ(number.data()["bindings"]["sms"]["agent_name"].GetString(), "Ava");
}

TEST_P(AgentBindingsE2E, BindErrors) {
  struct Case {
    std::string path;
    std::string body;
    int status;
    const char* field;  // nullptr: no field
  };
  const std::string base = "/api/v1/agents/" + ava_ + "/channels/";
  const std::vector<Case> cases = {
      {base + "fax", R"({"phone_number_uuid":")" + numbers_[0] + R"("})", 422, "channel"},
      {base + "Call", R"({"phone_number_uuid":")" + numbers_[0] + R"("})", 422, "channel"},
      {base + "call", "{}", 422, "phone_number_uuid"},
      {base + "call", R"({"phone_number_uuid":"nope"})", 422, "phone_number_uuid"},
      {base + "call", R"({"phone_number_uuid":"00000000-0000-7000-8000-000000000000"})", 422,
       "phone_number_uuid"},
      {"/api/v1/agents/00000000-0000-7000-8000-000000000000/channels/call",
       R"({"phone_number_uuid":")" + numbers_[0] + R"("})", 404, nullptr},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path + " " + c.body);
    auto res = server_.Post(c.path, c.body, token_);
    ASSERT_EQ(res.status, c.status) << res.body;
    EXPECT_FALSE(res.json["success"].GetBool());
    if (c.field) {
      EXPECT_STREQ(res.json["error"]["code"].GetString(), "VALIDATION_ERROR");
      EXPECT_STREQ(res.json["error"]["field"].GetString(), c.field);
    } else {
      EXPECT_STREQ(res.json["error"]["code"].GetString(), "NOT_FOUND");
    }
  }
  EXPECT_TRUE(BindingsOf(ava_).empty());
}

TEST_P(AgentBindingsE2E, UnbindOneByQueryOrBodyOrAllOnTheChannel) {
  ASSERT_EQ(Bind(ava_, "call", numbers_[0]).status, 200);
  ASSERT_EQ(Bind(ava_, "call", numbers_[1]).status, 200);
  ASSERT_EQ(Bind(ava_, "sms", numbers_[0]).status, 200);
  ASSERT_EQ(Bind(ava_, "whatsapp", numbers_[1]).status, 200);
  const std::string base = "/api/v1/agents/" + ava_ + "/channels/";
  const httplib::Headers auth{{"Authorization", Auth(token_)}};

  auto by_query = server_.Delete(base + "call?phone_number_uuid=" + numbers_[0], token_);
  ASSERT_EQ(by_query.status, 200) << by_query.body;
  EXPECT_STREQ(by_query.json["message"].GetString(), "Phone number unbound successfully");
  EXPECT_EQ(Bindings(by_query.data()),
            (std::vector<std::string>{"call:+442079460958", "sms:+14155552671",
                                      "whatsapp:+442079460958"}));

  auto by_body = server_.Send("DELETE", base + "whatsapp",
                              R"({"phone_number_uuid":")" + numbers_[1] + R"("})", auth);
  ASSERT_EQ(by_body.status, 200) << by_body.body;
  EXPECT_EQ(Bindings(by_body.data()),
            (std::vector<std::string>{"call:+442079460958", "sms:+14155552671"}));

  ASSERT_EQ(Bind(ava_, "call", numbers_[0]).status, 200);
  auto all = server_.Delete(base + "call", token_);
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(Bindings(all.data()), (std::vector<std::string>{"sms:+14155552671"}));

  // Nothing bound any more: 404.
  auto none = server_.Delete(base + "call", token_);
  ASSERT_EQ(none.status, 404);
  EXPECT_STREQ(none.json["error"]["code"].GetString(), "NOT_FOUND");
  EXPECT_EQ(server_.Delete(base + "sms?phone_number_uuid=" + numbers_[1], token_).status, 404);
  // Bad input: 422 naming it.
  auto bad_channel = server_.Delete(base + "telegram", token_);
  ASSERT_EQ(bad_channel.status, 422);
  EXPECT_STREQ(bad_channel.json["error"]["field"].GetString(), "channel");
  auto bad_uuid = server_.Delete(base + "sms?phone_number_uuid=x", token_);
  ASSERT_EQ(bad_uuid.status, 422);
  EXPECT_STREQ(bad_uuid.json["error"]["field"].GetString(), "phone_number_uuid");
  EXPECT_EQ(BindingsOf(ava_), (std::vector<std::string>{"sms:+14155552671"}));
}

TEST_P(AgentBindingsE2E, DeletingAnAgentUnbindsItsNumbers) {
  ASSERT_EQ(Bind(ava_, "call", numbers_[0]).status, 200);
  ASSERT_EQ(server_.Delete("/api/v1/agents/" + ava_, token_).status, 200);
  auto number = server_.Get("/api/v1/phone-numbers/" + numbers_[0], token_);
  ASSERT_EQ(number.status, 200);
  EXPECT_EQ(ToJson(number.data()["bindings"]["call"]),
            R"({"bound":false,"agent_uuid":null,"agent_name":null})");
  EXPECT_EQ(server_.Get("/api/v1/phone-numbers?bound_to_agent_uuid=" + ava_, token_)
                .data()["items"]
                .Size(),
            0u);
}

TEST_P(AgentBindingsE2E, AnotherOrganizationCanNeitherBindNorSeeBindings) {
  ASSERT_EQ(Bind(ava_, "call", numbers_[0]).status, 200);
  std::string globex = server_.CreateToken("Globex");
  std::string theirs =
      server_.Post("/api/v1/agents", R"({"name":"Cy"})", globex).data()["uuid"].GetString();
  // Their agent, our number: the number does not exist for them.
  auto res = server_.Post("/api/v1/agents/" + theirs + "/channels/call",
                          R"({"phone_number_uuid":")" + numbers_[0] + R"("})", globex);
  ASSERT_EQ(res.status, 422);
  EXPECT_STREQ(res.json["error"]["field"].GetString(), "phone_number_uuid");
  // Our agent: 404 on bind and unbind.
  EXPECT_EQ(server_
                .Post("/api/v1/agents/" + ava_ + "/channels/call",
                      R"({"phone_number_uuid":")" + numbers_[0] + R"("})", globex)
                .status,
            404);
  EXPECT_EQ(server_.Delete("/api/v1/agents/" + ava_ + "/channels/call", globex).status, 404);
  EXPECT_EQ(server_.Post("/api/v1/agents/" + ava_ + "/channels/call", "{}", "").status, 401);
  EXPECT_EQ(BindingsOf(ava_), (std::vector<std::string>{"call:+14155552671"}));
}

}  // namespace
}  // namespace sb::testing
