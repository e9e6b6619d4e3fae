// The dialer's rules end to end: daily and total caps, calling windows across
// time zones and DST change days, contacts without a zone, the organization's
// legal window, line and parallelism limits, opt-outs, the do-not-call list
// and contacts already in a call. Everything goes through HTTP; the clock is
// moved with the test server's FakeClock.
#include <gtest/gtest.h>

#include "core/time_format.hpp"
#include "e2e/pool_e2e_helpers.hpp"
#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

// Unix seconds of an ISO-8601 UTC time written in a test.
int64_t At(const char* iso) {
  auto t = ParseIsoDateTime(iso);
  EXPECT_TRUE(t.has_value()) << iso;
  return t.value_or(0);
}

// One agent with one number (+33612345600, one line) and one Active campaign
// "Spring" over the pool "Leads", all empty of contacts.
class DialerRulesE2E : public ::sb::testing::EngineTest {
 protected:
  void SetUp() override {
    token_ = server_.CreateToken("Acme");
    auto agent = server_.Post("/api/v1/agents", R"({"name":"Ava"})", token_);
    ASSERT_EQ(agent.status, 201) << agent.body;
    agent_ = agent.data()["uuid"].GetString();
    number_ = MakeNumber("+33612345600");
    pool_ = MakePool(server_, token_, "Leads");
    campaign_ = MakeCampaign("Spring", pool_);
  }

  // Registers a number, binds it to the agent on `call` and returns its uuid.
  std::string MakeNumber(const std::string& e164) {
    auto res = server_.Post("/api/v1/phone-numbers",
                            R"({"number":")" + e164 + R"(","type":"mobile"})", token_);
    EXPECT_EQ(res.status, 201) << res.body;
    if (res.status != 201) return "";
    std::string uuid = res.data()["phone_number_uuid"].GetString();
    auto bound = server_.Post("/api/v1/agents/" + agent_ + "/channels/call",
                              R"({"phone_number_uuid":")" + uuid + R"("})", token_);
    EXPECT_EQ(bound.status, 200) << bound.body;
    return uuid;
  }

  // An Active campaign of the agent over `pool`.
  std::string MakeCampaign(const std::string& name, const std::string& pool) {
    auto res = server_.Post(
        "/api/v1/campaigns",
        R"({"name":")" + name + R"(","status":"Active","agent_uuid":")" + agent_ + R"("})", token_);
    EXPECT_EQ(res.status, 201) << res.body;
    if (res.status != 201) return "";
    std::string uuid = res.data()["uuid"].GetString();
    auto attached = server_.Post("/api/v1/campaigns/" + uuid + "/pools",
                                 R"({"pool_uuids":[")" + pool + R"("]})", token_);
    EXPECT_EQ(attached.status, 200) << attached.body;
    return uuid;
  }

  // Creates a contact (`extra` adds JSON members) and adds it to `pools`.
  std::string AddContact(const std::vector<std::string>& pools, const std::string& name,
                         const std::string& phone, const std::string& extra = "") {
    std::string contact = MakeContact(server_, token_, name, phone, extra);
    for (const std::string& pool : pools) {
      auto added = server_.Post("/api/v1/pools/" + pool + "/contacts",
                                R"({"contact_uuids":[")" + contact + R"("]})", token_);
      EXPECT_EQ(added.status, 200) << added.body;
    }
    server_.clock().Advance(1);  // distinct insertion times
    return contact;
  }
  std::string AddParisContact(const std::vector<std::string>& pools, const std::string& name,
                              const std::string& phone) {
    return AddContact(pools, name, phone, R"("timezone":"Europe/Paris")");
  }

  // Creates a rule with `fields` (JSON members) and gives it to `campaign`.
  void UseRule(const std::string& campaign, const std::string& fields) {
    auto rule = server_.Post("/api/v1/rules", R"({"name":"Rule",)" + fields + "}", token_);
    ASSERT_EQ(rule.status, 201) << rule.body;
    std::string uuid = rule.data()["uuid"].GetString();
    auto set = server_.Put("/api/v1/campaigns/" + campaign + "/rule",
                           R"({"rule_uuid":")" + uuid + R"("})", token_);
    ASSERT_EQ(set.status, 200) << set.body;
  }

