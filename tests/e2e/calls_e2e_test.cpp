// /api/v1/calls and /api/v1/contacts/{uuid}/calls end to end: recording calls,
// the lists and their filters, validation, the contact's last_call_* fields and
// tenant isolation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "e2e/contacts_e2e_util.hpp"
#include "e2e/server_test_fixture.hpp"
#include "e2e/test_server.hpp"

namespace sb::testing {
namespace {

using V = std::vector<std::string>;

class CallsE2E : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    other_token_ = server_.CreateToken("Globex", "ops@globex.example");
    ann_ = CreateContact(server_, token_, R"({"name":"Ann","phone_number":"+14155552671"})");
    bob_ = CreateContact(server_, token_, R"({"name":"Bob","phone_number":"+14155552672"})");
    theirs_ =
        CreateContact(server_, other_token_, R"({"name":"Theirs","phone_number":"+14155552673"})");
  }

  std::string Created(const HttpResult& res, const char* key = "uuid") {
    EXPECT_EQ(res.status, 201) << res.body;
    return res.status == 201 ? res.data()[key].GetString() : "";
  }
  std::string MakeAgent(const std::string& token) {
    return Created(server_.Post("/api/v1/agents", R"({"name":"Ava"})", token));
  }
  std::string MakeNumber(const std::string& token) {
    return Created(
        server_.Post("/api/v1/phone-numbers", R"({"type":"local","number":"+14155550100"})", token),
        "phone_number_uuid");
  }
  std::string MakeCampaign(const std::string& token) {
    return Created(server_.Post("/api/v1/campaigns", R"({"name":"Spring"})", token));
  }

  // POSTs a call for `contact` with `status` and further `extra` fields.
  HttpResult PostCall(const std::string& contact, const std::string& status,
                      const std::string& extra = "", const std::string& token = "") {
    std::string body = R"({"contact_uuid":")" + contact + R"(","status":")" + status + "\"" +
                       (extra.empty() ? "" : ",") + extra + "}";
    return server_.Post("/api/v1/calls", body, token.empty() ? token_ : token);
  }
  std::string RecordCall(const std::string& contact, const std::string& status,
                         const std::string& started_at, const std::string& extra = "") {
    return Created(
        PostCall(contact, status,
                 R"("started_at":")" + started_at + "\"" + (extra.empty() ? "" : ",") + extra));
  }

  std::string other_token_;
  std::string ann_;
  std::string bob_;
  std::string theirs_;
};

SB_INSTANTIATE_ENGINES(CallsE2E);

TEST_P(CallsE2E, CreateReturnsTheCallWithEveryField) {
  std::string agent = MakeAgent(token_);
  std::string number = MakeNumber(token_);
  std::string campaign = MakeCampaign(token_);
  server_.clock().Advance(60);
  auto res = PostCall(ann_, "picked-up",
                      R"("agent_uuid":")" + agent + R"(","phone_number_uuid":")" + number +
                          R"(","campaign_uuid":")" + campaign +
                          R"(","direction":"inbound","started_at":"2024-03-01T09:30:00+01:00",)"
                          R"("duration":95,"feedback":"Wants a demo",)"
                          R"("recording_url":"https://rec.example.com/a.mp3",)"
                          R"("uuid":"ignored","created_at":"2020-01-01T00:00:00Z",)"
                          R"("organization_id":99)");
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_STREQ(res.json["message"].GetString(), "Call created successfully");
  std::string uuid = res.data()["uuid"].GetString();
  EXPECT_NE(uuid, "ignored");
  EXPECT_EQ(ToJson(res.data()),
            R"({"uuid":")" + uuid + R"(","contact_uuid":")" + ann_ + R"(","agent_uuid":")" + agent +
                R"(","phone_number_uuid":")" + number + R"(","campaign_uuid":")" + campaign +
                R"(","direction":"inbound","status":"picked-up",)"
                R"("started_at":"2024-03-01T08:30:00Z","duration":95,"feedback":"Wants a demo",)"
                R"("recording_url":"https://rec.example.com/a.mp3",)"
                R"("created_at":"2024-03-01T12:01:00Z"})");

  auto got = server_.Get("/api/v1/calls/" + uuid, token_);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_STREQ(got.json["message"].GetString(), "Call retrieved successfully");
  EXPECT_EQ(ToJson(got.data()), ToJson(res.data()));
  // Ids are accepted in either case.
  std::string upper = uuid;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  EXPECT_EQ(server_.Get("/api/v1/calls/" + upper, token_).status, 200);
  EXPECT_EQ(server_.Get("/api/v1/calls/" + ann_, token_).status, 404);
}

