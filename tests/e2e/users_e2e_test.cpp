// /api/v1/users end to end: the user object, create/get/list/patch/delete,
// each validation error naming its field, unique emails, the last owner, what
// deleting a user does to contacts and tokens, and tenant isolation.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/contacts_e2e_util.hpp"
#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

using Strings = std::vector<std::string>;

const Strings kUserKeys = {"uuid", "name", "email", "role", "created_at", "updated_at"};

std::string Str(const rapidjson::Value& v) { return v.IsString() ? v.GetString() : ToJson(v); }

// POSTs a user and returns its uuid (empty on failure, which is reported).
std::string CreateUser(TestServer& server, const std::string& token, const std::string& body) {
  auto res = server.Post("/api/v1/users", body, token);
  EXPECT_EQ(res.status, 201) << body << " -> " << res.body;
  return res.status == 201 ? res.data()["uuid"].GetString() : "";
}

// The emails on one page of GET /api/v1/users, in order.
Strings Emails(const HttpResult& list) {
  Strings out;
  if (list.status != 200) {
    ADD_FAILURE() << list.body;
    return out;
  }
  for (const auto& u : list.data()["data"].GetArray()) out.push_back(u["email"].GetString());
  return out;
}

// The uuid of the token's user ("admin@example.com", the organization's owner).
std::string SelfUuid(TestServer& server, const std::string& token) {
  auto list = server.Get("/api/v1/users", token);
  for (const auto& u : list.data()["data"].GetArray()) {
    if (Str(u["email"]) == "admin@example.com") return u["uuid"].GetString();
  }
  ADD_FAILURE() << "no admin@example.com in " << list.body;
  return "";
}

class UsersE2E : public ::sb::testing::EngineTest {};
SB_INSTANTIATE_ENGINES(UsersE2E);