  HttpResult Claim(const std::string& campaign, int limit = 1) {
    return server_.Post("/api/v1/campaigns/" + campaign + "/claim",
                        R"({"worker_id":"w1","limit":)" + std::to_string(limit) + "}", token_);
  }
  // Claims from `campaign` and expects `count` items.
  void ExpectClaimed(const std::string& campaign, size_t count, int limit = 1) {
    auto res = Claim(campaign, limit);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(res.data().Size(), count) << res.body;
  }
  HttpResult Event(const std::string& pool, const std::string& contact, const std::string& type,
                   const std::string& extra = "") {
    return server_.Post("/api/v1/pools/" + pool + "/contacts/" + contact + "/events",
                        R"({"type":")" + type + R"(","worker_id":"w1")" + extra + "}", token_);
  }
  // The preview's `waiting` count for `reason`.
  int Waiting(const std::string& campaign, const char* reason) {
    auto res = server_.Get("/api/v1/campaigns/" + campaign + "/preview", token_);
    EXPECT_EQ(res.status, 200) << res.body;
    if (res.status != 200) return -1;
    return res.data()["waiting"][reason].GetInt();
  }
  std::string MemberStatus(const std::string& pool, const std::string& contact) {
    auto res = server_.Get("/api/v1/pools/" + pool + "/contacts?per_page=100", token_);
    EXPECT_EQ(res.status, 200) << res.body;
    for (const auto& m : res.data()["data"].GetArray()) {
      if (m["contact_uuid"].GetString() == contact) return m["status"].GetString();
    }
    return "not a member";
  }

  // At `iso`, whether the campaign's single contact is handed out: the claim's
  // zone_decided_by, or "" when nothing is. A claimed member is released again.
  std::string ZoneDecidingAt(const char* iso) {
    server_.clock().Set(At(iso));
    auto res = Claim(campaign_);
    EXPECT_EQ(res.status, 200) << res.body;
    if (res.status != 200 || res.data().Size() == 0) return "";
    const auto& item = res.data()[0];
    std::string zone = item["zone_decided_by"].GetString();
    auto released =
        Event(item["pool_uuid"].GetString(), item["contact"]["uuid"].GetString(), "release");
    EXPECT_EQ(released.status, 200) << released.body;
    return zone;
  }

  TestServer server_;
  std::string token_, agent_, number_, pool_, campaign_;
};

// --- caps ---------------------------------------------------------------

SB_INSTANTIATE_ENGINES(DialerRulesE2E);

TEST_P(DialerRulesE2E, TheDailyCapHoldsAContactUntilItsNextLocalMorning) {
  UseRule(campaign_, R"("max_calls_per_day":2,"retry_interval_minutes":1)");
  std::string ann = AddParisContact({pool_}, "Ann", "+33612345700");
  for (int attempt = 1; attempt <= 2; ++attempt) {
    auto claimed = Claim(campaign_);
    ASSERT_EQ(claimed.data().Size(), 1u) << claimed.body;
    EXPECT_EQ(claimed.data()[0]["attempt"].GetInt(), attempt);
    auto failed = Event(pool_, ann, "failed", R"(,"outcome":"no-answer")");
    ASSERT_EQ(failed.status, 200) << failed.body;
    EXPECT_STREQ(failed.data()["member"]["status"].GetString(), "Retrying");
    server_.clock().Advance(60);  // the retry is due
  }
  ExpectClaimed(campaign_, 0);
  EXPECT_EQ(Waiting(campaign_, "capped_today"), 1);
  server_.clock().Set(At("2024-03-01T16:59:59Z"));  // 17:59:59 in Paris, window still open
  ExpectClaimed(campaign_, 0);
  EXPECT_EQ(Waiting(campaign_, "capped_today"), 1);
  server_.clock().Set(At("2024-03-02T07:59:59Z"));  // Saturday 08:59:59 in Paris
  ExpectClaimed(campaign_, 0);
  EXPECT_EQ(Waiting(campaign_, "outside_window"), 1);
  server_.clock().Set(At("2024-03-02T08:00:00Z"));  // 09:00: a new local day
  auto morning = Claim(campaign_);
  ASSERT_EQ(morning.data().Size(), 1u) << morning.body;
  EXPECT_EQ(morning.data()[0]["attempt"].GetInt(), 3);
}

