// The dialer's worker API end to end: claims and member events.
// The clock starts on Friday 2024-03-01 12:00Z, 13:00 in Paris where the
// contacts live: inside the default rule window (09:00-18:00) and the legal
// one (08:00-21:00).
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "e2e/pool_e2e_helpers.hpp"
#include "e2e/test_server.hpp"
#include "jobs/lease_sweeper.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

class DialerE2E : public ::sb::testing::EngineTest {
 protected:
  void SetUp() override {
    token_ = server_.CreateToken("Acme");
    auto number = server_.Post("/api/v1/phone-numbers",
                               R"({"number":"+33612345600","type":"mobile"})", token_);
    ASSERT_EQ(number.status, 201) << number.body;
    number_ = number.data()["phone_number_uuid"].GetString();
    auto agent = server_.Post("/api/v1/agents", R"({"name":"Ava"})", token_);
    ASSERT_EQ(agent.status, 201) << agent.body;
    agent_ = agent.data()["uuid"].GetString();
    auto bound = server_.Post("/api/v1/agents/" + agent_ + "/channels/call",
                              R"({"phone_number_uuid":")" + number_ + R"("})", token_);
    ASSERT_EQ(bound.status, 200) << bound.body;
    pool_ = MakePool(server_, token_, "Leads");
    for (const char* name : {"Ann", "Ben", "Cat"}) {
      std::string phone = std::string("+3361234570") + std::to_string(contacts_.size());
      contacts_.push_back(
          MakeContact(server_, token_, name, phone, R"("timezone":"Europe/Paris")"));
      server_.clock().Advance(1);
    }
    auto added = server_.Post("/api/v1/pools/" + pool_ + "/contacts",
                              R"({"contact_uuids":)" + JsonArray(contacts_) + "}", token_);
    ASSERT_EQ(added.status, 200) << added.body;
    auto campaign = server_.Post(
        "/api/v1/campaigns",
        R"({"name":"Spring","status":"Active","agent_uuid":")" + agent_ + R"("})", token_);
    ASSERT_EQ(campaign.status, 201) << campaign.body;
    campaign_ = campaign.data()["uuid"].GetString();
    auto attached = server_.Post("/api/v1/campaigns/" + campaign_ + "/pools",
                                 R"({"pool_uuids":[")" + pool_ + R"("]})", token_);
    ASSERT_EQ(attached.status, 200) << attached.body;
  }

  HttpResult Claim(const std::string& worker, int limit = 1) {
    return server_.Post(
        "/api/v1/campaigns/" + campaign_ + "/claim",
        R"({"worker_id":")" + worker + R"(","limit":)" + std::to_string(limit) + "}", token_);
  }
  HttpResult Event(const std::string& contact, const std::string& body) {
    return server_.Post("/api/v1/pools/" + pool_ + "/contacts/" + contact + "/events", body,
                        token_);
  }

  TestServer server_;
  std::string token_, number_, agent_, pool_, campaign_;
  std::vector<std::string> contacts_;
};

SB_INSTANTIATE_ENGINES(DialerE2E);

TEST_P(DialerE2E, AClaimHandsOutTheOldestMemberOnTheOneFreeLine) {
  auto res = Claim("w1", 5);
  ASSERT_EQ(res.status, 200) << res.body;
  ASSERT_EQ(res.data().Size(), 1u) << "the number carries one call at a time";
  const auto& item = res.data()[0];
  EXPECT_EQ(ToJson(item),
            R"({"pool_uuid":")" + pool_ + R"(","contact":{"uuid":")" + contacts_[0] +
                R"(","name":"Ann","surname":null,"phone_number":"+33612345700","email":null,)"
                R"("timezone":"Europe/Paris"},"attempt":1,"previous_status":"Pending",)"
                R"("lease_expires_at":"2024-03-01T12:02:03Z","from_number":{"uuid":")" +
                number_ + R"(","number":"+33612345600"},"zone_decided_by":"timezone"})");
  auto busy = Claim("w2");
  ASSERT_EQ(busy.status, 200) << busy.body;
  EXPECT_EQ(busy.data().Size(), 0u);
  EXPECT_STREQ(busy.json["message"].GetString(), "No contact is due to be called now");
}