TEST_P(UsersE2E, CreateReturnsTheUserAndGetListPatchDeleteFollow) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  auto created = server.Post("/api/v1/users",
                             R"({"name":"  Bob Stone ","email":" Bob@Acme.test ","role":"admin",
                                 "uuid":"11111111-1111-7111-8111-111111111111",
                                 "created_at":"2020-01-01T00:00:00Z","organization_id":9})",
                             token);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_TRUE(created.json["success"].GetBool());
  EXPECT_EQ(Str(created.json["message"]), "User created successfully");
  const auto& u = created.data();
  EXPECT_EQ(Keys(u), kUserKeys);
  std::string uuid = Str(u["uuid"]);
  EXPECT_EQ(uuid.size(), 36u);
  EXPECT_NE(uuid, "11111111-1111-7111-8111-111111111111");
  EXPECT_EQ(Str(u["name"]), "Bob Stone");
  EXPECT_EQ(Str(u["email"]), "Bob@Acme.test");
  EXPECT_EQ(Str(u["role"]), "admin");
  EXPECT_EQ(Str(u["created_at"]), "2024-03-01T12:00:00Z");
  EXPECT_EQ(Str(u["updated_at"]), "2024-03-01T12:00:00Z");

  auto got = server.Get("/api/v1/users/" + uuid, token);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(Str(got.json["message"]), "User retrieved successfully");
  EXPECT_EQ(ToJson(got.data()), ToJson(u));

  // A member by default.
  auto member = server.Post("/api/v1/users", R"({"name":"Cy","email":"cy@acme.test"})", token);
  ASSERT_EQ(member.status, 201) << member.body;
  EXPECT_EQ(Str(member.data()["role"]), "member");

  // The list: the token's user (created with the token, the first user, so
  // the owner, named after the email) and both new users, by email.
  auto list = server.Get("/api/v1/users", token);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Str(list.json["message"]), "Users retrieved successfully");
  EXPECT_EQ(Keys(list.data()), (Strings{"current_page", "last_page", "per_page", "total", "data"}));
  EXPECT_EQ(list.data()["current_page"].GetInt(), 1);
  EXPECT_EQ(list.data()["last_page"].GetInt(), 1);
  EXPECT_EQ(list.data()["per_page"].GetInt(), 15);
  EXPECT_EQ(list.data()["total"].GetInt(), 3);
  EXPECT_EQ(Emails(list), (Strings{"admin@example.com", "Bob@Acme.test", "cy@acme.test"}));
  const auto& admin = list.data()["data"][0];
  EXPECT_EQ(Str(admin["name"]), "admin");
  EXPECT_EQ(Str(admin["role"]), "owner");

  server.clock().Advance(3600);
  auto patched = server.Patch("/api/v1/users/" + uuid, R"({"role":"member"})", token);
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Str(patched.json["message"]), "User updated successfully");
  EXPECT_EQ(Str(patched.data()["name"]), "Bob Stone");  // unchanged
  EXPECT_EQ(Str(patched.data()["email"]), "Bob@Acme.test");
  EXPECT_EQ(Str(patched.data()["role"]), "member");
  EXPECT_EQ(Str(patched.data()["created_at"]), "2024-03-01T12:00:00Z");
  EXPECT_EQ(Str(patched.data()["updated_at"]), "2024-03-01T13:00:00Z");

  patched =
      server.Patch("/api/v1/users/" + uuid, R"({"name":"Robert","email":"rob@acme.test"})", token);
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Str(patched.data()["name"]), "Robert");
  EXPECT_EQ(Str(patched.data()["email"]), "rob@acme.test");
  EXPECT_EQ(Str(patched.data()["role"]), "member");

  auto deleted = server.Delete("/api/v1/users/" + uuid, token);
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(Str(deleted.json["message"]), "User deleted successfully");
  EXPECT_TRUE(deleted.data().IsNull());
  EXPECT_EQ(server.Get("/api/v1/users/" + uuid, token).status, 404);
  EXPECT_EQ(server.Patch("/api/v1/users/" + uuid, R"({"name":"X"})", token).status, 404);
  EXPECT_EQ(server.Delete("/api/v1/users/" + uuid, token).status, 404);
  EXPECT_EQ(server.Get("/api/v1/users", token).data()["total"].GetInt(), 2);
}

TEST_P(UsersE2E, EveryValidationErrorNamesItsField) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  std::string bob = CreateUser(server, token, R"({"name":"Bob","email":"bob@acme.test"})");
  struct Case {
    const char* method;
    const char* body;
    const char* field;
  };
  const std::string long_name = std::string(256, 'n');
  const std::vector<Case> cases = {
      {"POST", R"({"email":"x@acme.test"})", "name"},
      {"POST", R"({"name":"   ","email":"x@acme.test"})", "name"},
      {"POST", R"({"name":null,"email":"x@acme.test"})", "name"},
      {"POST", R"({"name":42,"email":"x@acme.test"})", "name"},
      {"POST", R"({"name":"X"})", "email"},
      {"POST", R"({"name":"X","email":""})", "email"},
      {"POST", R"({"name":"X","email":"not-an-email"})", "email"},
      {"POST", R"({"name":"X","email":"a@b"})", "email"},
      {"POST", R"({"name":"X","email":["x@acme.test"]})", "email"},
      {"POST", R"({"name":"X","email":"x@acme.test","role":"boss"})", "role"},
      {"POST", R"({"name":"X","email":"x@acme.test","role":"Owner"})", "role"},
      {"POST", R"({"name":"X","email":"x@acme.test","role":null})", "role"},
      {"PATCH", R"({"name":""})", "name"},
      {"PATCH", R"({"name":null})", "name"},
      {"PATCH", R"({"email":"nope"})", "email"},
      {"PATCH", R"({"email":null})", "email"},
      {"PATCH", R"({"role":"root"})", "role"},
      {"PATCH", R"({"role":null})", "role"},
      {"PATCH", R"({"role":1})", "role"},
  };
  for (const auto& c : cases) {
    std::string path = std::string(c.method) == "POST" ? "/api/v1/users" : "/api/v1/users/" + bob;
    auto res = server.Send(c.method, path, c.body, {{"Authorization", "Bearer " + token}});
    EXPECT_EQ(res.status, 422) << c.method << " " << c.body << " -> " << res.body;
    EXPECT_EQ(ErrorField(res), c.field) << c.method << " " << c.body << " -> " << res.body;
  }
  // A name too long, and a POST with nothing: both fields named.
  auto res =
      server.Post("/api/v1/users", R"({"name":")" + long_name + R"(","email":"x@a.co"})", token);
  EXPECT_EQ(ErrorField(res), "name") << res.body;
  auto empty = server.Post("/api/v1/users", "{}", token);
  ASSERT_EQ(empty.status, 422);
  EXPECT_TRUE(empty.json["error"]["fields"].HasMember("name"));
  EXPECT_TRUE(empty.json["error"]["fields"].HasMember("email"));
  // Nothing was written.
  EXPECT_EQ(server.Get("/api/v1/users", token).data()["total"].GetInt(), 2);
  auto unchanged = server.Get("/api/v1/users/" + bob, token);
  EXPECT_EQ(Str(unchanged.data()["name"]), "Bob");
  EXPECT_EQ(Str(unchanged.data()["email"]), "bob@acme.test");
  EXPECT_EQ(Str(unchanged.data()["role"]), "member");
}