TEST_P(CallsE2E, CreateAppliesDefaults) {
  auto res = PostCall(ann_, "no-answer", R"("started_at":null,"feedback":null)");
  ASSERT_EQ(res.status, 201) << res.body;
  std::string uuid = res.data()["uuid"].GetString();
  EXPECT_EQ(ToJson(res.data()),
            R"({"uuid":")" + uuid + R"(","contact_uuid":")" + ann_ +
                R"(","agent_uuid":null,"phone_number_uuid":null,"campaign_uuid":null,)"
                R"("direction":"outbound","status":"no-answer",)"
                R"("started_at":"2024-03-01T12:00:00Z","duration":0,"feedback":null,)"
                R"("recording_url":null,"created_at":"2024-03-01T12:00:00Z"})");
}

TEST_P(CallsE2E, EveryStatusAndDirectionIsAccepted) {
  for (const char* status :
       {"picked-up", "no-answer", "busy", "unreachable", "voicemail", "failed", "in-progress"}) {
    for (const char* direction : {"outbound", "inbound"}) {
      auto res = PostCall(ann_, status, R"("direction":")" + std::string(direction) + "\"");
      ASSERT_EQ(res.status, 201) << status << " " << direction << ": " << res.body;
      EXPECT_STREQ(res.data()["status"].GetString(), status);
      EXPECT_STREQ(res.data()["direction"].GetString(), direction);
    }
  }
}

TEST_P(CallsE2E, ValidationNamesTheField) {
  const std::string unknown = "0190a000-0000-7000-8000-000000000000";
  const std::string their_agent = MakeAgent(other_token_);
  const std::string their_number = MakeNumber(other_token_);
  const std::string their_campaign = MakeCampaign(other_token_);
  const std::string ok = R"("contact_uuid":")" + ann_ + R"(","status":"busy")";
  struct Case {
    std::string body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {R"({"status":"busy"})", "contact_uuid"},
      {R"({"contact_uuid":"nope","status":"busy"})", "contact_uuid"},
      {R"({"contact_uuid":7,"status":"busy"})", "contact_uuid"},
      {R"({"contact_uuid":")" + unknown + R"(","status":"busy"})", "contact_uuid"},
      {R"({"contact_uuid":")" + theirs_ + R"(","status":"busy"})", "contact_uuid"},
      {"{" + ok + R"(,"agent_uuid":"x"})", "agent_uuid"},
      {"{" + ok + R"(,"agent_uuid":")" + unknown + "\"}", "agent_uuid"},
      {"{" + ok + R"(,"agent_uuid":")" + their_agent + "\"}", "agent_uuid"},
      {"{" + ok + R"(,"phone_number_uuid":")" + unknown + "\"}", "phone_number_uuid"},
      {"{" + ok + R"(,"phone_number_uuid":")" + their_number + "\"}", "phone_number_uuid"},
      {"{" + ok + R"(,"campaign_uuid":")" + unknown + "\"}", "campaign_uuid"},
      {"{" + ok + R"(,"campaign_uuid":")" + their_campaign + "\"}", "campaign_uuid"},
      {"{" + ok + R"(,"direction":"sideways"})", "direction"},
      {"{" + ok + R"(,"direction":"Outbound"})", "direction"},
      {R"({"contact_uuid":")" + ann_ + R"("})", "status"},
      {R"({"contact_uuid":")" + ann_ + R"(","status":"Picked-Up"})", "status"},
      {R"({"contact_uuid":")" + ann_ + R"(","status":"answered"})", "status"},
      {"{" + ok + R"(,"started_at":"yesterday"})", "started_at"},
      {"{" + ok + R"(,"started_at":"2024-02-30T10:00:00Z"})", "started_at"},
      {"{" + ok + R"(,"started_at":1709294400})", "started_at"},
      {"{" + ok + R"(,"duration":-1})", "duration"},
      {"{" + ok + R"(,"duration":"12"})", "duration"},
      {"{" + ok + R"(,"duration":1.5})", "duration"},
      {"{" + ok + R"(,"duration":604801})", "duration"},
      {"{" + ok + R"(,"feedback":5})", "feedback"},
      {"{" + ok + R"(,"feedback":")" + std::string(10001, 'x') + "\"}", "feedback"},
      {"{" + ok + R"(,"recording_url":"ftp://rec.example.com/a.mp3"})", "recording_url"},
      {"{" + ok + R"(,"recording_url":"rec.example.com/a.mp3"})", "recording_url"},
      {"{" + ok + R"(,"recording_url":"https://"})", "recording_url"},
      {"{" + ok + R"(,"recording_url":"https://rec.example.com/a b.mp3"})", "recording_url"},
      {"{" + ok + R"(,"recording_url":42})", "recording_url"},
  };
  for (const auto& c : cases) {
    auto res = server_.Post("/api/v1/calls", c.body, token_);
    EXPECT_EQ(res.status, 422) << c.body.substr(0, 200) << " -> " << res.body.substr(0, 300);
    EXPECT_EQ(ErrorField(res), c.field) << c.body.substr(0, 200);
  }
  // Nothing was recorded, and Ann's last call is still unset.
  auto list = server_.Get("/api/v1/calls", token_);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.data()["total"].GetInt(), 0);
  auto ann = server_.Get("/api/v1/contacts/" + ann_, token_);
  EXPECT_TRUE(ann.data()["last_call_status"].IsNull());

  // The limits themselves are accepted.
  auto edge = server_.Post("/api/v1/calls",
                           "{" + ok +
                               R"(,"duration":604800,"recording_url":"HTTP://rec.example)"
                               R"(.com:8080/a.mp3?x=1","feedback":")" +
                               std::string(10000, 'x') + "\"}",
                           token_);
  EXPECT_EQ(edge.status, 201) << edge.body.substr(0, 300);
  EXPECT_EQ(server_.Post("/api/v1/calls", "{" + ok + ",", token_).status, 400);
}