TEST_P(DialerRulesE2E, TheDailyCapCountsAttemptsFromEveryCampaign) {
  std::string renewals = MakePool(server_, token_, "Renewals");
  std::string autumn = MakeCampaign("Autumn", renewals);
  UseRule(campaign_, R"("max_calls_per_day":2,"retry_interval_minutes":1)");
  UseRule(autumn, R"("max_calls_per_day":2,"retry_interval_minutes":1)");
  std::string ann = AddParisContact({pool_, renewals}, "Ann", "+33612345700");
  ASSERT_EQ(Claim(campaign_).data().Size(), 1u);
  ASSERT_EQ(Event(pool_, ann, "failed", R"(,"outcome":"busy")").status, 200);
  ASSERT_EQ(Claim(autumn).data().Size(), 1u);
  ASSERT_EQ(Event(renewals, ann, "failed", R"(,"outcome":"busy")").status, 200);
  server_.clock().Advance(60);  // both retries are due: one attempt each, two in all
  ExpectClaimed(campaign_, 0);
  ExpectClaimed(autumn, 0);
  EXPECT_EQ(Waiting(campaign_, "capped_today"), 1);
  EXPECT_EQ(Waiting(autumn, "capped_today"), 1);
}

TEST_P(DialerRulesE2E, TheTotalCapFailsTheMemberOnItsLastAttemptWhateverThePoolSays) {
  std::string once = MakePool(server_, token_, "Once", R"("max_retries":0)");
  std::string campaign = MakeCampaign("Thrice", once);
  UseRule(campaign, R"("max_total_calls":3,"max_calls_per_day":10,"retry_interval_minutes":1)");
  std::string ann = AddParisContact({once}, "Ann", "+33612345700");
  for (const char* status : {"Retrying", "Retrying", "Failed"}) {
    ASSERT_EQ(Claim(campaign).data().Size(), 1u) << status;
    auto failed = Event(once, ann, "failed", R"(,"outcome":"no-answer")");
    ASSERT_EQ(failed.status, 200) << failed.body;
    EXPECT_STREQ(failed.data()["member"]["status"].GetString(), status);
    server_.clock().Advance(60);
  }
  auto last = server_.Get("/api/v1/pools/" + once + "/contacts", token_);
  const auto& member = last.data()["data"][0];
  EXPECT_EQ(member["retry_count"].GetInt(), 2);
  EXPECT_TRUE(member["next_retry_at"].IsNull());
  EXPECT_FALSE(member["failed_at"].IsNull());
  EXPECT_EQ(Waiting(campaign, "terminal"), 1);
  // Its only member is final, so the campaign is done and hands out nothing.
  auto done = server_.Get("/api/v1/campaigns/" + campaign, token_);
  EXPECT_STREQ(done.data()["status"].GetString(), "Completed") << done.body;
  EXPECT_EQ(Claim(campaign).status, 409);
}

TEST_P(DialerRulesE2E, WithoutARuleThePoolsMaxRetriesPlusOneIsTheAttemptLimit) {
  std::string twice = MakePool(server_, token_, "Twice", R"("max_retries":1)");
  std::string campaign = MakeCampaign("Twice", twice);
  std::string ann = AddParisContact({twice}, "Ann", "+33612345700");
  ASSERT_EQ(Claim(campaign).data().Size(), 1u);
  auto first = Event(twice, ann, "failed", R"(,"outcome":"busy")");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_STREQ(first.data()["member"]["status"].GetString(), "Retrying");
  // The default interval is 120 minutes: 14:00:01Z, 15:00:01 in Paris.
  EXPECT_STREQ(first.data()["member"]["next_retry_at"].GetString(), "2024-03-01T14:00:01Z");
  server_.clock().Advance(7200);
  ASSERT_EQ(Claim(campaign).data().Size(), 1u);
  auto second = Event(twice, ann, "failed", R"(,"outcome":"busy")");
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_STREQ(second.data()["member"]["status"].GetString(), "Failed");
  EXPECT_EQ(second.data()["attempts"].GetInt(), 2);
}

// --- windows across zones and DST change days ---------------------------
// The default window is 09:00-18:00 local (inside the legal 08:00-21:00).

TEST_P(DialerRulesE2E, NewYorkOpensAtNineEdtOnTheSpringForwardSunday) {
  AddContact({pool_}, "Ann", "+12124836190", R"("timezone":"America/New_York")");
  EXPECT_EQ(ZoneDecidingAt("2024-03-09T13:59:59Z"), "");  // Saturday 08:59:59 EST
  EXPECT_EQ(ZoneDecidingAt("2024-03-09T14:00:00Z"), "timezone");
  EXPECT_EQ(ZoneDecidingAt("2024-03-10T12:59:59Z"), "");  // Sunday 08:59:59 EDT
  EXPECT_EQ(ZoneDecidingAt("2024-03-10T13:00:00Z"), "timezone");
  EXPECT_EQ(ZoneDecidingAt("2024-03-10T21:59:59Z"), "timezone");  // 17:59:59 EDT
  EXPECT_EQ(ZoneDecidingAt("2024-03-10T22:00:00Z"), "");
}

