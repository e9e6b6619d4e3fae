// /api/v1/phone-numbers end to end: the seed 004 list with every filter, sort
// and page, plus registering, patching and deleting numbers.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "e2e/server_test_fixture.hpp"
#include "e2e/test_server.hpp"

namespace sb::testing {
namespace {

// Six numbers across US, GB and DE plus one external number, created a minute
// apart (so newest first is 7, 6, 5, ... 1), and two agents:
// Ava has #1 on call and sms and #4 on whatsapp; Bo has #3 on call and #6 on sms.
class PhoneNumbersE2E : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    struct Seed {
      const char* number;
      const char* body;
    };
    const Seed seeds[] = {
        {"+14155552671",
         R"({"number":"+14155552671","type":"local","monthly_fee":1.5,
             "capabilities":{"voice":true,"sms":true}})"},
        {"+12125551234", R"({"number":"+12125551234","type":"toll_free","monthly_fee":1})"},
        {"+442079460958",
         R"({"number":"+442079460958","type":"national","monthly_fee":3,"status":"pending",
             "compliance":{"status":"requirement_pending","requirements":[{"type":"address"}]}})"},
        {"+447400123456", R"({"number":"+447400123456","type":"mobile","monthly_fee":2.25})"},
        {"+49301234567",
         R"({"number":"+49301234567","type":"local","monthly_fee":0.5,"status":"inactive"})"},
        {"+4915123456789",
         R"({"number":"+4915123456789","type":"mobile","monthly_fee":4,
             "compliance":{"status":"requirement_pending"}})"},
        {"+13105550123", R"({"number":"+13105550123","type":"local","is_external":true})"},
    };
    int i = 1;
    for (const Seed& s : seeds) {
      auto res = server_.Post("/api/v1/phone-numbers", s.body, token_);
      ASSERT_EQ(res.status, 201) << res.body;
      uuid_[i] = res.data()["phone_number_uuid"].GetString();
      label_[s.number] = i++;
      server_.clock().Advance(60);
    }
    for (std::string* agent : {&ava_, &bo_}) {
      auto res = server_.Post("/api/v1/agents",
                              agent == &ava_ ? R"({"name":"Ava"})" : R"({"name":"Bo"})", token_);
      ASSERT_EQ(res.status, 201) << res.body;
      *agent = res.data()["uuid"].GetString();
    }
    Bind(ava_, "call", 1);
    Bind(ava_, "sms", 1);
    Bind(ava_, "whatsapp", 4);
    Bind(bo_, "call", 3);
    Bind(bo_, "sms", 6);
  }

  void Bind(const std::string& agent, const std::string& channel, int n) {
    auto res = server_.Post("/api/v1/agents/" + agent + "/channels/" + channel,
                            R"({"phone_number_uuid":")" + uuid_[n] + R"("})", token_);
    ASSERT_EQ(res.status, 200) << res.body;
  }

  // The labels (1..7) of the listed numbers, in order.
  std::vector<int> Labels(const HttpResult& res) {
    std::vector<int> out;
    for (const auto& item : res.data()["items"].GetArray()) {
      out.push_back(label_[item["number"].GetString()]);
    }
    return out;
  }

  HttpResult List(const std::string& query) {
    return server_.Get("/api/v1/phone-numbers" + query, token_);
  }

  std::map<int, std::string> uuid_;
  std::map<std::string, int> label_;
  std::string ava_, bo_;
};

SB_INSTANTIATE_ENGINES(PhoneNumbersE2E);