TEST_P(CallsE2E, ListsNewestFirstWithEachFilter) {
  std::string campaign = MakeCampaign(token_);
  const std::string in_campaign = R"("campaign_uuid":")" + campaign + "\"";
  std::string c1 = RecordCall(ann_, "busy", "2024-02-28T10:00:00Z", in_campaign);
  std::string c2 = RecordCall(bob_, "picked-up", "2024-02-29T23:59:59Z");
  std::string c3 = RecordCall(ann_, "picked-up", "2024-03-01T00:00:00Z", in_campaign);
  std::string c4 = RecordCall(bob_, "no-answer", "2024-03-01T11:00:00Z");
  std::string c5 = RecordCall(bob_, "voicemail", "2024-03-01T11:00:00Z");  // same start, later

  struct Case {
    std::string query;
    V expected;
  };
  const std::vector<Case> cases = {
      {"", {c5, c4, c3, c2, c1}},
      {"?contact_uuid=" + ann_, {c3, c1}},
      {"?contact_uuid=" + bob_, {c5, c4, c2}},
      {"?contact_uuid=" + theirs_, {}},
      {"?campaign_uuid=" + campaign, {c3, c1}},
      {"?campaign_uuid=0190a000-0000-7000-8000-000000000000", {}},
      {"?status=picked-up", {c3, c2}},
      {"?status=busy", {c1}},
      {"?status=failed", {}},
      {"?date_from=2024-02-29", {c5, c4, c3, c2}},
      {"?date_to=2024-02-29", {c2, c1}},
      {"?date_from=2024-02-29&date_to=2024-02-29", {c2}},
      {"?date_from=2024-03-01&date_to=2024-03-01", {c5, c4, c3}},
      {"?date_from=2024-03-02", {}},
      {"?date_from=2024-03-01&date_to=2024-02-28", {}},
      {"?contact_uuid=" + ann_ + "&status=busy", {c1}},
      {"?campaign_uuid=" + campaign + "&date_from=2024-03-01", {c3}},
      {"?per_page=2", {c5, c4}},
      {"?per_page=2&page=3", {c1}},
      {"?per_page=2&page=4", {}},
      {"?unknown=1&status=", {c5, c4, c3, c2, c1}},  // unknown and empty parameters are ignored
  };
  for (const auto& c : cases) {
    auto res = server_.Get("/api/v1/calls" + c.query, token_);
    EXPECT_EQ(PageUuids(res), c.expected) << c.query;
  }

  auto page = server_.Get("/api/v1/calls?per_page=2&page=2&status=picked-up", token_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_STREQ(page.json["message"].GetString(), "Calls retrieved successfully");
  EXPECT_EQ(Keys(page.data()), (V{"current_page", "last_page", "per_page", "total", "data"}));
  EXPECT_EQ(page.data()["current_page"].GetInt(), 2);
  EXPECT_EQ(page.data()["last_page"].GetInt(), 1);
  EXPECT_EQ(page.data()["per_page"].GetInt(), 2);
  EXPECT_EQ(page.data()["total"].GetInt(), 2);
  auto all = server_.Get("/api/v1/calls", token_);
  EXPECT_EQ(all.data()["per_page"].GetInt(), 15);
  EXPECT_EQ(all.data()["total"].GetInt(), 5);
}

