// Webhook deliveries end to end: changes made through the API reach a real
// receiver, signed, retried, after a restart, and never to a private address
// unless allowed.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <chrono>
#include <memory>

#include "e2e/test_server.hpp"
#include "e2e/webhook_receiver.hpp"
#include "jobs/webhook_transport.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

constexpr const char* kSecret = "whsec_e2e_known_secret_42";

TestServerOptions AllowPrivate() {
  TestServerOptions o;
  o.webhook_allow_private = true;
  return o;
}

// Subscribes `events` (a JSON array) at `url` with the known secret.
std::string Subscribe(TestServer& server, const std::string& token, const std::string& url,
                      const std::string& events) {
  auto res = server.Post(
      "/api/v1/webhooks",
      R"({"url":")" + url + R"(","events":)" + events + R"(,"secret":")" + kSecret + R"("})",
      token);
  EXPECT_EQ(res.status, 201) << res.body;
  return res.status == 201 ? res.data()["uuid"].GetString() : "";
}

int64_t Dispatch(TestServer& server) {
  auto sent = server.webhooks().RunOnce();
  EXPECT_TRUE(sent.ok()) << sent.error().details();
  return sent.ok() ? *sent : -1;
}

rapidjson::Document Json(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  EXPECT_FALSE(d.HasParseError()) << text;
  return d;
}

class WebhookDeliveryE2E : public ::sb::testing::EngineTest {};
SB_INSTANTIATE_ENGINES(WebhookDeliveryE2E);

TEST_P(WebhookDeliveryE2E, ContactChangesArriveSigned) {
  WebhookReceiver receiver;
  TestServer server(AllowPrivate());
  const std::string token = server.CreateToken("Acme");
  const std::string hook = Subscribe(server, token, receiver.Url(),
                                     R"(["contact.created","contact.updated","contact.deleted"])");
  auto created =
      server.Post("/api/v1/contacts",
                  R"({"name":"Ada","surname":"Lovelace","phone_number":"+14155552671"})", token);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string contact = created.data()["uuid"].GetString();
  server.clock().Advance(10);
  ASSERT_EQ(server.Patch("/api/v1/contacts/" + contact, R"({"name":"Ada B"})", token).status, 200);
  ASSERT_EQ(server.Delete("/api/v1/contacts/" + contact, token).status, 200);
  EXPECT_TRUE(receiver.hits().empty());  // nothing leaves before the dispatcher runs

  EXPECT_EQ(Dispatch(server), 3);
  auto hits = receiver.hits();
  ASSERT_EQ(hits.size(), 3u);
  const std::vector<std::string> types = {"contact.created", "contact.updated", "contact.deleted"};
  auto deliveries = server.Get("/api/v1/webhooks/" + hook + "/deliveries", token);
  ASSERT_EQ(deliveries.status, 200) << deliveries.body;
  ASSERT_EQ(deliveries.data()["total"].GetInt64(), 3);
  for (size_t i = 0; i < hits.size(); ++i) {
    const ReceivedHook& h = hits[i];
    EXPECT_EQ(h.path, "/hook");
    EXPECT_EQ(h.content_type, "application/json");
    EXPECT_EQ(h.event, types[i]);
    EXPECT_TRUE(WebhookReceiver::SignatureValid(h, kSecret)) << h.signature;
    EXPECT_FALSE(WebhookReceiver::SignatureValid(h, "another-secret-123"));
    EXPECT_EQ(h.signature.rfind("t=1709294410,v1=", 0), 0u) << h.signature;
    auto body = Json(h.body);
    EXPECT_EQ(std::string(body["type"].GetString()), types[i]);
    EXPECT_EQ(std::string(body["data"]["contact"]["uuid"].GetString()), contact);
    // The deliveries list, newest first, names the same delivery and event.
    const auto& d = deliveries.data()["data"][static_cast<rapidjson::SizeType>(2 - i)];
    EXPECT_EQ(h.delivery, d["uuid"].GetString());
    EXPECT_STREQ(d["event_uuid"].GetString(), body["id"].GetString());
    EXPECT_STREQ(d["status"].GetString(), "delivered");
    EXPECT_EQ(d["attempts"].GetInt64(), 1);
    EXPECT_EQ(d["last_response_code"].GetInt64(), 200);
    EXPECT_TRUE(d["next_attempt_at"].IsNull());
  }
  auto first = Json(hits[0].body);
  EXPECT_STREQ(first["created_at"].GetString(), "2024-03-01T12:00:00Z");
  EXPECT_STREQ(first["data"]["contact"]["name"].GetString(), "Ada");
  EXPECT_STREQ(Json(hits[1].body)["data"]["contact"]["name"].GetString(), "Ada B");
  EXPECT_EQ(Dispatch(server), 0);
  EXPECT_EQ(receiver.hits().size(), 3u);
}