TEST_P(UsersE2E, EmailsAreUniquePerOrganizationIgnoringCase) {
  TestServer server;
  std::string acme = server.CreateToken("Acme");
  std::string globex = server.CreateToken("Globex", "g@globex.test");
  std::string bob = CreateUser(server, acme, R"({"name":"Bob","email":"bob@acme.test"})");
  std::string cy = CreateUser(server, acme, R"({"name":"Cy","email":"cy@acme.test"})");

  auto dup = server.Post("/api/v1/users", R"({"name":"B2","email":"BOB@ACME.TEST"})", acme);
  ASSERT_EQ(dup.status, 409) << dup.body;
  EXPECT_STREQ(dup.json["error"]["code"].GetString(), "CONFLICT");
  EXPECT_STREQ(dup.json["error"]["field"].GetString(), "email");
  // The token's own user counts too.
  auto self = server.Post("/api/v1/users", R"({"name":"A","email":"Admin@Example.com"})", acme);
  EXPECT_EQ(self.status, 409) << self.body;

  auto taken = server.Patch("/api/v1/users/" + cy, R"({"email":"Bob@acme.test"})", acme);
  ASSERT_EQ(taken.status, 409) << taken.body;
  EXPECT_STREQ(taken.json["error"]["field"].GetString(), "email");
  // Re-casing one's own email is fine.
  auto recased = server.Patch("/api/v1/users/" + bob, R"({"email":"BOB@acme.test"})", acme);
  ASSERT_EQ(recased.status, 200) << recased.body;
  EXPECT_EQ(Str(recased.data()["email"]), "BOB@acme.test");
  // Another organization may have the same address.
  EXPECT_EQ(
      server.Post("/api/v1/users", R"({"name":"Bob","email":"bob@acme.test"})", globex).status,
      201);
}