TEST_P(CallsE2E, BadFilterValuesNameTheParameter) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"contact_uuid=nope", "contact_uuid"},
      {"campaign_uuid=42", "campaign_uuid"},
      {"status=done", "status"},
      {"status=Busy", "status"},
      {"date_from=2024-13-01", "date_from"},
      {"date_from=yesterday", "date_from"},
      {"date_to=01/03/2024", "date_to"},
      {"date_to=2024-02-30", "date_to"},
      {"per_page=101", "per_page"},
      {"per_page=0", "per_page"},
      {"page=0", "page"},
  };
  const std::string contact_path = "/api/v1/contacts/" + ann_ + "/calls";
  for (const auto& [query, field] : cases) {
    for (const std::string& path : {std::string("/api/v1/calls"), contact_path}) {
      std::string url = path;
      url += "?";
      url += query;
      auto res = server_.Get(url, token_);
      if (path == contact_path && field == "contact_uuid") {
        // The path names the contact there: the parameter is not read.
        EXPECT_EQ(res.status, 200) << res.body;
        continue;
      }
      EXPECT_EQ(res.status, 422) << url << " -> " << res.body;
      EXPECT_EQ(ErrorField(res), field) << url;
    }
  }
}

TEST_P(CallsE2E, ContactCallsAreTheListScopedToTheContact) {
  std::string c1 = RecordCall(ann_, "busy", "2024-02-28T10:00:00Z");
  std::string c2 = RecordCall(bob_, "busy", "2024-02-29T10:00:00Z");
  std::string c3 = RecordCall(ann_, "picked-up", "2024-03-01T10:00:00Z");
  const std::string base = "/api/v1/contacts/" + ann_ + "/calls";
  const std::vector<std::pair<std::string, V>> cases = {
      {"", {c3, c1}},
      {"?status=busy", {c1}},
      {"?date_from=2024-03-01", {c3}},
      {"?date_to=2024-02-28", {c1}},
      {"?contact_uuid=" + bob_, {c3, c1}},  // the path names the contact
      {"?per_page=1&page=2", {c1}},
  };
  for (const auto& [query, expected] : cases) {
    EXPECT_EQ(PageUuids(server_.Get(base + query, token_)), expected) << query;
  }
  EXPECT_EQ(PageUuids(server_.Get("/api/v1/contacts/" + bob_ + "/calls", token_)), (V{c2}));
  auto total = server_.Get(base, token_);
  EXPECT_EQ(total.data()["total"].GetInt(), 2);

  auto unknown = server_.Get("/api/v1/contacts/0190a000-0000-7000-8000-000000000000/calls", token_);
  EXPECT_EQ(unknown.status, 404) << unknown.body;
}