TEST_P(WebhookDeliveryE2E, AFailedDeliveryIsRetriedAfterTheBackoff) {
  WebhookReceiver receiver({500, 200});
  TestServer server(AllowPrivate());
  const std::string token = server.CreateToken("Acme");
  const std::string hook = Subscribe(server, token, receiver.Url(), R"(["*"])");
  auto test = server.Post("/api/v1/webhooks/" + hook + "/test", "", token);
  ASSERT_EQ(test.status, 202) << test.body;
  const std::string delivery = test.data()["uuid"].GetString();

  EXPECT_EQ(Dispatch(server), 1);
  auto list = server.Get("/api/v1/webhooks/" + hook + "/deliveries", token);
  const auto& d = list.data()["data"][0];
  EXPECT_STREQ(d["status"].GetString(), "pending");
  EXPECT_EQ(d["attempts"].GetInt64(), 1);
  EXPECT_EQ(d["last_response_code"].GetInt64(), 500);
  EXPECT_STREQ(d["last_error"].GetString(), "http_500");
  EXPECT_STREQ(d["next_attempt_at"].GetString(), "2024-03-01T12:00:30Z");

  server.clock().Advance(29);
  EXPECT_EQ(Dispatch(server), 0);
  server.clock().Advance(1);
  EXPECT_EQ(Dispatch(server), 1);
  auto hits = receiver.hits();
  ASSERT_EQ(hits.size(), 2u);
  for (const auto& h : hits) {
    EXPECT_EQ(h.delivery, delivery);
    EXPECT_EQ(h.event, "webhook.test");
    EXPECT_TRUE(WebhookReceiver::SignatureValid(h, kSecret));
  }
  EXPECT_EQ(hits[0].body, hits[1].body);  // the same event; a new signature time
  EXPECT_NE(hits[0].signature, hits[1].signature);
  auto done_list = server.Get("/api/v1/webhooks/" + hook + "/deliveries", token);
  const auto& done = done_list.data()["data"][0];
  EXPECT_STREQ(done["status"].GetString(), "delivered");
  EXPECT_EQ(done["attempts"].GetInt64(), 2);
  EXPECT_EQ(done["last_response_code"].GetInt64(), 200);
  EXPECT_STREQ(done["delivered_at"].GetString(), "2024-03-01T12:00:30Z");
}

TEST_P(WebhookDeliveryE2E, RedirectsAreNotFollowed) {
  WebhookReceiver receiver({302});
  TestServer server(AllowPrivate());
  const std::string token = server.CreateToken("Acme");
  const std::string hook = Subscribe(server, token, receiver.Url(), R"(["*"])");
  ASSERT_EQ(server.Post("/api/v1/webhooks/" + hook + "/test", "", token).status, 202);
  EXPECT_EQ(Dispatch(server), 1);
  auto hits = receiver.hits();
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].path, "/hook");
  auto d = server.Get("/api/v1/webhooks/" + hook + "/deliveries", token);
  EXPECT_STREQ(d.data()["data"][0]["status"].GetString(), "pending");
  EXPECT_EQ(d.data()["data"][0]["last_response_code"].GetInt64(), 302);
}

TEST_P(WebhookDeliveryE2E, APendingDeliveryGoesOutAfterARestart) {
  WebhookReceiver receiver;
  TestStore store;
  std::string token;
  std::string hook;
  {
    TestServer first(store, AllowPrivate());
    token = first.CreateToken("Acme");
    hook = Subscribe(first, token, receiver.Url(), R"(["contact.created"])");
    ASSERT_EQ(
        first.Post("/api/v1/contacts", R"({"name":"Ada","email":"ada@example.com"})", token).status,
        201);
  }  // stopped before its dispatcher ran
  EXPECT_TRUE(receiver.hits().empty());
  TestServer second(store, AllowPrivate());
  EXPECT_EQ(Dispatch(second), 1);
  auto hits = receiver.hits();
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].event, "contact.created");
  EXPECT_TRUE(WebhookReceiver::SignatureValid(hits[0], kSecret));
  EXPECT_STREQ(Json(hits[0].body)["data"]["contact"]["email"].GetString(), "ada@example.com");
  auto d = second.Get("/api/v1/webhooks/" + hook + "/deliveries", token);
  EXPECT_STREQ(d.data()["data"][0]["status"].GetString(), "delivered");
}