TEST_P(UsersE2E, ListPagesAndValidatesItsParameters) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  for (const char* e : {"d@acme.test", "b@acme.test", "c@acme.test", "e@acme.test"}) {
    CreateUser(server, token, std::string(R"({"name":"U","email":")") + e + R"("})");
  }
  auto page2 = server.Get("/api/v1/users?per_page=2&page=2", token);
  ASSERT_EQ(page2.status, 200) << page2.body;
  EXPECT_EQ(Emails(page2), (Strings{"c@acme.test", "d@acme.test"}));
  EXPECT_EQ(page2.data()["current_page"].GetInt(), 2);
  EXPECT_EQ(page2.data()["last_page"].GetInt(), 3);
  EXPECT_EQ(page2.data()["per_page"].GetInt(), 2);
  EXPECT_EQ(page2.data()["total"].GetInt(), 5);
  EXPECT_EQ(Emails(server.Get("/api/v1/users?per_page=2&page=3", token)), Strings{"e@acme.test"});
  EXPECT_EQ(Emails(server.Get("/api/v1/users?per_page=2&page=9", token)), Strings{});
  EXPECT_EQ(Emails(server.Get("/api/v1/users?per_page=100&unknown=1", token)).size(), 5u);

  for (const char* q : {"per_page=101", "per_page=0", "per_page=x"}) {
    auto res = server.Get(std::string("/api/v1/users?") + q, token);
    EXPECT_EQ(ErrorField(res), "per_page") << q << " -> " << res.body;
  }
  for (const char* q : {"page=0", "page=-1", "page=abc"}) {
    auto res = server.Get(std::string("/api/v1/users?") + q, token);
    EXPECT_EQ(ErrorField(res), "page") << q << " -> " << res.body;
  }
}

TEST_P(UsersE2E, TheLastOwnerStays) {
  TestServer server;
  std::string token = server.CreateToken("Acme");  // admin@example.com, the owner
  std::string self = SelfUuid(server, token);

  auto del = server.Delete("/api/v1/users/" + self, token);
  ASSERT_EQ(del.status, 409) << del.body;
  EXPECT_STREQ(del.json["error"]["code"].GetString(), "CONFLICT");
  auto demote = server.Patch("/api/v1/users/" + self, R"({"role":"admin"})", token);
  ASSERT_EQ(demote.status, 409) << demote.body;
  EXPECT_STREQ(demote.json["error"]["field"].GetString(), "role");
  EXPECT_EQ(Str(server.Get("/api/v1/users/" + self, token).data()["role"]), "owner");

  // Another owner first; nobody changes their own role, but she may demote
  // the first, and even remove him.
  std::string olga =
      CreateUser(server, token, R"({"name":"Olga","email":"olga@acme.test","role":"owner"})");
  const std::string olga_token = server.CreateToken("Acme", "olga@acme.test");
  auto own = server.Patch("/api/v1/users/" + self, R"({"role":"admin"})", token);
  ASSERT_EQ(own.status, 403) << own.body;
  EXPECT_STREQ(own.json["error"]["code"].GetString(), "FORBIDDEN");
  auto stepped = server.Patch("/api/v1/users/" + self, R"({"role":"admin"})", olga_token);
  ASSERT_EQ(stepped.status, 200) << stepped.body;
  EXPECT_EQ(Str(stepped.data()["role"]), "admin");
  EXPECT_EQ(server.Delete("/api/v1/users/" + olga, token).status, 409);  // now the last owner
  ASSERT_EQ(server.Patch("/api/v1/users/" + self, R"({"role":"owner"})", olga_token).status, 200);
  ASSERT_EQ(server.Delete("/api/v1/users/" + self, olga_token).status, 200);
  // The deleted user's token no longer works.
  auto gone = server.Get("/api/v1/users", token);
  EXPECT_EQ(gone.status, 401) << gone.body;
  EXPECT_STREQ(gone.json["error"]["code"].GetString(), "INVALID_AUTH_TOKEN");
}

