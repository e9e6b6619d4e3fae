// Roles, token scopes, /api/v1/tokens and /api/v1/me end to end: who may
// change which users, whose tokens one sees and revokes, that a demotion or a
// revocation holds from the very next request, and that a token's secret is
// shown once (not even in an Idempotency-Key replay).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

std::string Str(const rapidjson::Value& v) { return v.IsString() ? v.GetString() : ToJson(v); }

class RolesE2E : public ::sb::testing::EngineTest {
 protected:
  void SetUp() override {
    owner_ = server_.CreateToken("Acme");  // admin@example.com: the first user, owner
    owner_uuid_ = Str(server_.Get("/api/v1/me", owner_).data()["user"]["uuid"]);
  }

  // A user with `role`, made by the owner; returns its uuid.
  std::string MakeUser(const std::string& name, const std::string& role) {
    auto res = server_.Post(
        "/api/v1/users",
        R"({"name":")" + name + R"(","email":")" + name + R"(@acme.test","role":")" + role + "\"}",
        owner_);
    EXPECT_EQ(res.status, 201) << res.body;
    return res.status == 201 ? Str(res.data()["uuid"]) : "";
  }
  // A token for user `user_uuid`, made by `by` (default: the owner).
  HttpResult MakeToken(const std::string& user_uuid, const std::string& scopes_json = "",
                       const std::string& by = "") {
    std::string body = R"({"name":"t","user_uuid":")" + user_uuid + "\"";
    if (!scopes_json.empty()) body += R"(,"scopes":)" + scopes_json;
    return server_.Post("/api/v1/tokens", body + "}", by.empty() ? owner_ : by);
  }
  std::string TokenFor(const std::string& user_uuid, const std::string& scopes_json = "") {
    auto res = MakeToken(user_uuid, scopes_json);
    EXPECT_EQ(res.status, 201) << res.body;
    return res.status == 201 ? Str(res.data()["token"]) : "";
  }
  // The uuids of the tokens `token` lists.
  std::set<std::string> Listed(const std::string& token) {
    auto res = server_.Get("/api/v1/tokens?per_page=100", token);
    EXPECT_EQ(res.status, 200) << res.body;
    std::set<std::string> out;
    if (res.status != 200) return out;
    for (const auto& t : res.data()["data"].GetArray()) {
      EXPECT_FALSE(t.HasMember("token")) << "a list never shows a secret";
      out.insert(Str(t["uuid"]));
    }
    return out;
  }
  static void ExpectForbidden(const HttpResult& res, const std::string& key,
                              const std::string& value) {
    ASSERT_EQ(res.status, 403) << res.body;
    EXPECT_STREQ(res.json["error"]["code"].GetString(), "FORBIDDEN");
    ASSERT_TRUE(res.json["error"].HasMember(key.c_str())) << res.body;
    EXPECT_EQ(Str(res.json["error"][key.c_str()]), value) << res.body;
  }

  TestServer server_;
  std::string owner_;
  std::string owner_uuid_;
};

SB_INSTANTIATE_ENGINES(RolesE2E);

