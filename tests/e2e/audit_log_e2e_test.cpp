// GET /api/v1/audit-log end to end: every audited change of users and
// webhooks leaves exactly one entry naming its actor and what changed (never
// a secret), a failed change leaves none, the command line's token create and
// revoke are recorded, only admins and owners read it, its pages and action
// filter, and tenant isolation.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/cli_helpers.hpp"
#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

using Strings = std::vector<std::string>;

constexpr const char* kSecret = "whsec_first_secret_0123456789";
constexpr const char* kRotated = "whsec_second_secret_abcdefghij";

std::string Str(const rapidjson::Value& v) {
  return v.IsString() ? v.GetString() : (v.IsNull() ? "null" : ToJson(v));
}

class AuditLogE2E : public ::sb::testing::EngineTest {
 protected:
  void SetUp() override { owner_ = server_.CreateToken("Acme"); }

  HttpResult Log(const std::string& query = "", const std::string& token = "") {
    return server_.Get("/api/v1/audit-log" + query, token.empty() ? owner_ : token);
  }
  // The entries of one page (a test failure and none when it is not a 200).
  std::vector<rapidjson::Document> Entries(const std::string& query = "?per_page=100") {
    std::vector<rapidjson::Document> out;
    auto res = Log(query);
    EXPECT_EQ(res.status, 200) << res.body;
    if (res.status != 200) return out;
    for (const auto& e : res.data()["data"].GetArray()) {
      rapidjson::Document d;
      d.CopyFrom(e, d.GetAllocator());
      out.push_back(std::move(d));
    }
    return out;
  }
  Strings Actions(const std::string& query = "?per_page=100") {
    Strings out;
    for (const auto& e : Entries(query)) out.push_back(Str(e["action"]));
    return out;
  }
  int64_t Total(const std::string& query = "", const std::string& token = "") {
    auto res = Log(query, token);
    EXPECT_EQ(res.status, 200) << res.body;
    return res.status == 200 ? res.data()["total"].GetInt64() : -1;
  }
  std::string Uuid(const HttpResult& res, int status) {
    EXPECT_EQ(res.status, status) << res.body;
    return res.status == status ? Str(res.data()["uuid"]) : "";
  }
  // The uuid of the user `email` of the owner's organization.
  std::string UserUuid(const std::string& email) {
    auto list = server_.Get("/api/v1/users?per_page=100", owner_);
    for (const auto& u : list.data()["data"].GetArray()) {
      if (Str(u["email"]) == email) return Str(u["uuid"]);
    }
    ADD_FAILURE() << "no " << email << " in " << list.body;
    return "";
  }
  // The uuid of the owner's own token (GET /api/v1/me).
  std::string OwnTokenUuid() {
    auto me = server_.Get("/api/v1/me", owner_);
    EXPECT_EQ(me.status, 200) << me.body;
    return me.status == 200 ? Str(me.data()["token"]["uuid"]) : "";
  }
  // Checks the entry's actor, source and target.
  void ExpectEntry(const rapidjson::Value& e, const std::string& action, const std::string& type,
                   const std::string& target) {
    EXPECT_EQ(Str(e["action"]), action);
    EXPECT_EQ(Str(e["source"]), "api");
    EXPECT_EQ(Str(e["actor"]["user_uuid"]), owner_uuid_);
    EXPECT_EQ(Str(e["actor"]["token_prefix"]), owner_.substr(0, 11));
    EXPECT_EQ(Str(e["actor"]["token_uuid"]), OwnTokenUuid());
    EXPECT_EQ(Str(e["target"]["type"]), type);
    EXPECT_EQ(Str(e["target"]["uuid"]), target);
    EXPECT_EQ(Str(e["created_at"]), "2024-03-01T12:00:00Z");
    EXPECT_EQ(Str(e["uuid"]).size(), 36u);
  }

  TestServer server_;
  std::string owner_;
  std::string owner_uuid_;
};

SB_INSTANTIATE_ENGINES(AuditLogE2E);