TEST_P(WebhookDeliveryE2E, PrivateTargetsAreRefusedUnlessAllowed) {
  WebhookReceiver receiver;
  TestServer server;  // without --webhook-allow-private
  const std::string token = server.CreateToken("Acme");
  auto literal = server.Post("/api/v1/webhooks",
                             R"({"url":")" + receiver.Url() + R"(","events":["*"]})", token);
  EXPECT_EQ(literal.status, 422) << literal.body;
  EXPECT_STREQ(literal.json["error"]["field"].GetString(), "url");

  // A host name passes creation; what it resolves to is checked when sending.
  const std::string hook = Subscribe(server, token, receiver.Url("localhost"), R"(["*"])");
  ASSERT_FALSE(hook.empty());
  ASSERT_EQ(
      server.Post("/api/v1/contacts", R"({"name":"Ada","email":"ada@example.com"})", token).status,
      201);
  EXPECT_EQ(Dispatch(server), 1);
  EXPECT_TRUE(receiver.hits().empty());  // never attempted
  auto d_list = server.Get("/api/v1/webhooks/" + hook + "/deliveries", token);
  const auto& d = d_list.data()["data"][0];
  EXPECT_STREQ(d["status"].GetString(), "failed");
  EXPECT_TRUE(d["last_response_code"].IsNull());
  // A fixed code: neither the host name nor the address it resolved to.
  EXPECT_STREQ(d["last_error"].GetString(), "blocked_address");
  EXPECT_TRUE(d["next_attempt_at"].IsNull());
}

class WebhookTransportE2E : public ::sb::testing::EngineTest {};
SB_INSTANTIATE_ENGINES(WebhookTransportE2E);

TEST_P(WebhookTransportE2E, TimesOutAndReportsUnreachableTargets) {
  httplib::Server slow;
  slow.Post("/hook", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    res.status = 200;
  });
  const int port = slow.bind_to_any_port("127.0.0.1");
  std::thread t([&] { slow.listen_after_bind(); });
  jobs::CurlWebhookTransport transport(/*allow_private=*/true, std::chrono::milliseconds(300));
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/hook";
  auto timed_out = transport.Post({url, {}, "{}"});
  EXPECT_EQ(timed_out.outcome, jobs::WebhookPostResult::Outcome::kFailed);
  EXPECT_EQ(timed_out.failure, jobs::WebhookFailure::kTimeout);
  slow.stop();
  t.join();

  auto closed = transport.Post({url, {}, "{}"});  // nobody listens any more
  EXPECT_EQ(closed.outcome, jobs::WebhookPostResult::Outcome::kFailed);
  EXPECT_EQ(closed.failure, jobs::WebhookFailure::kConnectFailed);
  auto unknown = transport.Post({"http://no-such-host.invalid/hook", {}, "{}"});
  EXPECT_EQ(unknown.outcome, jobs::WebhookPostResult::Outcome::kFailed);
  EXPECT_EQ(unknown.failure, jobs::WebhookFailure::kDnsFailed);

  jobs::CurlWebhookTransport strict(/*allow_private=*/false);
  auto refused = strict.Post({url, {}, "{}"});
  EXPECT_EQ(refused.outcome, jobs::WebhookPostResult::Outcome::kRefused);
  EXPECT_EQ(refused.failure, jobs::WebhookFailure::kBlockedAddress);
  auto by_name = strict.Post({"http://localhost:" + std::to_string(port) + "/hook", {}, "{}"});
  EXPECT_EQ(by_name.outcome, jobs::WebhookPostResult::Outcome::kRefused);
  EXPECT_EQ(by_name.failure, jobs::WebhookFailure::kBlockedAddress);
  auto legacy = strict.Post({"http://2130706433:" + std::to_string(port) + "/hook", {}, "{}"});
  EXPECT_EQ(legacy.outcome, jobs::WebhookPostResult::Outcome::kRefused);
}

}  // namespace
}  // namespace sb::testing