TEST_P(RolesE2E, AdminsActOnMembersAndViewersOnlyOwnersOnEveryone) {
  const std::string admin_uuid = MakeUser("ada", "admin");
  const std::string admin = TokenFor(admin_uuid);
  const std::string member_uuid = MakeUser("mel", "member");
  const std::string member = TokenFor(member_uuid);

  auto made =
      server_.Post("/api/v1/users", R"({"name":"V","email":"v@acme.test","role":"viewer"})", admin);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(Str(made.data()["role"]), "viewer");
  const std::string viewer_uuid = Str(made.data()["uuid"]);
  ExpectForbidden(
      server_.Post("/api/v1/users", R"({"name":"A","email":"a2@acme.test","role":"admin"})", admin),
      "required_role", "owner");
  ExpectForbidden(server_.Patch("/api/v1/users/" + viewer_uuid, R"({"role":"owner"})", admin),
                  "required_role", "owner");
  const std::string second_owner_uuid = MakeUser("oz", "owner");
  ExpectForbidden(server_.Delete("/api/v1/users/" + second_owner_uuid, admin), "required_role",
                  "owner");
  // An admin is an owner's to change, but one's own name is one's own.
  const std::string other_admin_uuid = MakeUser("abe", "admin");
  ExpectForbidden(server_.Patch("/api/v1/users/" + other_admin_uuid, R"({"name":"Abe L"})", admin),
                  "required_role", "owner");
  EXPECT_EQ(server_.Patch("/api/v1/users/" + admin_uuid, R"({"name":"Ada L"})", admin).status, 200);
  auto own = server_.Patch("/api/v1/users/" + admin_uuid, R"({"role":"owner"})", admin);
  EXPECT_EQ(own.status, 403) << own.body;
  ASSERT_EQ(server_.Patch("/api/v1/users/" + member_uuid, R"({"role":"viewer"})", admin).status,
            200);
  ASSERT_EQ(server_.Patch("/api/v1/users/" + member_uuid, R"({"role":"member"})", admin).status,
            200);
  ExpectForbidden(server_.Post("/api/v1/users", R"({"name":"X","email":"x@acme.test"})", member),
                  "required_role", "admin");
  EXPECT_EQ(server_.Get("/api/v1/users", member).status, 200);
  // Nothing was half-done by the refusals.
  EXPECT_EQ(Str(server_.Get("/api/v1/users/" + viewer_uuid, owner_).data()["role"]), "viewer");
  EXPECT_EQ(Str(server_.Get("/api/v1/users/" + owner_uuid_, owner_).data()["role"]), "owner");
  EXPECT_EQ(server_.Delete("/api/v1/users/" + viewer_uuid, admin).status, 200);
  EXPECT_EQ(server_.Patch("/api/v1/users/" + admin_uuid, R"({"role":"member"})", owner_).status,
            200);
}

TEST_P(RolesE2E, ADemotionOrARevocationHoldsFromTheNextRequest) {
  const std::string admin_uuid = MakeUser("ada", "admin");
  auto created = MakeToken(admin_uuid);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string admin = Str(created.data()["token"]);
  const std::string admin_token_uuid = Str(created.data()["uuid"]);

  ASSERT_EQ(server_.Post("/api/v1/agents", R"({"name":"Ava"})", admin).status, 201);
  ASSERT_EQ(server_.Patch("/api/v1/users/" + admin_uuid, R"({"role":"member"})", owner_).status,
            200);
  ExpectForbidden(server_.Post("/api/v1/agents", R"({"name":"Bo"})", admin), "required_role",
                  "admin");
  EXPECT_EQ(Str(server_.Get("/api/v1/me", admin).data()["user"]["role"]), "member");

  auto revoked = server_.Delete("/api/v1/tokens/" + admin_token_uuid, owner_);
  ASSERT_EQ(revoked.status, 204) << revoked.body;
  EXPECT_EQ(revoked.body, "");
  auto after = server_.Get("/api/v1/contacts", admin);
  EXPECT_EQ(after.status, 401) << after.body;
  EXPECT_EQ(server_.Delete("/api/v1/tokens/" + admin_token_uuid, owner_).status, 404);
}