TEST_P(DialerE2E, ConcurrentClaimsShareCommitsAndNeverHandOutTheOneLineTwice) {
  // Claims that arrive together run in one transaction (group commit): the
  // later ones in the batch must see the line the earlier one took.
  constexpr int kWorkers = 8;
  std::vector<std::future<HttpResult>> claims;
  for (int i = 0; i < kWorkers; ++i) {
    claims.push_back(
        std::async(std::launch::async, [this, i] { return Claim("w" + std::to_string(i), 3); }));
  }
  int handed_out = 0;
  std::string winner;
  for (int i = 0; i < kWorkers; ++i) {
    HttpResult res = claims[i].get();
    ASSERT_EQ(res.status, 200) << res.body;
    handed_out += static_cast<int>(res.data().Size());
    if (res.data().Size() > 0) winner = "w" + std::to_string(i);
  }
  EXPECT_EQ(handed_out, 1) << "the number carries one call at a time";
  EXPECT_EQ(server_.commits().stats().works, kWorkers) << "every claim went through the group";
  auto done = Event(contacts_[0], R"({"type":"completed","worker_id":")" + winner + R"("})");
  EXPECT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(server_.commits().stats().works, kWorkers + 1) << "and so does an event";
}

TEST_P(DialerE2E, AStartedCallThatCompletesIsLoggedAndFreesTheLine) {
  ASSERT_EQ(Claim("w1").data().Size(), 1u);
  auto started = Event(contacts_[0], R"({"type":"started","worker_id":"w1"})");
  ASSERT_EQ(started.status, 200) << started.body;
  EXPECT_STREQ(started.data()["member"]["status"].GetString(), "In_Call");
  EXPECT_TRUE(started.data()["call_uuid"].IsNull());
  server_.clock().Advance(95);
  auto done = Event(contacts_[0], R"({"type":"completed","worker_id":"w1","feedback":"booked"})");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_STREQ(done.data()["member"]["status"].GetString(), "Completed");
  EXPECT_EQ(done.data()["attempts"].GetInt(), 1);
  std::string call = done.data()["call_uuid"].GetString();
  auto logged = server_.Get("/api/v1/calls/" + call, token_);
  ASSERT_EQ(logged.status, 200) << logged.body;
  EXPECT_STREQ(logged.data()["status"].GetString(), "picked-up");
  EXPECT_EQ(logged.data()["duration"].GetInt(), 95);
  EXPECT_STREQ(logged.data()["feedback"].GetString(), "booked");
  auto contact = server_.Get("/api/v1/contacts/" + contacts_[0], token_);
  EXPECT_STREQ(contact.data()["last_call_status"].GetString(), "picked-up");

  auto next = Claim("w2");
  ASSERT_EQ(next.data().Size(), 1u) << next.body;
  EXPECT_EQ(next.data()[0]["contact"]["uuid"].GetString(), contacts_[1]);
}

TEST_P(DialerE2E, AFailedAttemptRetriesAfterTheRuleIntervalInsideTheWindow) {
  ASSERT_EQ(Claim("w1").data().Size(), 1u);
  auto failed = Event(contacts_[0], R"({"type":"failed","worker_id":"w1","outcome":"busy"})");
  ASSERT_EQ(failed.status, 200) << failed.body;
  const auto& member = failed.data()["member"];
  EXPECT_STREQ(member["status"].GetString(), "Retrying");
  EXPECT_EQ(member["retry_count"].GetInt(), 1);
  EXPECT_STREQ(member["next_retry_at"].GetString(), "2024-03-01T14:00:03Z");
  EXPECT_STREQ(failed.data()["last_outcome"].GetString(), "busy");

  // Ben is next; Ann waits for her retry time.
  auto next = Claim("w1");
  ASSERT_EQ(next.data().Size(), 1u);
  EXPECT_EQ(next.data()[0]["contact"]["uuid"].GetString(), contacts_[1]);
}

TEST_P(DialerE2E, NothingIsHandedOutOutsideTheWindowOrFromAnInactiveCampaign) {
  server_.clock().Set(kTestNow + 8 * 3600);  // 21:00 in Paris
  auto late = Claim("w1");
  ASSERT_EQ(late.status, 200) << late.body;
  EXPECT_EQ(late.data().Size(), 0u);

  server_.clock().Set(kTestNow);
  auto paused = server_.Patch("/api/v1/campaigns/" + campaign_, R"({"status":"Paused"})", token_);
  ASSERT_EQ(paused.status, 200) << paused.body;
  auto refused = Claim("w1");
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_STREQ(refused.json["error"]["field"].GetString(), "status");
}