TEST_P(AuditLogE2E, EachUserAndWebhookChangeLeavesOneEntryWithItsActorAndNoSecret) {
  owner_uuid_ = UserUuid("admin@example.com");
  std::string bob =
      Uuid(server_.Post("/api/v1/users", R"({"name":"Bob","email":"bob@acme.test"})", owner_), 201);
  EXPECT_EQ(Actions(), (Strings{"user.created"}));
  auto promoted = server_.Patch("/api/v1/users/" + bob, R"({"role":"admin"})", owner_);
  ASSERT_EQ(promoted.status, 200) << promoted.body;
  EXPECT_EQ(Actions(), (Strings{"user.role_changed", "user.created"}));
  auto renamed = server_.Patch("/api/v1/users/" + bob, R"({"name":"Robert"})", owner_);
  ASSERT_EQ(renamed.status, 200) << renamed.body;

  std::string hook =
      Uuid(server_.Post("/api/v1/webhooks",
                        std::string(R"({"url":"https://hooks.example.com/a",)") +
                            R"("events":["contact.created"],"secret":")" + kSecret + "\"}",
                        owner_),
           201);
  auto patched = server_.Patch(
      "/api/v1/webhooks/" + hook,
      std::string(R"({"url":"https://hooks.example.com/b","secret":")") + kRotated + "\"}", owner_);
  ASSERT_EQ(patched.status, 200) << patched.body;
  ASSERT_EQ(server_.Delete("/api/v1/webhooks/" + hook, owner_).status, 200);
  ASSERT_EQ(server_.Delete("/api/v1/users/" + bob, owner_).status, 200);

  auto res = Log("?per_page=100");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.body.find(kSecret), std::string::npos) << res.body;
  EXPECT_EQ(res.body.find(kRotated), std::string::npos) << res.body;
  EXPECT_EQ(res.body.find(owner_), std::string::npos) << "the token itself is never shown";
  auto entries = Entries();
  ASSERT_EQ(entries.size(), 7u) << res.body;
  ExpectEntry(entries[0], "user.deleted", "user", bob);
  EXPECT_EQ(ToJson(entries[0]["details"]),
            R"({"name":"Robert","email":"bob@acme.test","role":"admin"})");
  ExpectEntry(entries[1], "webhook.deleted", "webhook", hook);
  EXPECT_EQ(ToJson(entries[1]["details"]),
            R"({"url":"https://hooks.example.com/b","events":["contact.created"],"active":true})");
  ExpectEntry(entries[2], "webhook.updated", "webhook", hook);
  EXPECT_EQ(ToJson(entries[2]["details"]),
            R"({"url":{"old":"https://hooks.example.com/a","new":"https://hooks.example.com/b"},)"
            R"("secret_changed":true})");
  ExpectEntry(entries[3], "webhook.created", "webhook", hook);
  EXPECT_EQ(ToJson(entries[3]["details"]),
            R"({"url":"https://hooks.example.com/a","events":["contact.created"],"active":true})");
  ExpectEntry(entries[4], "user.updated", "user", bob);
  EXPECT_EQ(ToJson(entries[4]["details"]), R"({"name":{"old":"Bob","new":"Robert"}})");
  ExpectEntry(entries[5], "user.role_changed", "user", bob);
  EXPECT_EQ(ToJson(entries[5]["details"]), R"({"role":{"old":"member","new":"admin"}})");
  ExpectEntry(entries[6], "user.created", "user", bob);
  EXPECT_EQ(ToJson(entries[6]["details"]),
            R"({"name":"Bob","email":"bob@acme.test","role":"member"})");
}

TEST_P(AuditLogE2E, AChangeThatFailsLeavesNoEntry) {
  std::string self = UserUuid("admin@example.com");
  EXPECT_EQ(server_.Post("/api/v1/users", R"({"name":"X","email":"not-an-email"})", owner_).status,
            422);
  EXPECT_EQ(
      server_.Post("/api/v1/users", R"({"name":"X","email":"admin@example.com"})", owner_).status,
      409);
  // The organization's only owner can be neither demoted nor deleted.
  auto demote = server_.Patch("/api/v1/users/" + self, R"({"role":"member"})", owner_);
  EXPECT_EQ(demote.status, 409) << demote.body;
  EXPECT_EQ(server_.Delete("/api/v1/users/" + self, owner_).status, 409);
  EXPECT_EQ(server_.Patch("/api/v1/users/" + self, R"({"role":"chief"})", owner_).status, 422);
  EXPECT_EQ(server_.Patch("/api/v1/users/" + self, R"({"name":"  "})", owner_).status, 422);
  EXPECT_EQ(server_.Delete("/api/v1/users/0190aaaa-0000-7000-8000-000000000001", owner_).status,
            404);
  EXPECT_EQ(
      server_.Post("/api/v1/webhooks", R"({"url":"ftp://x","events":["contact.created"]})", owner_)
          .status,
      422);
  std::string hook =
      Uuid(server_.Post("/api/v1/webhooks", R"({"url":"https://h.example.com/","events":["*"]})",
                        owner_),
           201);
  EXPECT_EQ(server_.Patch("/api/v1/webhooks/" + hook, R"({"events":["nope"]})", owner_).status,
            422);
  EXPECT_EQ(Actions(), (Strings{"webhook.created"}));
}

TEST_P(AuditLogE2E, OnlyAdminsAndOwnersMayReadIt) {
  ASSERT_EQ(
      server_.Post("/api/v1/users", R"({"name":"A","email":"a@acme.test","role":"admin"})", owner_)
          .status,
      201);
  std::string admin = server_.CreateToken("Acme", "a@acme.test");
  std::string member = server_.CreateToken("Acme", "m@acme.test");
  auto denied = Log("", member);
  EXPECT_EQ(denied.status, 403) << denied.body;
  EXPECT_EQ(Str(denied.json["error"]["code"]), "FORBIDDEN");
  EXPECT_FALSE(denied.json["success"].GetBool());
  // Denied before the query is looked at.
  EXPECT_EQ(Log("?action=bogus", member).status, 403);
  EXPECT_EQ(Total("", admin), 1);
  EXPECT_EQ(Total("", owner_), 1);
  // Promoted, the member may read it on the next request.
  std::string m = UserUuid("m@acme.test");
  ASSERT_EQ(server_.Patch("/api/v1/users/" + m, R"({"role":"admin"})", owner_).status, 200);
  EXPECT_EQ(Log("", member).status, 200);
  EXPECT_EQ(server_.Get("/api/v1/audit-log").status, 401);
}

TEST_P(AuditLogE2E, PagesAndTheActionFilter) {
  for (int i = 0; i < 5; ++i) {
    std::string body = R"({"name":"U","email":"u)" + std::to_string(i) + R"(@acme.test"})";
    ASSERT_EQ(server_.Post("/api/v1/users", body, owner_).status, 201);
  }
  std::string hook =
      Uuid(server_.Post("/api/v1/webhooks", R"({"url":"https://h.example.com/","events":["*"]})",
                        owner_),
           201);
  auto page = Log("?per_page=2&page=2");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(Str(page.json["message"]), "Audit log retrieved successfully");
  const auto& d = page.data();
  EXPECT_EQ(d["current_page"].GetInt(), 2);
  EXPECT_EQ(d["per_page"].GetInt(), 2);
  EXPECT_EQ(d["total"].GetInt(), 6);
  EXPECT_EQ(d["last_page"].GetInt(), 3);
  EXPECT_EQ(d["from"].GetInt(), 3);
  EXPECT_EQ(d["to"].GetInt(), 4);
  const std::string base = "http://127.0.0.1:" + std::to_string(server_.port());
  EXPECT_EQ(Str(d["path"]), base + "/api/v1/audit-log");
  EXPECT_NE(Str(d["next_page_url"]).find("page=3"), std::string::npos) << page.body;
  EXPECT_NE(Str(d["prev_page_url"]).find("page=1"), std::string::npos) << page.body;
  ASSERT_EQ(d["data"].Size(), 2u);
  EXPECT_EQ(Str(d["data"][0]["details"]["email"]), "u3@acme.test");
  EXPECT_EQ(Str(d["data"][1]["details"]["email"]), "u2@acme.test");
  EXPECT_EQ(Log("").data()["per_page"].GetInt(), 15);

  EXPECT_EQ(Total("?action=user.created"), 5);
  EXPECT_EQ(Actions("?action=webhook.created"), (Strings{"webhook.created"}));
  EXPECT_EQ(Total("?action=webhook.deleted"), 0);
  auto bad = Log("?action=user.exploded");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(Str(bad.json["error"]["field"]), "action");
  EXPECT_EQ(Log("?per_page=101").status, 422);
}

TEST_P(AuditLogE2E, AnotherOrganizationsEntriesAreNeverVisible) {
  std::string other = server_.CreateToken("Globex", "g@globex.test");
  ASSERT_EQ(server_.Post("/api/v1/users", R"({"name":"B","email":"b@acme.test"})", owner_).status,
            201);
  ASSERT_EQ(
      server_.Post("/api/v1/webhooks", R"({"url":"https://h.example.com/","events":["*"]})", other)
          .status,
      201);
  EXPECT_EQ(Actions(), (Strings{"user.created"}));
  auto theirs = Log("?per_page=100", other);
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  ASSERT_EQ(theirs.data()["data"].Size(), 1u);
  EXPECT_EQ(Str(theirs.data()["data"][0]["action"]), "webhook.created");
  EXPECT_EQ(Total("?action=webhook.created"), 0);
}

// `switchboard token create` and `token revoke` against the server's store.
TEST_P(AuditLogE2E, TheCommandLinesTokenCreateAndRevokeAreRecorded) {
  const std::string& db = server_.store().target();
  RunResult created = Cli({"token", "create", "--db", db, "--org", "Acme", "--user",
                           "ops@acme.test", "--name", "deploy"});
  ASSERT_EQ(created.status.exit_code, 0) << Describe(created);
  const std::string token = created.out.substr(0, created.out.find('\n'));
  const std::string prefix = token.substr(0, 11);
  RunResult revoked = Cli({"token", "revoke", "--db", db, prefix});
  ASSERT_EQ(revoked.status.exit_code, 0) << Describe(revoked);

  auto res = Log("?per_page=100");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.body.find(token), std::string::npos) << "the token itself is never recorded";
  auto entries = Entries();
  ASSERT_EQ(entries.size(), 2u) << res.body;
  EXPECT_EQ(Str(entries[0]["action"]), "token.revoked");
  EXPECT_EQ(ToJson(entries[0]["details"]), R"({"name":"deploy","prefix":")" + prefix + "\"}");
  EXPECT_EQ(Str(entries[1]["action"]), "token.created");
  EXPECT_EQ(ToJson(entries[1]["details"]),
            R"({"name":"deploy","prefix":")" + prefix +
                R"(","user_email":"ops@acme.test",)"
                R"("scopes":["read","write"],"expires_in_days":null})");
  for (const auto& e : entries) {
    EXPECT_EQ(Str(e["source"]), "cli");
    EXPECT_EQ(ToJson(e["actor"]), R"({"user_uuid":null,"token_uuid":null,"token_prefix":null})");
    EXPECT_EQ(Str(e["target"]["type"]), "token");
    EXPECT_EQ(Str(e["target"]["uuid"]).size(), 36u) << ToJson(e["target"]);
  }
  // Both name the same token.
  EXPECT_EQ(Str(entries[0]["target"]["uuid"]), Str(entries[1]["target"]["uuid"]));
  // The organization the token went to only.
  std::string other = server_.CreateToken("Globex", "g@globex.test");
  EXPECT_EQ(Total("", other), 0);
}

// POST and DELETE /api/v1/tokens: one entry each, naming the token by its
// uuid, its scopes and whose it is, never its secret.
TEST_P(AuditLogE2E, TokensMadeAndRevokedThroughTheApiAreRecorded) {
  owner_uuid_ = UserUuid("admin@example.com");
  auto made = server_.Post("/api/v1/tokens", R"({"name":"ci","scopes":["read"]})", owner_);
  const std::string token_uuid = Uuid(made, 201);
  const std::string secret = made.status == 201 ? Str(made.data()["token"]) : "none";
  ASSERT_EQ(server_.Delete("/api/v1/tokens/" + token_uuid, owner_).status, 204);
  // A refused revocation (already revoked) leaves nothing.
  EXPECT_EQ(server_.Delete("/api/v1/tokens/" + token_uuid, owner_).status, 404);

  auto res = Log("?per_page=100");
  EXPECT_EQ(res.body.find(secret), std::string::npos) << "the secret is never recorded";
  auto entries = Entries();
  ASSERT_EQ(entries.size(), 2u) << res.body;
  ExpectEntry(entries[0], "token.revoked", "token", token_uuid);
  ExpectEntry(entries[1], "token.created", "token", token_uuid);
  for (const auto& e : entries) {
    EXPECT_EQ(Str(e["details"]["name"]), "ci");
    EXPECT_EQ(Str(e["details"]["user_uuid"]), owner_uuid_);
    EXPECT_EQ(ToJson(e["details"]["scopes"]), R"(["read"])");
  }
}

}  // namespace
}  // namespace sb::testing