TEST_P(PhoneNumbersE2E, ItemShapeMatchesTheSeed) {
  auto res = server_.Get("/api/v1/phone-numbers/" + uuid_[1], token_);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_STREQ(res.json["message"].GetString(), "Phone number retrieved successfully");
  std::string expected =
      R"({"phone_number_uuid":")" + uuid_[1] +
      R"(","number":"+14155552671","country_code":"US","type":"local","is_external":false,)"
      R"("status":"active","compliance":{"status":"completed","requirements":[]},)"
      R"("capabilities":{"voice":true,"sms":true,"mms":false,"fax":false,"emergency":false,)"
      R"("local_calling":false},"channel_settings":{"voice":{"enabled":true,"channel_limit":1,)"
      R"("whitelisted_destinations":[]},"sms":{"enabled":true,"channel_limit":1,)"
      R"("whitelisted_destinations":[]},"inbound":{"enabled":true,"channel_limit":1}},)"
      R"("billing":{"monthly_fee":1.5,"currency":"EUR"},"bindings":{"call":{"bound":true,)"
      R"("agent_uuid":")" +
      ava_ + R"(","agent_name":"Ava"},"sms":{"bound":true,"agent_uuid":")" + ava_ +
      R"(","agent_name":"Ava"},"whatsapp":{"bound":false,"agent_uuid":null,"agent_name":null}},)"
      R"("purchased_at":"2024-03-01T12:00:00Z","updated_at":"2024-03-01T12:00:00Z"})";
  EXPECT_EQ(ToJson(res.data()), expected);

  auto gb = server_.Get("/api/v1/phone-numbers/" + uuid_[3], token_);
  EXPECT_EQ(ToJson(gb.data()["compliance"]),
            R"({"status":"requirement_pending","requirements":[{"type":"address"}]})");
  EXPECT_EQ(ToJson(gb.data()["billing"]), R"({"monthly_fee":3,"currency":"EUR"})");
  EXPECT_STREQ(gb.data()["status"].GetString(), "pending");
  EXPECT_STREQ(gb.data()["bindings"]["call"]["agent_name"].GetString(), "Bo");
}

TEST_P(PhoneNumbersE2E, DefaultListIsNewestFirstWithoutExternalNumbers) {
  auto res = List("");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_STREQ(res.json["message"].GetString(), "Phone numbers retrieved successfully");
  EXPECT_EQ(Labels(res), (std::vector<int>{6, 5, 4, 3, 2, 1}));
  EXPECT_EQ(ToJson(res.data()["pagination"]),
            R"({"current_page":1,"per_page":25,"total":6,"last_page":1,"from":1,"to":6,)"
            R"("has_more":false})");
  EXPECT_EQ(res.data().MemberCount(), 2u);
}

TEST_P(PhoneNumbersE2E, EveryFilterSelectsExactlyItsNumbers) {
  struct Case {
    std::string query;
    std::vector<int> labels;
  };
  const std::vector<Case> cases = {
      {"?status=active", {6, 4, 2, 1}},
      {"?status=pending", {3}},
      {"?status=inactive", {5}},
      {"?country_code=US", {2, 1}},
      {"?country_code=gb", {4, 3}},
      {"?country_code=De", {6, 5}},
      {"?country_code=FR", {}},
      {"?country_code=US&include_external=1", {7, 2, 1}},
      {"?type=local", {5, 1}},
      {"?type=toll_free", {2}},
      {"?type=mobile", {6, 4}},
      {"?type=national", {3}},
      {"?compliance=completed", {5, 4, 2, 1}},
      {"?compliance=requirement_pending", {6, 3}},
      {"?search=4155", {1}},
      {"?search=415%20555-26", {1}},
      {"?search=(212)%20555", {2}},
      {"?search=%2B49", {6, 5}},
      {"?search=gb", {4, 3}},
      {"?search=5550123", {}},
      {"?search=555-0123&include_external=true", {7}},
      {"?bound_to_agent_uuid=" + ava_, {4, 1}},
      {"?bound_to_agent_uuid=" + bo_, {6, 3}},
      {"?bound_to_agent_uuid=00000000-0000-7000-8000-000000000000", {}},
      {"?include_external=1", {7, 6, 5, 4, 3, 2, 1}},
      {"?include_external=true", {7, 6, 5, 4, 3, 2, 1}},
      {"?include_external=0", {6, 5, 4, 3, 2, 1}},
      {"?include_external=false", {6, 5, 4, 3, 2, 1}},
      {"?status=active&country_code=GB&type=mobile", {4}},
      {"?unknown=1", {6, 5, 4, 3, 2, 1}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.query);
    auto res = List(c.query);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(Labels(res), c.labels);
    EXPECT_EQ(res.data()["pagination"]["total"].GetInt64(), static_cast<int64_t>(c.labels.size()));
  }
}