TEST_P(DialerE2E, EventsThatDoNotFitAreRefusedNamingWhy) {
  auto pending = Event(contacts_[1], R"({"type":"completed","worker_id":"w1"})");
  EXPECT_EQ(pending.status, 409) << pending.body;
  EXPECT_STREQ(pending.json["error"]["field"].GetString(), "status");
  EXPECT_NE(std::string(pending.json["message"].GetString()).find("Pending"), std::string::npos);

  ASSERT_EQ(Claim("w1").data().Size(), 1u);
  auto other = Event(contacts_[0], R"({"type":"started","worker_id":"w2"})");
  EXPECT_EQ(other.status, 409) << other.body;
  EXPECT_STREQ(other.json["error"]["field"].GetString(), "worker_id");

  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"type":"ringing","worker_id":"w1"})", "type"},
           {R"({"worker_id":"w1"})", "type"},
           {R"({"type":"started"})", "worker_id"},
           {R"({"type":"failed","worker_id":"w1","outcome":"maybe"})", "outcome"},
           {R"({"type":"callback","worker_id":"w1"})", "callback_at"},
           {R"({"type":"callback","worker_id":"w1","callback_at":"2024-03-01T22:30:00Z"})",
            "callback_at"},
           {R"({"type":"skip","worker_id":"w1"})", "reason"},
       }) {
    auto res = Event(contacts_[0], body);
    EXPECT_EQ(res.status, 422) << body << " " << res.body;
    EXPECT_EQ(res.json["error"]["field"].GetString(), field) << body;
  }
  auto bad_claim = server_.Post("/api/v1/campaigns/" + campaign_ + "/claim",
                                R"({"worker_id":"w1","limit":101})", token_);
  EXPECT_EQ(bad_claim.status, 422);
  EXPECT_STREQ(bad_claim.json["error"]["field"].GetString(), "limit");
  auto unknown = server_.Post("/api/v1/campaigns/00000000-0000-7000-8000-000000000000/claim",
                              R"({"worker_id":"w1"})", token_);
  EXPECT_EQ(unknown.status, 404);
}

TEST_P(DialerE2E, ACallbackSchedulesTheMemberAndAReleaseReturnsIt) {
  ASSERT_EQ(Claim("w1").data().Size(), 1u);
  auto released = Event(contacts_[0], R"({"type":"release","worker_id":"w1"})");
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_STREQ(released.data()["member"]["status"].GetString(), "Pending");
  EXPECT_EQ(released.data()["attempts"].GetInt(), 0);

  ASSERT_EQ(Claim("w1").data()[0]["contact"]["uuid"].GetString(), contacts_[0]);
  auto callback = Event(contacts_[0], R"({"type":"callback","worker_id":"w1",)"
                                      R"("callback_at":"2024-03-04T09:30:00Z"})");
  ASSERT_EQ(callback.status, 200) << callback.body;
  EXPECT_STREQ(callback.data()["member"]["status"].GetString(), "Scheduled");
  EXPECT_STREQ(callback.data()["member"]["next_retry_at"].GetString(), "2024-03-04T09:30:00Z");
}