TEST_P(RolesE2E, CreateATokenAndUseIt) {
  const std::string member_uuid = MakeUser("mel", "member");
  auto res =
      server_.Post("/api/v1/tokens",
                   R"({"name":"  deploy ","expires_in_days":30,"scopes":["read"],"user_uuid":")" +
                       member_uuid + "\"}",
                   owner_);
  ASSERT_EQ(res.status, 201) << res.body;
  const auto& d = res.data();
  std::vector<std::string> keys;
  for (const auto& m : d.GetObject()) keys.emplace_back(m.name.GetString());
  EXPECT_EQ(keys, (std::vector<std::string>{"uuid", "name", "prefix", "scopes", "user_uuid",
                                            "created_at", "expires_at", "token"}));
  EXPECT_EQ(Str(d["name"]), "deploy");
  EXPECT_EQ(ToJson(d["scopes"]), R"(["read"])");
  EXPECT_EQ(Str(d["user_uuid"]), member_uuid);
  EXPECT_EQ(Str(d["created_at"]), "2024-03-01T12:00:00Z");
  EXPECT_EQ(Str(d["expires_at"]), "2024-03-31T12:00:00Z");
  const std::string token = Str(d["token"]);
  EXPECT_EQ(token.rfind(Str(d["prefix"]), 0), 0u);

  auto me = server_.Get("/api/v1/me", token);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_TRUE(me.json["success"].GetBool());
  EXPECT_EQ(Str(me.data()["user"]["uuid"]), member_uuid);
  EXPECT_EQ(Str(me.data()["user"]["email"]), "mel@acme.test");
  EXPECT_EQ(Str(me.data()["user"]["name"]), "mel");
  EXPECT_EQ(Str(me.data()["user"]["role"]), "member");
  EXPECT_EQ(Str(me.data()["organization"]["name"]), "Acme");
  EXPECT_EQ(Str(me.data()["token"]["uuid"]), Str(d["uuid"]));
  EXPECT_EQ(Str(me.data()["token"]["name"]), "deploy");
  EXPECT_EQ(ToJson(me.data()["token"]["scopes"]), R"(["read"])");
  EXPECT_EQ(Str(me.data()["token"]["expires_at"]), "2024-03-31T12:00:00Z");
  EXPECT_EQ(me.body.find(token), std::string::npos);

  // Read-only: reads pass, writes are refused naming the scope.
  EXPECT_EQ(server_.Get("/api/v1/contacts", token).status, 200);
  ExpectForbidden(server_.Post("/api/v1/contacts", R"({"name":"A"})", token), "required_scope",
                  "write");
  ExpectForbidden(server_.Post("/api/v1/tokens", R"({"name":"x"})", token), "required_scope",
                  "write");
  // Expired tokens stop working.
  server_.clock().Advance(31 * 86400);
  EXPECT_EQ(server_.Get("/api/v1/contacts", token).status, 401);
}

TEST_P(RolesE2E, TokenBodiesAreValidatedNamingTheField) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({})", "name"},
      {R"({"name":"   "})", "name"},
      {R"({"name":")" + std::string(101, 'n') + "\"}", "name"},
      {R"({"name":7})", "name"},
      {R"({"name":"x","expires_in_days":0})", "expires_in_days"},
      {R"({"name":"x","expires_in_days":3651})", "expires_in_days"},
      {R"({"name":"x","scopes":[]})", "scopes"},
      {R"({"name":"x","scopes":["admin"]})", "scopes"},
      {R"({"name":"x","scopes":"read"})", "scopes"},
      {R"({"name":"x","user_uuid":"nope"})", "user_uuid"},
  };
  for (const auto& [body, field] : cases) {
    auto res = server_.Post("/api/v1/tokens", body, owner_);
    EXPECT_EQ(res.status, 422) << body << " -> " << res.body;
    if (res.status == 422) {
      EXPECT_EQ(Str(res.json["error"]["field"]), field) << body;
    }
  }
  auto unknown =
      server_.Post("/api/v1/tokens",
                   R"({"name":"x","user_uuid":"0b5e8f0e-3c51-4d6e-9a57-2f1c9d7e4a10"})", owner_);
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  auto ok = server_.Post("/api/v1/tokens", R"({"name":")" + std::string(100, 'n') + "\"}", owner_);
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ToJson(ok.data()["scopes"]), R"(["read","write"])");
  EXPECT_TRUE(ok.data()["expires_at"].IsNull());
}