TEST_P(PhoneNumbersE2E, EverySort) {
  struct Case {
    const char* query;
    std::vector<int> labels;
  };
  const Case cases[] = {
      {"?sort=created_at", {6, 5, 4, 3, 2, 1}},
      {"?sort=monthly_fee", {5, 2, 1, 4, 3, 6}},
      {"?sort=number", {2, 1, 3, 4, 6, 5}},
      {"?sort=monthly_fee&include_external=1", {7, 5, 2, 1, 4, 3, 6}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.query);
    auto res = List(c.query);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(Labels(res), c.labels);
  }
}

TEST_P(PhoneNumbersE2E, PaginationOnFirstMiddleLastAndPastTheEnd) {
  struct Case {
    const char* query;
    std::vector<int> labels;
    const char* pagination;
  };
  const Case cases[] = {
      {"?per_page=2",
       {6, 5},
       R"({"current_page":1,"per_page":2,"total":6,"last_page":3,"from":1,"to":2,"has_more":true})"},
      {"?per_page=2&page=2",
       {4, 3},
       R"({"current_page":2,"per_page":2,"total":6,"last_page":3,"from":3,"to":4,"has_more":true})"},
      {"?per_page=2&page=3",
       {2, 1},
       R"({"current_page":3,"per_page":2,"total":6,"last_page":3,"from":5,"to":6,"has_more":false})"},
      {"?per_page=4&page=2",
       {2, 1},
       R"({"current_page":2,"per_page":4,"total":6,"last_page":2,"from":5,"to":6,"has_more":false})"},
      {"?per_page=2&page=4",
       {},
       R"({"current_page":4,"per_page":2,"total":6,"last_page":3,"from":null,"to":null,)"
       R"("has_more":false})"},
      {"?status=pending&type=mobile",
       {},
       R"({"current_page":1,"per_page":25,"total":0,"last_page":1,"from":null,"to":null,)"
       R"("has_more":false})"},
      {"?per_page=100",
       {6, 5, 4, 3, 2, 1},
       R"({"current_page":1,"per_page":100,"total":6,"last_page":1,"from":1,"to":6,)"
       R"("has_more":false})"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.query);
    auto res = List(c.query);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(Labels(res), c.labels);
    EXPECT_EQ(ToJson(res.data()["pagination"]), c.pagination);
  }
}

TEST_P(PhoneNumbersE2E, BadQueryValuesAre422NamingTheParameter) {
  const std::pair<const char*, const char*> cases[] = {
      {"?per_page=101", "per_page"},
      {"?per_page=0", "per_page"},
      {"?page=0", "page"},
      {"?page=abc", "page"},
      {"?status=archived", "status"},
      {"?country_code=USA", "country_code"},
      {"?country_code=1", "country_code"},
      {"?type=landline", "type"},
      {"?compliance=done", "compliance"},
      {"?sort=price", "sort"},
      {"?include_external=yes", "include_external"},
      {"?bound_to_agent_uuid=ava", "bound_to_agent_uuid"},
  };
  for (const auto& [query, field] : cases) {
    SCOPED_TRACE(query);
    auto res = List(query);
    ASSERT_EQ(res.status, 422) << res.body;
    EXPECT_FALSE(res.json["success"].GetBool());
    EXPECT_STREQ(res.json["error"]["code"].GetString(), "VALIDATION_ERROR");
    EXPECT_STREQ(res.json["error"]["field"].GetString(), field);
  }
}

TEST_P(PhoneNumbersE2E, TotalsFollowWrites) {
  EXPECT_EQ(List("?country_code=US").data()["pagination"]["total"].GetInt64(), 2);
  auto created = server_.Post("/api/v1/phone-numbers",
                              R"({"number":"+18005550199","type":"toll_free"})", token_);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(List("?country_code=US").data()["pagination"]["total"].GetInt64(), 3);
  ASSERT_EQ(server_.Delete("/api/v1/phone-numbers/" + uuid_[1], token_).status, 200);
  EXPECT_EQ(List("?country_code=US").data()["pagination"]["total"].GetInt64(), 2);
}