TEST_P(DialerE2E, TheSweeperReturnsTheMemberOfAWorkerThatWentAway) {
  auto claimed = server_.Post("/api/v1/campaigns/" + campaign_ + "/claim",
                              R"({"worker_id":"w1","lease_seconds":30})", token_);
  ASSERT_EQ(claimed.data().Size(), 1u) << claimed.body;
  auto database = server_.store().Open();
  ASSERT_TRUE(database.ok());
  SequentialIdGenerator ids;
  jobs::LeaseSweeper sweeper(**database, server_.clock(), ids, std::chrono::milliseconds(10));
  ASSERT_EQ(sweeper.RunOnce().value(), 0) << "the lease still runs";
  server_.clock().Advance(31);
  sweeper.Start();
  HttpResult member;
  for (int i = 0; i < 500; ++i) {  // the sweeper thread runs every 10 ms
    member = server_.Get("/api/v1/pools/" + pool_ + "/contacts?status=Pending", token_);
    if (member.data()["total"].GetInt() == 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  sweeper.Stop();
  EXPECT_EQ(member.data()["total"].GetInt(), 3) << member.body;
  auto late = Event(contacts_[0], R"({"type":"started","worker_id":"w1"})");
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_STREQ(late.json["error"]["field"].GetString(), "status");
}

TEST_P(DialerE2E, ThePreviewNamesWhyEachMemberWaits) {
  // Ann is in a call, Ben opted out; a fourth contact lives in Tokyo (outside
  // the window: 21:00 there, opening at 09:00 on Saturday) and Eve has no
  // number.
  std::string tokyo =
      MakeContact(server_, token_, "Dai", "+81312345678", R"("timezone":"Asia/Tokyo")");
  auto none = server_.Post("/api/v1/contacts", R"({"name":"Eve","email":"eve@x.test"})", token_);
  ASSERT_EQ(none.status, 201) << none.body;
  std::string nobody = none.data()["uuid"].GetString();
  ASSERT_EQ(server_
                .Post("/api/v1/pools/" + pool_ + "/contacts",
                      R"({"contact_uuids":[")" + tokyo + R"(",")" + nobody + R"("]})", token_)
                .status,
            200);
  ASSERT_EQ(
      server_.Patch("/api/v1/contacts/" + contacts_[1], R"({"do_not_call":true})", token_).status,
      200);
  ASSERT_EQ(Claim("w1").data().Size(), 1u);  // Ann

  auto res = server_.Get("/api/v1/campaigns/" + campaign_ + "/preview", token_);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(ToJson(res.data()),
            R"({"campaign_uuid":")" + campaign_ +
                R"(","status":"Active","evaluated_at":"2024-03-01T12:00:03Z","members":5,)"
                R"("callable_now":0,"free_lines":0,"free_slots":9,"next_retry_at":null,)"
                R"("window_opens_at":"2024-03-02T00:00:00Z","waiting":{"terminal":0,)"
                R"("in_progress":1,"not_due":0,"no_lines":1,"inactive":0,"do_not_call":1,)"
                R"("invalid_number":1,"no_calling_window":0,"outside_window":1,"in_call":0,)"
                R"("capped_today":0,"capped_total":0}})");
  EXPECT_EQ(
      server_.Get("/api/v1/campaigns/00000000-0000-7000-8000-000000000000/preview", token_).status,
      404);
}

TEST_P(DialerE2E, StatsCountMembersAttemptsAndOutcomes) {
  ASSERT_EQ(Claim("w1").data().Size(), 1u);  // Ann
  ASSERT_EQ(Event(contacts_[0], R"({"type":"completed","worker_id":"w1"})").status, 200);
  ASSERT_EQ(Claim("w1").data().Size(), 1u);  // Ben
  ASSERT_EQ(Event(contacts_[1], R"({"type":"failed","worker_id":"w1","outcome":"busy"})").status,
            200);
  ASSERT_EQ(Claim("w1").data().Size(), 1u);  // Cat, held

  const std::string expected_tail =
      R"("members":3,"by_status":{"Pending":0,"Processing":1,"Completed":1,"Failed":0,)"
      R"("Retrying":1,"Scheduled":0,"In_Call":0,"Skipped":0},"attempts":2,"calls":2,)"
      R"("outcomes":{"picked-up":1,"no-answer":0,"busy":1,"unreachable":0,"voicemail":0,)"
      R"("failed":0,"in-progress":0},"completion_rate":0.3333,"success_rate":0.3333})";
  auto campaign = server_.Get("/api/v1/campaigns/" + campaign_ + "/stats", token_);
  ASSERT_EQ(campaign.status, 200) << campaign.body;
  EXPECT_EQ(ToJson(campaign.data()), R"({"campaign_uuid":")" + campaign_ + R"(",)" + expected_tail);
  auto pool = server_.Get("/api/v1/pools/" + pool_ + "/stats", token_);
  ASSERT_EQ(pool.status, 200) << pool.body;
  EXPECT_EQ(ToJson(pool.data()), R"({"pool_uuid":")" + pool_ + R"(",)" + expected_tail);
  EXPECT_EQ(server_.Get("/api/v1/pools/00000000-0000-7000-8000-000000000000/stats", token_).status,
            404);
}

}  // namespace
}  // namespace sb::testing