TEST_P(RolesE2E, WhoseTokensOneSeesMakesAndRevokes) {
  const std::string admin_uuid = MakeUser("ada", "admin");
  const std::string admin2_uuid = MakeUser("abe", "admin");
  const std::string member_uuid = MakeUser("mel", "member");
  const std::string viewer_uuid = MakeUser("vic", "viewer");
  auto own_owner = MakeToken(owner_uuid_);
  auto a = MakeToken(admin_uuid);
  auto a2 = MakeToken(admin2_uuid);
  auto m = MakeToken(member_uuid);
  auto v = MakeToken(viewer_uuid);
  for (const auto* r : {&own_owner, &a, &a2, &m, &v}) ASSERT_EQ(r->status, 201) << r->body;
  auto id = [](const HttpResult& r) { return Str(r.data()["uuid"]); };
  auto secret = [](const HttpResult& r) { return Str(r.data()["token"]); };

  const std::set<std::string> all_but_owners = {id(a), id(a2), id(m), id(v)};
  EXPECT_EQ(Listed(secret(a)), all_but_owners);
  EXPECT_EQ(Listed(secret(m)), std::set<std::string>{id(m)});
  EXPECT_EQ(Listed(secret(v)), std::set<std::string>{id(v)});
  std::set<std::string> everything = Listed(owner_);
  EXPECT_EQ(everything.size(), 6u);  // and the owner's two (the fixture's and `own_owner`)
  for (const auto& t : all_but_owners) EXPECT_TRUE(everything.count(t));

  // Pages like every list.
  auto page = server_.Get("/api/v1/tokens?per_page=2&page=2", owner_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.data()["total"].GetInt(), 6);
  EXPECT_EQ(page.data()["last_page"].GetInt(), 3);
  EXPECT_EQ(page.data()["data"].Size(), 2u);
  EXPECT_EQ(server_.Get("/api/v1/tokens?per_page=0", owner_).status, 422);

  // Making tokens for others.
  ExpectForbidden(MakeToken(viewer_uuid, "", secret(m)), "required_role", "admin");
  ExpectForbidden(MakeToken(owner_uuid_, "", secret(a)), "required_role", "owner");
  EXPECT_EQ(MakeToken(member_uuid, "", secret(a)).status, 201);
  EXPECT_EQ(MakeToken(admin2_uuid, "", secret(a)).status, 201);
  EXPECT_EQ(MakeToken(viewer_uuid, R"(["read"])", secret(v)).status, 201);  // one's own

  // Never wider than the token asking: a write-only token cannot mint a read one.
  const std::string write_only = TokenFor(admin_uuid, R"(["write"])");
  ExpectForbidden(MakeToken(admin_uuid, R"(["read","write"])", write_only), "required_scope",
                  "read");
  auto narrow = MakeToken(admin_uuid, "", write_only);
  ASSERT_EQ(narrow.status, 201) << narrow.body;
  EXPECT_EQ(ToJson(narrow.data()["scopes"]), R"(["write"])");

  // Revoking: only what one may see; another's is not found.
  EXPECT_EQ(server_.Delete("/api/v1/tokens/" + id(a), secret(m)).status, 404);
  EXPECT_EQ(server_.Delete("/api/v1/tokens/" + id(own_owner), secret(a)).status, 404);
  EXPECT_EQ(server_.Get("/api/v1/me", secret(a)).status, 200);
  EXPECT_EQ(server_.Delete("/api/v1/tokens/" + id(m), secret(a)).status, 204);
  EXPECT_EQ(server_.Get("/api/v1/me", secret(m)).status, 401);
  EXPECT_EQ(server_.Delete("/api/v1/tokens/" + id(v), secret(v)).status, 204);
  EXPECT_EQ(server_.Get("/api/v1/me", secret(v)).status, 401);
  EXPECT_EQ(server_.Get("/api/v1/me", secret(own_owner)).status, 200);
}

TEST_P(RolesE2E, AnIdempotentReplayNeverShowsTheSecretAgain) {
  const httplib::Headers headers = {{"Authorization", "Bearer " + owner_},
                                    {"Idempotency-Key", "mint-1"}};
  auto first = server_.Send("POST", "/api/v1/tokens", R"({"name":"ci"})", headers);
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string secret = Str(first.data()["token"]);
  ASSERT_EQ(secret.rfind("sb_", 0), 0u);
  auto replay = server_.Send("POST", "/api/v1/tokens", R"({"name":"ci"})", headers);
  ASSERT_EQ(replay.status, 201) << replay.body;
  EXPECT_EQ(replay.headers.find("Idempotent-Replayed")->second, "true");
  EXPECT_EQ(Str(replay.data()["uuid"]), Str(first.data()["uuid"]));
  EXPECT_FALSE(replay.data().HasMember("token")) << replay.body;
  EXPECT_EQ(replay.body.find(secret), std::string::npos);
  EXPECT_EQ(server_.Get("/api/v1/me", secret).status, 200);  // minted once, and it works
  EXPECT_EQ(server_.Get("/api/v1/tokens", owner_).data()["total"].GetInt(), 2);
}

}  // namespace
}  // namespace sb::testing