TEST_P(DialerRulesE2E, LondonOpensAtNineBstOnTheSpringForwardSunday) {
  AddContact({pool_}, "Ann", "+447400123456", R"("timezone":"Europe/London")");
  EXPECT_EQ(ZoneDecidingAt("2024-03-30T08:59:59Z"), "");  // Saturday 08:59:59 GMT
  EXPECT_EQ(ZoneDecidingAt("2024-03-30T09:00:00Z"), "timezone");
  EXPECT_EQ(ZoneDecidingAt("2024-03-31T07:59:59Z"), "");  // Sunday 08:59:59 BST
  EXPECT_EQ(ZoneDecidingAt("2024-03-31T08:00:00Z"), "timezone");
  EXPECT_EQ(ZoneDecidingAt("2024-03-31T16:59:59Z"), "timezone");  // 17:59:59 BST
  EXPECT_EQ(ZoneDecidingAt("2024-03-31T17:00:00Z"), "");
}

TEST_P(DialerRulesE2E, LordHoweOpensHalfAnHourLaterInUtcWhenItsDaylightTimeEnds) {
  // Daylight time (+11:00) ends on Sunday 2024-04-07 at 02:00, back to +10:30.
  AddContact({pool_}, "Ann", "+61412345678", R"("timezone":"Australia/Lord_Howe")");
  EXPECT_EQ(ZoneDecidingAt("2024-04-05T21:59:59Z"), "");  // Saturday 08:59:59 +11
  EXPECT_EQ(ZoneDecidingAt("2024-04-05T22:00:00Z"), "timezone");
  EXPECT_EQ(ZoneDecidingAt("2024-04-06T22:00:00Z"), "");  // Sunday 08:30 +10:30
  EXPECT_EQ(ZoneDecidingAt("2024-04-06T22:29:59Z"), "");
  EXPECT_EQ(ZoneDecidingAt("2024-04-06T22:30:00Z"), "timezone");  // 09:00 +10:30
  EXPECT_EQ(ZoneDecidingAt("2024-04-07T07:29:59Z"), "timezone");  // 17:59:59
  EXPECT_EQ(ZoneDecidingAt("2024-04-07T07:30:00Z"), "");
}

TEST_P(DialerRulesE2E, KathmanduOpensAtNineLocalAtAQuarterPastThreeUtc) {
  AddContact({pool_}, "Ann", "+97714123456", R"("timezone":"Asia/Kathmandu")");
  EXPECT_EQ(ZoneDecidingAt("2024-03-04T03:14:59Z"), "");  // 08:59:59 +05:45
  EXPECT_EQ(ZoneDecidingAt("2024-03-04T03:15:00Z"), "timezone");
  EXPECT_EQ(ZoneDecidingAt("2024-03-04T12:14:59Z"), "timezone");  // 17:59:59
  EXPECT_EQ(ZoneDecidingAt("2024-03-04T12:15:00Z"), "");
}

// --- contacts with no zone ----------------------------------------------

TEST_P(DialerRulesE2E, AUsNumberWithoutAZoneIsCalledOnlyWhenEveryUsZoneIsInsideTheWindow) {
  AddContact({pool_}, "Ann", "+12124836190");
  // 10:00 in New York, 07:00 in Los Angeles, 05:00 in Honolulu.
  EXPECT_EQ(ZoneDecidingAt("2024-03-01T15:00:00Z"), "");
  auto preview = server_.Get("/api/v1/campaigns/" + campaign_ + "/preview", token_);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.data()["waiting"]["outside_window"].GetInt(), 1);
  // 09:00 in Honolulu and Adak (UTC-10), 14:00 in New York.
  EXPECT_STREQ(preview.data()["window_opens_at"].GetString(), "2024-03-01T19:00:00Z");
  EXPECT_EQ(ZoneDecidingAt("2024-03-01T18:59:59Z"), "");
  EXPECT_EQ(ZoneDecidingAt("2024-03-01T19:00:00Z"), "region:US");
  EXPECT_EQ(ZoneDecidingAt("2024-03-01T22:59:59Z"), "region:US");  // 17:59:59 in New York
  EXPECT_EQ(ZoneDecidingAt("2024-03-01T23:00:00Z"), "");
}