TEST_P(UsersE2E, DeletingAUserReleasesTheirContactsAndRevokesTheirTokens) {
  TestServer server;
  std::string admin = server.CreateToken("Acme");
  std::string bob_token = server.CreateToken("Acme", "bob@acme.test");
  std::string bob = server.Get("/api/v1/users?per_page=100", admin)
                        .data()["data"][1]["uuid"]
                        .GetString();  // admin@example.com, then bob@acme.test
  ASSERT_EQ(Str(server.Get("/api/v1/users/" + bob, admin).data()["email"]), "bob@acme.test");
  std::string self = SelfUuid(server, admin);

  // Bob creates one (so owns it) and is assigned another with the admin.
  std::string his =
      CreateContact(server, bob_token, R"({"name":"His","phone_number":"+14155550101"})");
  std::string shared =
      CreateContact(server, admin,
                    R"({"name":"Shared","phone_number":"+14155550102","assignee_uuids":[")" + bob +
                        R"(",")" + self + R"("]})");
  auto before = server.Get("/api/v1/contacts/" + his, admin);
  EXPECT_EQ(Str(before.data()["owner_uuid"]), bob);
  EXPECT_EQ(Str(before.data()["created_by"]), bob);

  ASSERT_EQ(server.Delete("/api/v1/users/" + bob, admin).status, 200);
  auto after = server.Get("/api/v1/contacts/" + his, admin);
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_TRUE(after.data()["owner_uuid"].IsNull()) << after.body;
  EXPECT_TRUE(after.data()["created_by"].IsNull()) << after.body;
  auto shared_after = server.Get("/api/v1/contacts/" + shared, admin);
  EXPECT_EQ(ToJson(shared_after.data()["assignee_uuids"]), "[\"" + self + "\"]");
  EXPECT_EQ(server.Get("/api/v1/contacts?owner_uuid=" + bob, admin).data()["total"].GetInt(), 0);
  EXPECT_EQ(server.Get("/api/v1/contacts?assignee_uuid=" + bob, admin).data()["total"].GetInt(), 0);
  EXPECT_EQ(server.Get("/api/v1/contacts", bob_token).status, 401);
  // A new user with Bob's address is a new user.
  std::string again = CreateUser(server, admin, R"({"name":"Bob","email":"bob@acme.test"})");
  EXPECT_NE(again, bob);
  EXPECT_EQ(server.Get("/api/v1/contacts", bob_token).status, 401);
}

TEST_P(UsersE2E, AnotherOrganizationsUsersAreNotFound) {
  TestServer server;
  std::string acme = server.CreateToken("Acme");
  std::string globex = server.CreateToken("Globex", "g@globex.test");
  std::string bob = CreateUser(server, acme, R"({"name":"Bob","email":"bob@acme.test"})");
  EXPECT_EQ(Emails(server.Get("/api/v1/users", globex)), Strings{"g@globex.test"});
  EXPECT_EQ(server.Get("/api/v1/users/" + bob, globex).status, 404);
  EXPECT_EQ(server.Patch("/api/v1/users/" + bob, R"({"name":"Mallory"})", globex).status, 404);
  EXPECT_EQ(server.Delete("/api/v1/users/" + bob, globex).status, 404);
  auto still = server.Get("/api/v1/users/" + bob, acme);
  ASSERT_EQ(still.status, 200);
  EXPECT_EQ(Str(still.data()["name"]), "Bob");
}

TEST_P(UsersE2E, UnknownIdsMethodsAndAuth) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  std::string bob = CreateUser(server, token, R"({"name":"Bob","email":"bob@acme.test"})");
  auto missing = server.Get("/api/v1/users/00000000-0000-7000-8000-000000000999", token);
  EXPECT_EQ(missing.status, 404);
  EXPECT_STREQ(missing.json["error"]["code"].GetString(), "NOT_FOUND");
  EXPECT_EQ(server.Get("/api/v1/users/not-a-uuid", token).status, 404);
  EXPECT_EQ(server.Put("/api/v1/users/" + bob, R"({"name":"X"})", token).status, 405);
  EXPECT_EQ(server.Get("/api/v1/users").status, 401);
  EXPECT_EQ(server.Post("/api/v1/users", R"({"name":"X","email":"x@a.co"})").status, 401);
  EXPECT_EQ(server.Post("/api/v1/users", R"({"name": )", token).status, 400);
}

}  // namespace
}  // namespace sb::testing
