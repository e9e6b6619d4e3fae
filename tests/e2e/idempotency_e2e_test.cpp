// Idempotency-Key on POST requests under /api/v1, end to end: replay, mismatch,
// per-organization and per-token keys, a replay without a secret, stored client errors, expiry, a
// duplicate while the first request runs (staged, and raced for real), key validation, and methods
// that ignore the header.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "e2e/test_server.hpp"
#include "http/idempotency.hpp"
#include "store/repositories/idempotency_repository.hpp"
#include "store/repositories/token_repository.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

struct Answer {
  int status = 0;
  std::string body;
  std::string replayed;  // the Idempotent-Replayed header, empty when absent
  rapidjson::Document json;
};

// `method` on `path` with a bearer token and, when `key` is set, an
// Idempotency-Key header.
Answer Send(TestServer& server, const std::string& method, const std::string& path,
            const std::string& body, const std::string& token,
            const std::optional<std::string>& key) {
  httplib::Client client("127.0.0.1", server.port());
  // Generous, as TestServer's own client: 1 000 contacts under the sanitizers
  // on a loaded machine take longer than httplib's default 5 s.
  client.set_read_timeout(std::chrono::seconds(60));
  httplib::Headers headers{{"Authorization", "Bearer " + token}};
  if (key) headers.emplace("Idempotency-Key", *key);
  httplib::Result res = method == "GET" ? client.Get(path, headers)
                                        : client.Post(path, headers, body, "application/json");
  Answer out;
  if (!res) {
    ADD_FAILURE() << "no response to " << method << " " << path;
    return out;
  }
  out.status = res->status;
  out.body = res->body;
  out.replayed = res->get_header_value("Idempotent-Replayed");
  out.json.Parse(out.body.c_str());
  return out;
}

Answer PostKeyed(TestServer& server, const std::string& body, const std::string& token,
                 const std::string& key) {
  return Send(server, "POST", "/api/v1/tags", body, token, key);
}

size_t TagCount(TestServer& server, const std::string& token) {
  auto list = server.Get("/api/v1/tags", token);
  EXPECT_EQ(list.status, 200) << list.body;
  return list.status == 200 ? list.data().Size() : 0;
}

void ExpectKeyError(const Answer& res, int status) {
  ASSERT_EQ(res.status, status) << res.body;
  EXPECT_EQ(res.replayed, "");
  EXPECT_STREQ(res.json["error"]["field"].GetString(), "Idempotency-Key") << res.body;
}

class IdempotencyE2E : public ::sb::testing::EngineTest {};
SB_INSTANTIATE_ENGINES(IdempotencyE2E);

TEST_P(IdempotencyE2E, TheSameKeyAndBodyReplaysTheFirstResponse) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  auto first = PostKeyed(server, R"({"name":"VIP"})", token, "create-vip");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.replayed, "");
  server.clock().Advance(3600);
  auto second = PostKeyed(server, R"({"name":"VIP"})", token, "create-vip");
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.replayed, "true");
  EXPECT_EQ(TagCount(server, token), 1u);
}

TEST_P(IdempotencyE2E, TheSameKeyWithAnotherRequestIs422) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  ASSERT_EQ(PostKeyed(server, R"({"name":"VIP"})", token, "k").status, 201);
  auto other_body = PostKeyed(server, R"({"name":"Gold"})", token, "k");
  ExpectKeyError(other_body, 422);
  EXPECT_STREQ(other_body.json["error"]["code"].GetString(), "VALIDATION_ERROR");
  // Another route with the same key and body is another request too.
  ExpectKeyError(Send(server, "POST", "/api/v1/pipelines", R"({"name":"VIP"})", token, "k"), 422);
  EXPECT_EQ(TagCount(server, token), 1u);
}

TEST_P(IdempotencyE2E, KeysBelongToOneOrganization) {
  TestServer server;
  std::string acme = server.CreateToken("Acme");
  std::string globex = server.CreateToken("Globex", "ops@globex.example");
  auto theirs = PostKeyed(server, R"({"name":"VIP"})", acme, "k");
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  auto ours = PostKeyed(server, R"({"name":"VIP"})", globex, "k");
  ASSERT_EQ(ours.status, 201) << ours.body;
  EXPECT_EQ(ours.replayed, "");
  EXPECT_NE(ours.body, theirs.body);
  EXPECT_EQ(TagCount(server, acme), 1u);
  EXPECT_EQ(TagCount(server, globex), 1u);
}