TEST_P(PhoneNumbersE2E, CreateNormalizesAndAppliesDefaults) {
  auto res = server_.Post("/api/v1/phone-numbers",
                          R"({"number":"+18005550199","type":"toll_free","uuid":"x"})", token_);
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_STREQ(res.json["message"].GetString(), "Phone number created successfully");
  const auto& d = res.data();
  EXPECT_EQ(d["phone_number_uuid"].GetStringLength(), 36u);
  EXPECT_STREQ(d["country_code"].GetString(), "US");
  EXPECT_FALSE(d["is_external"].GetBool());
  EXPECT_STREQ(d["status"].GetString(), "active");
  EXPECT_EQ(ToJson(d["compliance"]), R"({"status":"completed","requirements":[]})");
  EXPECT_EQ(ToJson(d["billing"]), R"({"monthly_fee":0,"currency":"EUR"})");
  EXPECT_EQ(ToJson(d["capabilities"]),
            R"({"voice":false,"sms":false,"mms":false,"fax":false,"emergency":false,)"
            R"("local_calling":false})");
  EXPECT_FALSE(d["bindings"]["whatsapp"]["bound"].GetBool());
  EXPECT_STREQ(d["purchased_at"].GetString(), "2024-03-01T12:07:00Z");

  auto national =
      server_.Post("/api/v1/phone-numbers",
                   R"({"number":"030 1234568","country_code":"de","type":"local","currency":"USD",
          "monthly_fee":0.1,"channel_settings":{"voice":{"channel_limit":10,
          "whitelisted_destinations":["+49"]},"inbound":{"enabled":false}}})",
                   token_);
  ASSERT_EQ(national.status, 201) << national.body;
  EXPECT_STREQ(national.data()["number"].GetString(), "+49301234568");
  EXPECT_STREQ(national.data()["country_code"].GetString(), "DE");
  EXPECT_EQ(ToJson(national.data()["billing"]), R"({"monthly_fee":0.1,"currency":"USD"})");
  EXPECT_EQ(ToJson(national.data()["channel_settings"]),
            R"({"voice":{"enabled":true,"channel_limit":10,"whitelisted_destinations":["+49"]},)"
            R"("sms":{"enabled":true,"channel_limit":1,"whitelisted_destinations":[]},)"
            R"("inbound":{"enabled":false,"channel_limit":1}})");

  // An international number keeps its own region whatever country_code says.
  auto intl =
      server_.Post("/api/v1/phone-numbers",
                   R"({"number":"+44 20 7946 0959","country_code":"US","type":"local"})", token_);
  ASSERT_EQ(intl.status, 201) << intl.body;
  EXPECT_STREQ(intl.data()["number"].GetString(), "+442079460959");
  EXPECT_STREQ(intl.data()["country_code"].GetString(), "GB");
}