TEST_P(CallsE2E, TheContactShowsItsLatestCallWhateverTheRecordingOrder) {
  RecordCall(ann_, "voicemail", "2024-03-01T10:00:00Z",
             R"("duration":42,"feedback":"Left a message")");
  // An older call recorded afterwards does not overwrite the newer one.
  RecordCall(ann_, "picked-up", "2024-02-20T10:00:00Z", R"("duration":300,"feedback":"Keen")");
  auto ann = server_.Get("/api/v1/contacts/" + ann_, token_);
  ASSERT_EQ(ann.status, 200) << ann.body;
  EXPECT_STREQ(ann.data()["last_call_status"].GetString(), "voicemail");
  EXPECT_STREQ(ann.data()["last_call_at"].GetString(), "2024-03-01T10:00:00Z");
  EXPECT_EQ(ann.data()["last_call_duration"].GetInt(), 42);
  EXPECT_STREQ(ann.data()["last_call_feedback"].GetString(), "Left a message");

  // A newer call replaces it; one without feedback clears the feedback.
  RecordCall(ann_, "busy", "2024-03-01T11:00:00Z");
  ann = server_.Get("/api/v1/contacts/" + ann_, token_);
  EXPECT_STREQ(ann.data()["last_call_status"].GetString(), "busy");
  EXPECT_STREQ(ann.data()["last_call_at"].GetString(), "2024-03-01T11:00:00Z");
  EXPECT_EQ(ann.data()["last_call_duration"].GetInt(), 0);
  EXPECT_TRUE(ann.data()["last_call_feedback"].IsNull());

  // The contacts list shows the same; Bob has no call yet.
  auto list = server_.Get("/api/v1/contacts", token_);
  ASSERT_EQ(list.status, 200) << list.body;
  std::map<std::string, std::string> last_status;
  for (const auto& c : list.data()["data"].GetArray()) {
    last_status[c["name"].GetString()] = ToJson(c["last_call_status"]);
  }
  EXPECT_EQ(last_status,
            (std::map<std::string, std::string>{{"Ann", "\"busy\""}, {"Bob", "null"}}));
}

TEST_P(CallsE2E, ListTotalsFollowNewCalls) {
  auto before = server_.Get("/api/v1/calls?contact_uuid=" + ann_, token_);
  EXPECT_EQ(before.data()["total"].GetInt(), 0);
  RecordCall(ann_, "busy", "2024-03-01T10:00:00Z");
  auto after = server_.Get("/api/v1/calls?contact_uuid=" + ann_, token_);
  EXPECT_EQ(after.data()["total"].GetInt(), 1);
  EXPECT_EQ(server_.Get("/api/v1/contacts/" + ann_ + "/calls", token_).data()["total"].GetInt(), 1);
}

TEST_P(CallsE2E, AnotherOrganizationSeesNoneOfIt) {
  std::string call = RecordCall(ann_, "busy", "2024-03-01T10:00:00Z");
  auto list = server_.Get("/api/v1/calls", other_token_);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(PageUuids(list), V{});
  EXPECT_EQ(list.data()["total"].GetInt(), 0);
  EXPECT_EQ(PageUuids(server_.Get("/api/v1/calls?contact_uuid=" + ann_, other_token_)), V{});
  EXPECT_EQ(server_.Get("/api/v1/calls/" + call, other_token_).status, 404);
  EXPECT_EQ(server_.Get("/api/v1/contacts/" + ann_ + "/calls", other_token_).status, 404);

  // Neither side can attach a call to the other's contact.
  auto attach = PostCall(ann_, "picked-up", R"("started_at":"2024-03-01T11:00:00Z")", other_token_);
  EXPECT_EQ(attach.status, 422) << attach.body;
  EXPECT_EQ(ErrorField(attach), "contact_uuid");
  auto ann = server_.Get("/api/v1/contacts/" + ann_, token_);
  EXPECT_STREQ(ann.data()["last_call_status"].GetString(), "busy");
  EXPECT_EQ(ErrorField(PostCall(theirs_, "busy")), "contact_uuid");
  EXPECT_EQ(PageUuids(server_.Get("/api/v1/calls", other_token_)), V{});
}

TEST_P(CallsE2E, DeletingAContactDeletesItsCalls) {
  std::string gone = RecordCall(ann_, "busy", "2024-03-01T10:00:00Z");
  std::string kept = RecordCall(bob_, "busy", "2024-03-01T10:00:00Z");
  ASSERT_EQ(server_.Delete("/api/v1/contacts/" + ann_, token_).status, 200);
  EXPECT_EQ(server_.Get("/api/v1/calls/" + gone, token_).status, 404);
  auto list = server_.Get("/api/v1/calls", token_);
  EXPECT_EQ(PageUuids(list), (V{kept}));
  EXPECT_EQ(list.data()["total"].GetInt(), 1);
  EXPECT_EQ(server_.Get("/api/v1/contacts/" + ann_ + "/calls", token_).status, 404);
}

}  // namespace
}  // namespace sb::testing