TEST_P(IdempotencyE2E, KeysBelongToOneTokenWithinAnOrganization) {
  TestServer server;
  std::string ann = server.CreateToken("Acme", "ann@acme.example");
  // A second token of the same user (an owner: webhooks are an admin's).
  std::string bob = server.CreateToken("Acme", "ann@acme.example");
  // Each creation makes a new webhook with its own uuid and secret.
  const std::string body = R"({"url":"https://hooks.example.com/in","events":["*"]})";
  auto anns = Send(server, "POST", "/api/v1/webhooks", body, ann, "k");
  ASSERT_EQ(anns.status, 201) << anns.body;
  // The same key and body from another token of the same organization runs
  // on its own: no replay of the first token's response.
  auto bobs = Send(server, "POST", "/api/v1/webhooks", body, bob, "k");
  ASSERT_EQ(bobs.status, 201) << bobs.body;
  EXPECT_EQ(bobs.replayed, "");
  EXPECT_STRNE(bobs.json["data"]["uuid"].GetString(), anns.json["data"]["uuid"].GetString());
  EXPECT_TRUE(bobs.json["data"].HasMember("secret"));
  EXPECT_EQ(bobs.body.find(anns.json["data"]["secret"].GetString()), std::string::npos);
  // Each token replays its own first answer.
  auto anns_again = Send(server, "POST", "/api/v1/webhooks", body, ann, "k");
  EXPECT_EQ(anns_again.replayed, "true");
  EXPECT_STREQ(anns_again.json["data"]["uuid"].GetString(), anns.json["data"]["uuid"].GetString());
  auto bobs_again = Send(server, "POST", "/api/v1/webhooks", body, bob, "k");
  EXPECT_EQ(bobs_again.replayed, "true");
  EXPECT_STREQ(bobs_again.json["data"]["uuid"].GetString(), bobs.json["data"]["uuid"].GetString());
  // Two executions: two webhooks.
  auto list = server.Get("/api/v1/webhooks", ann);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.data()["total"].GetInt64(), 2);
}

TEST_P(IdempotencyE2E, AReplayedWebhookCreationDoesNotShowTheSecretAgain) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  const std::string body = R"({"url":"https://hooks.example.com/in","events":["*"]})";
  auto first = Send(server, "POST", "/api/v1/webhooks", body, token, "hook-1");
  ASSERT_EQ(first.status, 201) << first.body;
  ASSERT_TRUE(first.json["data"].HasMember("secret")) << first.body;
  const std::string secret = first.json["data"]["secret"].GetString();
  ASSERT_FALSE(secret.empty());
  auto replay = Send(server, "POST", "/api/v1/webhooks", body, token, "hook-1");
  ASSERT_EQ(replay.status, 201) << replay.body;
  EXPECT_EQ(replay.replayed, "true");
  EXPECT_FALSE(replay.json["data"].HasMember("secret")) << replay.body;
  EXPECT_EQ(replay.body.find(secret), std::string::npos) << replay.body;
  EXPECT_STREQ(replay.json["data"]["uuid"].GetString(), first.json["data"]["uuid"].GetString());
  // Only one webhook was created.
  auto list = server.Get("/api/v1/webhooks", token);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.data()["total"].GetInt64(), 1);
}

TEST_P(IdempotencyE2E, ClientErrorsAreStoredAndReplayed) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  auto invalid = PostKeyed(server, R"({"name":""})", token, "bad");
  ASSERT_EQ(invalid.status, 422) << invalid.body;
  EXPECT_STREQ(invalid.json["error"]["field"].GetString(), "name");
  auto again = PostKeyed(server, R"({"name":""})", token, "bad");
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(again.body, invalid.body);
  EXPECT_EQ(again.replayed, "true");

  // A 409 is replayed even once the conflict is gone: the request is not run
  // again.
  auto vip = server.Post("/api/v1/tags", R"({"name":"VIP"})", token);
  ASSERT_EQ(vip.status, 201);
  auto taken = PostKeyed(server, R"({"name":"VIP"})", token, "dup");
  ASSERT_EQ(taken.status, 409) << taken.body;
  ASSERT_EQ(
      server.Delete("/api/v1/tags/" + std::string(vip.data()["uuid"].GetString()), token).status,
      200);
  auto replayed = PostKeyed(server, R"({"name":"VIP"})", token, "dup");
  EXPECT_EQ(replayed.status, 409);
  EXPECT_EQ(replayed.body, taken.body);
  EXPECT_EQ(replayed.replayed, "true");
  EXPECT_EQ(TagCount(server, token), 0u);
}