TEST_P(PhoneNumbersE2E, CreateErrors) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"type":"local"})", "number"},
      {R"({"number":"","type":"local"})", "number"},
      {R"({"number":"12345","type":"local"})", "number"},
      {R"({"number":"4155552672","type":"local"})", "number"},
      {R"({"number":"+14155552672"})", "type"},
      {R"({"number":"+14155552672","type":"landline"})", "type"},
      {R"({"number":"+14155552672","type":"local","monthly_fee":-1})", "monthly_fee"},
      {R"({"number":"+14155552672","type":"local","monthly_fee":"1"})", "monthly_fee"},
      {R"({"number":"+14155552672","type":"local","currency":"eur"})", "currency"},
      {R"({"number":"+14155552672","type":"local","currency":"EURO"})", "currency"},
      {R"({"number":"+14155552672","type":"local","capabilities":[]})", "capabilities"},
      {R"({"number":"+14155552672","type":"local","capabilities":{"voice":"yes"}})",
       "capabilities.voice"},
      {R"({"number":"+14155552672","type":"local","status":"archived"})", "status"},
      {R"({"number":"+14155552672","type":"local","compliance":{"status":"done"}})",
       "compliance.status"},
      {R"({"number":"+14155552672","type":"local","compliance":{"requirements":{}}})",
       "compliance.requirements"},
      {R"({"number":"+14155552672","type":"local","is_external":"no"})", "is_external"},
      {R"({"number":"+14155552672","type":"local","channel_settings":[]})", "channel_settings"},
      {R"({"number":"+14155552672","type":"local","channel_settings":{"voice":1}})",
       "channel_settings.voice"},
      {R"({"number":"+14155552672","type":"local","channel_settings":{"voice":{"channel_limit":1001}}})",
       "channel_settings.voice.channel_limit"},
      {R"({"number":"+14155552672","type":"local","channel_settings":{"sms":{"channel_limit":-1}}})",
       "channel_settings.sms.channel_limit"},
      {R"({"number":"+14155552672","type":"local","channel_settings":{"sms":{"channel_limit":1.5}}})",
       "channel_settings.sms.channel_limit"},
      {R"({"number":"+14155552672","type":"local","channel_settings":{"inbound":{"enabled":"no"}}})",
       "channel_settings.inbound.enabled"},
      {R"({"number":"+14155552672","type":"local",
           "channel_settings":{"voice":{"whitelisted_destinations":[1]}}})",
       "channel_settings.voice.whitelisted_destinations.0"},
  };
  for (const auto& [body, field] : cases) {
    SCOPED_TRACE(body);
    auto res = server_.Post("/api/v1/phone-numbers", body, token_);
    ASSERT_EQ(res.status, 422) << res.body;
    EXPECT_STREQ(res.json["error"]["code"].GetString(), "VALIDATION_ERROR");
    EXPECT_STREQ(res.json["error"]["field"].GetString(), field);
  }
  EXPECT_EQ(List("?include_external=1").data()["pagination"]["total"].GetInt64(), 7);

  for (const char* body : {R"({"number":"+14155552671","type":"mobile"})",
                           R"({"number":"(415) 555-2671","country_code":"US","type":"local"})"}) {
    SCOPED_TRACE(body);
    auto dup = server_.Post("/api/v1/phone-numbers", body, token_);
    ASSERT_EQ(dup.status, 409) << dup.body;
    EXPECT_FALSE(dup.json["success"].GetBool());
    EXPECT_STREQ(dup.json["error"]["code"].GetString(), "CONFLICT");
    EXPECT_STREQ(dup.json["error"]["field"].GetString(), "number");
  }
  EXPECT_EQ(server_.Post("/api/v1/phone-numbers", "{", token_).status, 400);
}

TEST_P(PhoneNumbersE2E, PatchMergesChannelSettingsAndIgnoresOtherFields) {
  server_.clock().Advance(3600);
  auto res = server_.Patch("/api/v1/phone-numbers/" + uuid_[2],
                           R"({"status":"inactive","compliance":{"status":"requirement_pending"},
          "channel_settings":{"voice":{"channel_limit":5},"sms":{"enabled":false,
          "whitelisted_destinations":["+1"]}},"number":"+19999999999","type":"mobile",
          "monthly_fee":99})",
                           token_);
  ASSERT_EQ(res.status, 200) << res.body;
  const auto& d = res.data();
  EXPECT_STREQ(d["number"].GetString(), "+12125551234");
  EXPECT_STREQ(d["type"].GetString(), "toll_free");
  EXPECT_EQ(ToJson(d["billing"]), R"({"monthly_fee":1,"currency":"EUR"})");
  EXPECT_STREQ(d["status"].GetString(), "inactive");
  EXPECT_EQ(ToJson(d["compliance"]), R"({"status":"requirement_pending","requirements":[]})");
  EXPECT_EQ(ToJson(d["channel_settings"]),
            R"({"voice":{"enabled":true,"channel_limit":5,"whitelisted_destinations":[]},)"
            R"("sms":{"enabled":false,"channel_limit":1,"whitelisted_destinations":["+1"]},)"
            R"("inbound":{"enabled":true,"channel_limit":1}})");
  EXPECT_STREQ(d["updated_at"].GetString(), "2024-03-01T13:07:00Z");
  EXPECT_STREQ(d["purchased_at"].GetString(), "2024-03-01T12:01:00Z");

  auto again = server_.Patch("/api/v1/phone-numbers/" + uuid_[2],
                             R"({"channel_settings":{"voice":{"enabled":false}}})", token_);
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(ToJson(again.data()["channel_settings"]["voice"]),
            R"({"enabled":false,"channel_limit":5,"whitelisted_destinations":[]})");
  EXPECT_FALSE(again.data()["channel_settings"]["sms"]["enabled"].GetBool());

  auto bad = server_.Patch("/api/v1/phone-numbers/" + uuid_[2],
                           R"({"channel_settings":{"voice":{"channel_limit":"5"}}})", token_);
  ASSERT_EQ(bad.status, 422);
  EXPECT_STREQ(bad.json["error"]["field"].GetString(), "channel_settings.voice.channel_limit");
  auto bad_status = server_.Patch("/api/v1/phone-numbers/" + uuid_[2], R"({"status":"x"})", token_);
  ASSERT_EQ(bad_status.status, 422);
  EXPECT_STREQ(bad_status.json["error"]["field"].GetString(), "status");
  EXPECT_EQ(server_
                .Patch("/api/v1/phone-numbers/00000000-0000-7000-8000-000000000000",
                       R"({"status":"active"})", token_)
                .status,
            404);
}