TEST_P(DialerRulesE2E, AFrenchNumberWithoutAZoneIsCalledInParisTime) {
  AddContact({pool_}, "Ann", "+33612345700");
  EXPECT_EQ(ZoneDecidingAt("2024-03-01T07:59:59Z"), "");  // 08:59:59 CET
  EXPECT_EQ(ZoneDecidingAt("2024-03-01T08:00:00Z"), "region:FR");
  EXPECT_EQ(ZoneDecidingAt("2024-03-01T16:59:59Z"), "region:FR");
  EXPECT_EQ(ZoneDecidingAt("2024-03-01T17:00:00Z"), "");
}

// --- the organization's legal window ------------------------------------

TEST_P(DialerRulesE2E, TheLegalWindowNarrowsTheRuleAndBoundsCallbacks) {
  auto org = server_.Patch("/api/v1/organization",
                           R"({"legal_call_start":"10:00","legal_call_end":"20:00"})", token_);
  ASSERT_EQ(org.status, 200) << org.body;
  UseRule(campaign_, R"("start_time":"09:00","end_time":"18:00")");
  std::string ann = AddParisContact({pool_}, "Ann", "+33612345700");
  server_.clock().Set(At("2024-03-01T08:30:00Z"));  // 09:30 in Paris
  ExpectClaimed(campaign_, 0);
  auto preview = server_.Get("/api/v1/campaigns/" + campaign_ + "/preview", token_);
  EXPECT_EQ(preview.data()["waiting"]["outside_window"].GetInt(), 1) << preview.body;
  EXPECT_STREQ(preview.data()["window_opens_at"].GetString(), "2024-03-01T09:00:00Z");
  EXPECT_EQ(ZoneDecidingAt("2024-03-01T08:59:59Z"), "");
  server_.clock().Set(At("2024-03-01T09:00:00Z"));  // 10:00 in Paris
  ASSERT_EQ(Claim(campaign_).data().Size(), 1u);

  // Monday 09:30 (inside the rule, before the legal start) and 20:00 (the
  // legal end) are refused; 19:59, after the rule's end, is legal.
  for (const char* at : {"2024-03-04T08:30:00Z", "2024-03-04T19:00:00Z"}) {
    auto refused = Event(pool_, ann, "callback", std::string(R"(,"callback_at":")") + at + "\"");
    EXPECT_EQ(refused.status, 422) << at << " " << refused.body;
    EXPECT_STREQ(refused.json["error"]["field"].GetString(), "callback_at") << at;
  }
  auto callback = Event(pool_, ann, "callback", R"(,"callback_at":"2024-03-04T18:59:00Z")");
  ASSERT_EQ(callback.status, 200) << callback.body;
  EXPECT_STREQ(callback.data()["member"]["status"].GetString(), "Scheduled");
}

// --- lines and parallelism ----------------------------------------------

TEST_P(DialerRulesE2E, ANumberWithTwoChannelsCarriesExactlyTwoCallsAtOnce) {
  auto patched = server_.Patch("/api/v1/phone-numbers/" + number_,
                               R"({"channel_settings":{"voice":{"channel_limit":2}}})", token_);
  ASSERT_EQ(patched.status, 200) << patched.body;
  std::string ann = AddParisContact({pool_}, "Ann", "+33612345700");
  std::string ben = AddParisContact({pool_}, "Ben", "+33612345701");
  AddParisContact({pool_}, "Cat", "+33612345702");
  auto claimed = Claim(campaign_, 5);
  ASSERT_EQ(claimed.status, 200) << claimed.body;
  ASSERT_EQ(claimed.data().Size(), 2u) << claimed.body;
  EXPECT_EQ(claimed.data()[0]["contact"]["uuid"].GetString(), ann);
  EXPECT_EQ(claimed.data()[1]["contact"]["uuid"].GetString(), ben);
  ExpectClaimed(campaign_, 0, 5);
  EXPECT_EQ(Waiting(campaign_, "no_lines"), 1);

  ASSERT_EQ(Event(pool_, ann, "completed").status, 200);
  auto third = Claim(campaign_, 5);
  ASSERT_EQ(third.data().Size(), 1u) << third.body;
  EXPECT_STREQ(third.data()[0]["contact"]["name"].GetString(), "Cat");
}