TEST_P(IdempotencyE2E, AKeyIsKeptForADay) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  ASSERT_EQ(PostKeyed(server, R"({"name":"VIP"})", token, "k").status, 201);
  server.clock().Advance(24 * 3600 - 1);
  ExpectKeyError(PostKeyed(server, R"({"name":"Gold"})", token, "k"), 422);
  server.clock().Advance(1);
  auto reused = PostKeyed(server, R"({"name":"Gold"})", token, "k");
  ASSERT_EQ(reused.status, 201) << reused.body;
  EXPECT_EQ(reused.replayed, "");
  EXPECT_STREQ(reused.json["data"]["name"].GetString(), "Gold");
  EXPECT_EQ(TagCount(server, token), 2u);
}

TEST_P(IdempotencyE2E, ADuplicateWhileTheFirstRunsIs409) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  const std::string body = R"({"name":"VIP"})";
  // The first request with the key is running: its row was begun and not
  // finished.
  {
    auto conn = server.database().Acquire();
    ASSERT_TRUE(conn.ok());
    auto owner = store::TokenRepository(**conn, server.clock(), server.ids()).Authenticate(token);
    ASSERT_TRUE(owner.ok());
    store::IdempotencyRequest first{"k", http::IdempotencyRequestHash("POST", "/api/v1/tags", body),
                                    "POST", "/api/v1/tags"};
    auto begun = store::IdempotencyRepository(**conn).Begin(owner->organization_id, owner->token_id,
                                                            first, kTestNow);
    ASSERT_TRUE(begun.ok());
    ASSERT_EQ(begun->outcome, store::IdempotencyOutcome::kFresh);
  }
  auto duplicate = PostKeyed(server, body, token, "k");
  ExpectKeyError(duplicate, 409);
  EXPECT_STREQ(duplicate.json["error"]["code"].GetString(), "CONFLICT");
  EXPECT_EQ(TagCount(server, token), 0u);
}

// Racing for real: the same slow request (1 000 contacts) sent at once by
// several clients with one key runs once. The others are told it is running
// (409) or, once it is done, get its response replayed; never a second run.
TEST_P(IdempotencyE2E, ConcurrentDuplicatesRunTheRequestOnce) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  std::string body = R"({"upsert_by":"none","contacts":[)";
  for (int i = 0; i < 1000; ++i) {
    body += fmt::format(R"({}{{"name":"P{}","phone_number":"+1415555{:04}"}})", i ? "," : "", i, i);
  }
  body += "]}";
  constexpr int kClients = 4;
  std::vector<Answer> answers(kClients);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      answers[i] = Send(server, "POST", "/api/v1/contacts/bulk", body, token, "race");
    });
  }
  for (auto& c : clients) c.join();
  int ran = 0;
  for (const auto& a : answers) {
    if (a.status == 200 && a.replayed.empty()) {
      ++ran;
      EXPECT_EQ(a.json["data"]["created"].GetInt(), 1000);
    } else if (a.status == 200) {
      EXPECT_EQ(a.replayed, "true");
      EXPECT_EQ(a.json["data"]["created"].GetInt(), 1000);  // the first run's answer
    } else {
      ExpectKeyError(a, 409);
    }
  }
  EXPECT_EQ(ran, 1);
  auto list = server.Get("/api/v1/contacts?per_page=1", token);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.data()["total"].GetInt(), 1000);
}

TEST_P(IdempotencyE2E, AKeyIs1To255PrintableCharacters) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  ExpectKeyError(PostKeyed(server, R"({"name":"A"})", token, std::string(256, 'k')), 422);
  ExpectKeyError(PostKeyed(server, R"({"name":"A"})", token, "caf\xc3\xa9"), 422);
  EXPECT_EQ(TagCount(server, token), 0u);
  auto longest = PostKeyed(server, R"({"name":"A"})", token, std::string(255, 'k'));
  EXPECT_EQ(longest.status, 201) << longest.body;
}

TEST_P(IdempotencyE2E, GetIgnoresTheHeader) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  ASSERT_EQ(PostKeyed(server, R"({"name":"VIP"})", token, "k").status, 201);
  auto list = Send(server, "GET", "/api/v1/tags", "", token, "k");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.replayed, "");
  EXPECT_EQ(list.json["data"].Size(), 1u);
  auto too_long = Send(server, "GET", "/api/v1/tags", "", token, std::string(300, 'k'));
  EXPECT_EQ(too_long.status, 200);
}

}  // namespace
}  // namespace sb::testing