TEST_P(PhoneNumbersE2E, DeleteRemovesTheNumberAndItsBindings) {
  auto del = server_.Delete("/api/v1/phone-numbers/" + uuid_[1], token_);
  ASSERT_EQ(del.status, 200) << del.body;
  EXPECT_TRUE(del.data().IsNull());
  auto gone = server_.Get("/api/v1/phone-numbers/" + uuid_[1], token_);
  ASSERT_EQ(gone.status, 404);
  EXPECT_STREQ(gone.json["error"]["code"].GetString(), "NOT_FOUND");
  EXPECT_EQ(server_.Delete("/api/v1/phone-numbers/" + uuid_[1], token_).status, 404);
  auto ava = server_.Get("/api/v1/agents/" + ava_, token_);
  ASSERT_EQ(ava.data()["bindings"].Size(), 1u);
  EXPECT_STREQ(ava.data()["bindings"][0]["number"].GetString(), "+447400123456");
  EXPECT_EQ(Labels(List("?bound_to_agent_uuid=" + ava_)), (std::vector<int>{4}));
}

TEST_P(PhoneNumbersE2E, AuthAndTenantIsolation) {
  auto missing = server_.Get("/api/v1/phone-numbers");
  ASSERT_EQ(missing.status, 401);
  EXPECT_STREQ(missing.json["error"]["code"].GetString(), "MISSING_AUTH_TOKEN");
  auto invalid = server_.Get("/api/v1/phone-numbers/" + uuid_[1], "sb_nope");
  ASSERT_EQ(invalid.status, 401);
  EXPECT_STREQ(invalid.json["error"]["code"].GetString(), "INVALID_AUTH_TOKEN");
  EXPECT_EQ(server_.Post("/api/v1/phone-numbers", "{}", "").status, 401);

  std::string globex = server_.CreateToken("Globex");
  auto list = server_.Get("/api/v1/phone-numbers?include_external=1", globex);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.data()["items"].Size(), 0u);
  EXPECT_EQ(list.data()["pagination"]["total"].GetInt64(), 0);
  EXPECT_EQ(server_.Get("/api/v1/phone-numbers?bound_to_agent_uuid=" + ava_, globex)
                .data()["items"]
                .Size(),
            0u);
  EXPECT_EQ(server_.Get("/api/v1/phone-numbers/" + uuid_[1], globex).status, 404);
  EXPECT_EQ(
      server_.Patch("/api/v1/phone-numbers/" + uuid_[1], R"({"status":"inactive"})", globex).status,
      404);
  EXPECT_EQ(server_.Delete("/api/v1/phone-numbers/" + uuid_[1], globex).status, 404);
  // The same number is free to register in another organization.
  EXPECT_EQ(
      server_.Post("/api/v1/phone-numbers", R"({"number":"+14155552671","type":"local"})", globex)
          .status,
      201);
  EXPECT_STREQ(
      server_.Get("/api/v1/phone-numbers/" + uuid_[1], token_).data()["status"].GetString(),
      "active");
}

}  // namespace
}  // namespace sb::testing