TEST_P(DialerRulesE2E, MaxParallelItemsCapsThePoolWhateverTheLines) {
  MakeNumber("+33612345601");
  std::string single = MakePool(server_, token_, "Single", R"("max_parallel_items":1)");
  std::string campaign = MakeCampaign("One by one", single);
  AddParisContact({single}, "Ann", "+33612345700");
  AddParisContact({single}, "Ben", "+33612345701");
  AddParisContact({single}, "Cat", "+33612345702");
  ExpectClaimed(campaign, 1, 5);
  ExpectClaimed(campaign, 0, 5);
  auto preview = server_.Get("/api/v1/campaigns/" + campaign + "/preview", token_);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.data()["free_lines"].GetInt(), 1);
  EXPECT_EQ(preview.data()["free_slots"].GetInt(), 0);
}

// --- opt-out, do-not-call, contacts in a call ---------------------------

TEST_P(DialerRulesE2E, AnOptOutSkipsTheContactInEveryPool) {
  std::string renewals = MakePool(server_, token_, "Renewals");
  std::string autumn = MakeCampaign("Autumn", renewals);
  std::string ann = AddParisContact({pool_, renewals}, "Ann", "+33612345700");
  ASSERT_EQ(Claim(campaign_).data().Size(), 1u);
  auto opted = Event(pool_, ann, "opted_out");
  ASSERT_EQ(opted.status, 200) << opted.body;
  EXPECT_STREQ(opted.data()["member"]["status"].GetString(), "Skipped");
  EXPECT_EQ(MemberStatus(renewals, ann), "Skipped");
  auto contact = server_.Get("/api/v1/contacts/" + ann, token_);
  EXPECT_TRUE(contact.data()["do_not_call"].GetBool()) << contact.body;
  ExpectClaimed(autumn, 0);
  EXPECT_EQ(Waiting(autumn, "terminal"), 1);
}

TEST_P(DialerRulesE2E, AnOptOutUnderARuleThatKeepsPoolsSkipsOnlyThatMember) {
  std::string renewals = MakePool(server_, token_, "Renewals");
  std::string autumn = MakeCampaign("Autumn", renewals);
  UseRule(campaign_, R"("remove_on_opt_out":false)");
  std::string ann = AddParisContact({pool_, renewals}, "Ann", "+33612345700");
  ASSERT_EQ(Claim(campaign_).data().Size(), 1u);
  ASSERT_EQ(Event(pool_, ann, "opted_out").status, 200);
  EXPECT_EQ(MemberStatus(pool_, ann), "Skipped");
  EXPECT_EQ(MemberStatus(renewals, ann), "Pending");
  auto contact = server_.Get("/api/v1/contacts/" + ann, token_);
  EXPECT_TRUE(contact.data()["do_not_call"].GetBool()) << contact.body;
  // The contact's own flag still keeps it from being called.
  ExpectClaimed(autumn, 0);
  EXPECT_EQ(Waiting(autumn, "do_not_call"), 1);
}

TEST_P(DialerRulesE2E, ANumberOnTheDoNotCallListIsSkippedUnlessTheRuleTurnsTheCheckOff) {
  AddParisContact({pool_}, "Ann", "+33612345700");
  auto listed = server_.Post("/api/v1/dnc", R"({"number":"+33612345700"})", token_);
  ASSERT_EQ(listed.status, 201) << listed.body;
  ExpectClaimed(campaign_, 0);
  EXPECT_EQ(Waiting(campaign_, "do_not_call"), 1);
  UseRule(campaign_, R"("dnc_check":false)");
  ExpectClaimed(campaign_, 1);
}

TEST_P(DialerRulesE2E, AContactInACallFromAnotherCampaignWaitsUntilItEnds) {
  auto patched = server_.Patch("/api/v1/phone-numbers/" + number_,
                               R"({"channel_settings":{"voice":{"channel_limit":2}}})", token_);
  ASSERT_EQ(patched.status, 200) << patched.body;
  std::string renewals = MakePool(server_, token_, "Renewals");
  std::string autumn = MakeCampaign("Autumn", renewals);
  std::string ann = AddParisContact({pool_, renewals}, "Ann", "+33612345700");
  ASSERT_EQ(Claim(campaign_).data().Size(), 1u);
  ASSERT_EQ(Event(pool_, ann, "started").status, 200);
  ExpectClaimed(autumn, 0);
  EXPECT_EQ(Waiting(autumn, "in_call"), 1);
  server_.clock().Advance(60);
  ASSERT_EQ(Event(pool_, ann, "completed").status, 200);
  ExpectClaimed(autumn, 1);
}

}  // namespace
}  // namespace sb::testing
