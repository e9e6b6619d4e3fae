#include "jobs/webhook_dispatcher.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <mutex>
#include <string>
#include <vector>

#include "core/hmac.hpp"
#include "store/repositories/event_outbox.hpp"
#include "store/repositories/webhook_test_fixture.hpp"
#include "support/engine_test.hpp"

namespace sb::jobs {
namespace {

using store::kNow;

// Records every post and answers from a script (the last answer repeats).
class FakeTransport final : public WebhookTransport {
 public:
  explicit FakeTransport(std::vector<WebhookPostResult> answers) : answers_(std::move(answers)) {}
  WebhookPostResult Post(const WebhookPost& post) override {
    std::lock_guard<std::mutex> lock(mu_);
    posts.push_back(post);
    const size_t i = std::min(posts.size() - 1, answers_.size() - 1);
    return answers_[i];
  }
  std::vector<WebhookPost> posts;

 private:
  std::mutex mu_;
  std::vector<WebhookPostResult> answers_;
};

WebhookPostResult Answer(int status) {
  WebhookPostResult r;
  r.outcome = WebhookPostResult::Outcome::kResponse;
  r.status = status;
  return r;
}
WebhookPostResult NoAnswer() {
  WebhookPostResult r;
  r.outcome = WebhookPostResult::Outcome::kFailed;
  r.failure = WebhookFailure::kTimeout;
  r.detail = "resolving hooks.internal.example to 10.1.2.3 took too long";
  return r;
}
WebhookPostResult Refused() {
  WebhookPostResult r;
  r.outcome = WebhookPostResult::Outcome::kRefused;
  r.failure = WebhookFailure::kBlockedAddress;
  r.detail = "localhost resolves to 127.0.0.1 (loopback address)";
  return r;
}

std::string Header(const WebhookPost& p, const std::string& name) {
  for (const auto& [k, v] : p.headers) {
    if (k == name) return v;
  }
  return "";
}

class WebhookDispatcherRepositoryTest : public store::WebhookStoreTest {
 protected:
  void Emit(const std::string& data = R"({"import":{"uuid":"x"}})") {
    ASSERT_TRUE(db::InTransaction(*conn_, [&] {
                  return store::EmitEvent(*conn_, org_, "import.completed", data,
                                          clock_.NowSeconds(), ids_);
                }).ok());
  }
  int64_t RunOnce(WebhookDispatcher& d) {
    auto n = d.RunOnce();
    EXPECT_TRUE(n.ok()) << n.error().details();
    return n.ok() ? *n : -1;
  }
  domain::WebhookDelivery Only(const domain::Webhook& w) {
    auto list = Webhooks().ListDeliveries(org_, w.uuid, domain::PageRequest{1, 15});
    EXPECT_TRUE(list.ok());
    EXPECT_EQ(list.ok() ? list->size() : 0, 1u);
    return list.ok() && !list->empty() ? list->front() : domain::WebhookDelivery{};
  }
};

SB_INSTANTIATE_ENGINES(WebhookDispatcherRepositoryTest);

TEST_P(WebhookDispatcherRepositoryTest, PostsTheSignedEventOnce) {
  auto w = Subscribe(org_, {"import.completed"});
  Emit();
  FakeTransport transport({Answer(200)});
  WebhookDispatcher dispatcher(*db_, clock_, ids_, transport, [] { return 0.0; });
  clock_.Advance(5);
  EXPECT_EQ(RunOnce(dispatcher), 1);
  ASSERT_EQ(transport.posts.size(), 1u);
  const WebhookPost& p = transport.posts[0];
  EXPECT_EQ(p.url, w.url);
  EXPECT_EQ(Header(p, "Switchboard-Event"), "import.completed");
  auto d = Only(w);
  EXPECT_EQ(Header(p, "Switchboard-Delivery"), d.uuid);
  // Signed at the attempt's time over "t.body".
  const std::string t = std::to_string(kNow + 5);
  EXPECT_EQ(Header(p, "Switchboard-Signature"),
            "t=" + t + ",v1=" + HmacSha256Hex(w.secret, t + "." + p.body));
  rapidjson::Document body;
  body.Parse(p.body.c_str());
  ASSERT_FALSE(body.HasParseError()) << p.body;
  EXPECT_EQ(std::string(body["id"].GetString()), d.event_uuid);
  EXPECT_EQ(std::string(body["type"].GetString()), "import.completed");
  EXPECT_EQ(std::string(body["created_at"].GetString()), "2024-03-01T12:00:00Z");
  EXPECT_EQ(std::string(body["data"]["import"]["uuid"].GetString()), "x");
  EXPECT_EQ(d.status, "delivered");
  EXPECT_EQ(d.attempts, 1);
  EXPECT_EQ(d.last_response_code, 200);
  EXPECT_EQ(d.delivered_at, kNow + 5);
  EXPECT_EQ(d.next_attempt_at, std::nullopt);
  EXPECT_EQ(RunOnce(dispatcher), 0);  // nothing twice
  EXPECT_EQ(transport.posts.size(), 1u);
}

TEST_P(WebhookDispatcherRepositoryTest, RetriesOnTheBackoffSchedule) {
  auto w = Subscribe(org_, {"*"});
  Emit();
  // 500, a 3xx (redirects are not followed), no answer, 429, then a 2xx.
  FakeTransport transport({Answer(500), Answer(302), NoAnswer(), Answer(429), Answer(201)});
  WebhookDispatcher dispatcher(*db_, clock_, ids_, transport, [] { return 0.0; });
  const std::vector<int64_t> delays = {30, 60, 120, 240};
  for (size_t i = 0; i < delays.size(); ++i) {
    EXPECT_EQ(RunOnce(dispatcher), 1) << i;
    auto d = Only(w);
    EXPECT_EQ(d.status, "pending");
    EXPECT_EQ(d.attempts, static_cast<int64_t>(i) + 1);
    EXPECT_EQ(d.next_attempt_at, clock_.NowSeconds() + delays[i]) << i;
    clock_.Advance(delays[i] - 1);
    EXPECT_EQ(RunOnce(dispatcher), 0) << "not due yet, " << i;
    clock_.Advance(1);
  }
  EXPECT_EQ(Only(w).last_error, "http_429");
  EXPECT_EQ(Only(w).last_response_code, 429);
  EXPECT_EQ(RunOnce(dispatcher), 1);
  auto d = Only(w);
  EXPECT_EQ(d.status, "delivered");
  EXPECT_EQ(d.attempts, 5);
  EXPECT_EQ(d.last_response_code, 201);
  EXPECT_EQ(d.last_error, std::nullopt);
  EXPECT_EQ(transport.posts.size(), 5u);
}

TEST_P(WebhookDispatcherRepositoryTest, JitterShortensTheWait) {
  auto w = Subscribe(org_, {"*"});
  Emit();
  FakeTransport transport({Answer(500)});
  WebhookDispatcher dispatcher(*db_, clock_, ids_, transport, [] { return 0.8; });
  EXPECT_EQ(RunOnce(dispatcher), 1);
  EXPECT_EQ(Only(w).next_attempt_at, kNow + 30 - 6);  // 30 * 0.8 / 4
}

TEST_P(WebhookDispatcherRepositoryTest, FailsForGoodAfterADay) {
  auto w = Subscribe(org_, {"*"});
  Emit();
  FakeTransport transport({NoAnswer()});
  WebhookDispatcher dispatcher(*db_, clock_, ids_, transport, [] { return 0.0; });
  std::vector<int64_t> attempts_at;
  for (int guard = 0; guard < 100; ++guard) {
    const size_t before = transport.posts.size();
    EXPECT_EQ(RunOnce(dispatcher), 1);
    ASSERT_EQ(transport.posts.size(), before + 1);
    attempts_at.push_back(clock_.NowSeconds() - kNow);
    auto d = Only(w);
    if (d.status == "failed") break;
    ASSERT_EQ(d.status, "pending");
    ASSERT_TRUE(d.next_attempt_at.has_value());
    clock_.Set(*d.next_attempt_at);
  }
  // 0, 30, 90, 210, 450, 930, 1890, 3810, then hourly up to 83010, and the
  // last at the deadline itself.
  ASSERT_EQ(attempts_at.size(), 31u);
  EXPECT_EQ(attempts_at[7], 3810);
  EXPECT_EQ(attempts_at[29], 83010);
  EXPECT_EQ(attempts_at[30], 86400);
  auto d = Only(w);
  EXPECT_EQ(d.status, "failed");
  EXPECT_EQ(d.attempts, 31);
  EXPECT_EQ(d.last_error, "timeout");
  EXPECT_EQ(d.next_attempt_at, std::nullopt);
  clock_.Advance(100000);
  EXPECT_EQ(RunOnce(dispatcher), 0);
}

TEST_P(WebhookDispatcherRepositoryTest, ARefusedTargetFailsAtOnce) {
  auto w = Subscribe(org_, {"*"});
  Emit();
  FakeTransport transport({Refused()});
  WebhookDispatcher dispatcher(*db_, clock_, ids_, transport, [] { return 0.0; });
  EXPECT_EQ(RunOnce(dispatcher), 1);
  auto d = Only(w);
  EXPECT_EQ(d.status, "failed");
  EXPECT_EQ(d.last_error, "blocked_address");
  EXPECT_EQ(d.last_response_code, std::nullopt);
}

TEST_P(WebhookDispatcherRepositoryTest, RecordsOnlyAFixedCodeNeverTheDetail) {
  struct Case {
    WebhookFailure failure;
    std::string code;
  };
  const Case cases[] = {
      {WebhookFailure::kDnsFailed, "dns_failed"},
      {WebhookFailure::kConnectFailed, "connect_failed"},
      {WebhookFailure::kTimeout, "timeout"},
      {WebhookFailure::kTlsFailed, "tls_failed"},
      {WebhookFailure::kBlockedAddress, "blocked_address"},
      {WebhookFailure::kInvalidUrl, "invalid_url"},
      {WebhookFailure::kRequestFailed, "request_failed"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.code);
    EXPECT_EQ(WebhookFailureCode(c.failure), c.code);
    auto w = Subscribe(org_, {"*"});
    Emit();
    WebhookPostResult answer;
    answer.outcome = WebhookPostResult::Outcome::kFailed;
    answer.failure = c.failure;
    answer.detail = "Could not resolve host: db.internal.corp (10.0.0.7)";
    FakeTransport transport({answer});
    WebhookDispatcher dispatcher(*db_, clock_, ids_, transport, [] { return 0.0; });
    EXPECT_EQ(RunOnce(dispatcher), 1);
    auto d = Only(w);
    EXPECT_EQ(d.last_error, c.code);
    EXPECT_EQ(d.last_response_code, std::nullopt);
    ASSERT_TRUE(Webhooks().Delete(org_, w.uuid).ok());
  }
  EXPECT_EQ(WebhookStatusCode(503), "http_503");
}

TEST_P(WebhookDispatcherRepositoryTest, DeliversEverythingDueInBatches) {
  Subscribe(org_, {"*"});
  Subscribe(other_org_, {"*"});
  for (int i = 0; i < 20; ++i) Emit();
  FakeTransport transport({Answer(200)});
  WebhookDispatcherOptions options;
  options.batch = 3;
  WebhookDispatcher dispatcher(
      *db_, clock_, ids_, transport, [] { return 0.0; }, options);
  EXPECT_EQ(RunOnce(dispatcher), 20);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'delivered'"), 20);
}

TEST_P(WebhookDispatcherRepositoryTest, PurgesEventsAfterTheirRetention) {
  Subscribe(org_, {"*"});
  Emit();
  FakeTransport transport({Answer(200)});
  WebhookDispatcherOptions options;
  options.purge_after_seconds = 3600;
  WebhookDispatcher dispatcher(
      *db_, clock_, ids_, transport, [] { return 0.0; }, options);
  EXPECT_EQ(RunOnce(dispatcher), 1);
  clock_.Advance(3600);
  EXPECT_EQ(*dispatcher.Purge(), 0);
  clock_.Advance(1);
  EXPECT_EQ(*dispatcher.Purge(), 1);
  EXPECT_EQ(Events(), 0);
  EXPECT_EQ(Deliveries(), 0);
}

TEST(WebhookBody, EscapesTheEnvelopeAndKeepsTheDataAsIs) {
  store::ClaimedDelivery d;
  d.event_uuid = "e\"1";
  d.event_type = "contact.created";
  d.event_created_at = 0;
  d.event_data = R"({"a":[1,2]})";
  EXPECT_EQ(WebhookBody(d),
            R"({"id":"e\"1","type":"contact.created","created_at":"1970-01-01T00:00:00Z",)"
            R"("data":{"a":[1,2]}})");
}

}  // namespace
}  // namespace sb::jobs
