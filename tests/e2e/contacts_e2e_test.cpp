// /api/v1/contacts writes end to end: create, get, patch, put, delete, a
// contact's tags, tenant isolation and the shared error behaviour.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/contacts_e2e_util.hpp"
#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

std::string Str(const rapidjson::Value& v) { return v.IsString() ? v.GetString() : ToJson(v); }

class ContactsE2E : public ::sb::testing::EngineTest {};
SB_INSTANTIATE_ENGINES(ContactsE2E);

TEST_P(ContactsE2E, CreateNormalizesAndReturnsTheFullContact) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  std::string vip = CreateTag(server, token, "VIP");
  std::string gold = CreateTag(server, token, "Gold");
  auto res = server.Post("/api/v1/contacts",
                         R"({
      "name": "Ada", "surname": "Lovelace", "email": "ada@example.com",
      "phone_number": "(415) 555-2671", "country_code": "US",
      "timezone": "America/Los_Angeles", "primary_language": "en",
      "preferred_contact_channel": "WhatsApp", "preferred_contact_time": "mornings",
      "status": "Inactive", "notes": "met at the fair", "metadata": {"source": "fair", "n": 2},
      "tag_uuids": [")" + vip +
                             R"(", ")" + gold + R"("],
      "uuid": "11111111-1111-7111-8111-111111111111", "created_at": "2020-01-01T00:00:00Z",
      "organization_id": 99, "number_type": "pager", "unknown": true})",
                         token);
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_TRUE(res.json["success"].GetBool());
  EXPECT_STREQ(res.json["message"].GetString(), "Contact created successfully");
  const auto& c = res.data();
  EXPECT_EQ(Keys(c), kContactKeys);
  std::string uuid = c["uuid"].GetString();
  EXPECT_EQ(uuid.size(), 36u);
  EXPECT_NE(uuid, "11111111-1111-7111-8111-111111111111");
  EXPECT_EQ(Str(c["name"]), "Ada");
  EXPECT_EQ(Str(c["surname"]), "Lovelace");
  EXPECT_EQ(Str(c["email"]), "ada@example.com");
  EXPECT_EQ(Str(c["phone_number"]), "+14155552671");
  EXPECT_EQ(Str(c["number_type"]), "fixed_line_or_mobile");
  EXPECT_EQ(Str(c["country_code"]), "US");
  EXPECT_EQ(Str(c["timezone"]), "America/Los_Angeles");
  EXPECT_EQ(Str(c["primary_language"]), "en");
  EXPECT_EQ(Str(c["preferred_contact_channel"]), "WhatsApp");
  EXPECT_EQ(Str(c["preferred_contact_time"]), "mornings");
  EXPECT_EQ(Str(c["status"]), "Inactive");
  EXPECT_TRUE(c["stage_uuid"].IsNull());
  EXPECT_EQ(Str(c["notes"]), "met at the fair");
  // The same object, keys in any order (PostgreSQL's jsonb orders them its own way).
  rapidjson::Document metadata;
  metadata.Parse(R"({"source":"fair","n":2})");
  EXPECT_TRUE(c["metadata"] == metadata) << ToJson(c["metadata"]);
  EXPECT_EQ(Str(c["created_at"]), "2024-03-01T12:00:00Z");
  EXPECT_EQ(Str(c["updated_at"]), "2024-03-01T12:00:00Z");
  EXPECT_EQ(ToJson(c["tags"]),
            R"([{"uuid":")" + gold + R"(","name":"Gold"},{"uuid":")" + vip + R"(","name":"VIP"}])");

  auto got = server.Get("/api/v1/contacts/" + uuid, token);
  ASSERT_EQ(got.status, 200);
  EXPECT_STREQ(got.json["message"].GetString(), "Contact retrieved successfully");
  EXPECT_EQ(ToJson(got.data()), ToJson(c));
}

TEST_P(ContactsE2E, MinimalCreateHasNullsAndDefaults) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  auto res = server.Post("/api/v1/contacts", R"({"name":"Bo","email":"bo@example.com"})", token);
  ASSERT_EQ(res.status, 201) << res.body;
  const auto& c = res.data();
  for (const char* k :
       {"surname", "phone_number", "number_type", "country_code", "timezone", "primary_language",
        "preferred_contact_channel", "preferred_contact_time", "stage_uuid", "notes"}) {
    EXPECT_TRUE(c[k].IsNull()) << k;
  }
  EXPECT_EQ(Str(c["status"]), "Active");
  EXPECT_EQ(ToJson(c["metadata"]), "{}");
  EXPECT_EQ(ToJson(c["tags"]), "[]");
}

TEST_P(ContactsE2E, CreateValidationNamesTheField) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  std::string other_org = server.CreateToken("Globex", "o@example.com");
  auto stage =
      server.Post("/api/v1/pipelines", R"({"name":"P","stages":[{"name":"S"}]})", other_org);
  ASSERT_EQ(stage.status, 201) << stage.body;
  std::string foreign_stage = stage.data()["stages"][0]["uuid"].GetString();
  std::string foreign_tag = CreateTag(server, other_org, "VIP");

  struct Case {
    std::string body;
    std::string field;
  };
  const Case cases[] = {
      {R"({"email":"a@example.com"})", "name"},
      {R"({"name":"","email":"a@example.com"})", "name"},
      {R"({"name":"   ","email":"a@example.com"})", "name"},
      {R"({"name":null,"email":"a@example.com"})", "name"},
      {R"({"name":42,"email":"a@example.com"})", "name"},
      {R"({"name":"A"})", "phone_number"},
      {R"({"name":"A","phone_number":null,"email":null})", "phone_number"},
      {R"({"name":"A","phone_number":"4155552671"})", "phone_number"},
      {R"({"name":"A","phone_number":"+1 555"})", "phone_number"},
      {R"({"name":"A","phone_number":"not a phone","country_code":"US"})", "phone_number"},
      {R"({"name":"A","phone_number":4155552671,"country_code":"US"})", "phone_number"},
      {R"({"name":"A","phone_number":"030 1234567","country_code":"XX"})", "country_code"},
      {R"({"name":"A","email":"nope"})", "email"},
      {R"({"name":"A","email":"a@b..com"})", "email"},
      {R"({"name":"A","email":"a@example.com","timezone":"Mars/Olympus"})", "timezone"},
      {R"({"name":"A","email":"a@example.com","status":"Deleted"})", "status"},
      {R"({"name":"A","email":"a@example.com","status":"active"})", "status"},
      {R"({"name":"A","email":"a@example.com","preferred_contact_channel":"Email"})",
       "preferred_contact_channel"},
      {R"({"name":"A","email":"a@example.com","metadata":[1]})", "metadata"},
      {R"({"name":"A","email":"a@example.com","stage_uuid":"nope"})", "stage_uuid"},
      {R"({"name":"A","email":"a@example.com","stage_uuid":")" + foreign_stage + R"("})",
       "stage_uuid"},
      {R"({"name":"A","email":"a@example.com","tag_uuids":"x"})", "tag_uuids"},
      {R"({"name":"A","email":"a@example.com","tag_uuids":["x"]})", "tag_uuids.0"},
      {R"({"name":"A","email":"a@example.com","tag_uuids":[")" + foreign_tag + R"("]})",
       "tag_uuids"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body);
    auto res = server.Post("/api/v1/contacts", c.body, token);
    ASSERT_EQ(res.status, 422) << res.body;
    EXPECT_FALSE(res.json["success"].GetBool());
    EXPECT_STREQ(res.json["error"]["code"].GetString(), "VALIDATION_ERROR");
    EXPECT_EQ(ErrorField(res), c.field);
  }
  auto list = server.Get("/api/v1/contacts", token);
  EXPECT_EQ(list.data()["total"].GetInt(), 0);  // nothing half-written
}

TEST_P(ContactsE2E, OwnStageIsAccepted) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  auto pipeline =
      server.Post("/api/v1/pipelines", R"({"name":"P","stages":[{"name":"S"}]})", token);
  ASSERT_EQ(pipeline.status, 201) << pipeline.body;
  std::string stage = pipeline.data()["stages"][0]["uuid"].GetString();
  auto res =
      server.Post("/api/v1/contacts",
                  R"({"name":"A","email":"a@example.com","stage_uuid":")" + stage + R"("})", token);
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(Str(res.data()["stage_uuid"]), stage);
}

TEST_P(ContactsE2E, SameNumberIsAConflictOnlyWithinTheOrganization) {
  TestServer server;
  std::string acme = server.CreateToken("Acme");
  std::string globex = server.CreateToken("Globex", "g@example.com");
  CreateContact(server, acme, R"({"name":"A","phone_number":"+14155552671"})");
  // The same number written another way is still the same number.
  auto dup = server.Post("/api/v1/contacts",
                         R"({"name":"B","phone_number":"415.555.2671","country_code":"+1"})", acme);
  ASSERT_EQ(dup.status, 409) << dup.body;
  EXPECT_FALSE(dup.json["success"].GetBool());
  EXPECT_STREQ(dup.json["error"]["code"].GetString(), "CONFLICT");
  CreateContact(server, globex, R"({"name":"B","phone_number":"+14155552671"})");
  EXPECT_EQ(server.Get("/api/v1/contacts", acme).data()["total"].GetInt(), 1);
}

TEST_P(ContactsE2E, PatchChangesOnlyTheGivenFields) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  std::string vip = CreateTag(server, token, "VIP");
  std::string uuid = CreateContact(server, token,
                                   R"({"name":"Ada","surname":"Lovelace",
      "email":"ada@example.com","phone_number":"+14155552671","timezone":"Europe/London",
      "notes":"n","metadata":{"a":1},"tag_uuids":[")" +
                                       vip + R"("]})");
  auto before = server.Get("/api/v1/contacts/" + uuid, token);

  server.clock().Advance(3600);
  auto res =
      server.Patch("/api/v1/contacts/" + uuid,
                   R"({"surname":null,"preferred_contact_channel":"Call","uuid":"x"})", token);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_STREQ(res.json["message"].GetString(), "Contact updated successfully");
  const auto& c = res.data();
  EXPECT_EQ(Str(c["uuid"]), uuid);
  EXPECT_TRUE(c["surname"].IsNull());
  EXPECT_EQ(Str(c["preferred_contact_channel"]), "Call");
  for (const char* k : {"name", "email", "phone_number", "number_type", "country_code", "timezone",
                        "status", "notes", "metadata", "tags", "created_at"}) {
    EXPECT_EQ(ToJson(c[k]), ToJson(before.data()[k])) << k;
  }
  EXPECT_EQ(Str(c["created_at"]), "2024-03-01T12:00:00Z");
  EXPECT_EQ(Str(c["updated_at"]), "2024-03-01T13:00:00Z");
  EXPECT_EQ(ToJson(server.Get("/api/v1/contacts/" + uuid, token).data()), ToJson(c));
}

TEST_P(ContactsE2E, PatchPhoneRenormalizesAndConflicts) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  CreateContact(server, token, R"({"name":"Other","phone_number":"+442079460958"})");
  std::string uuid =
      CreateContact(server, token, R"({"name":"Ada","phone_number":"+14155552671"})");

  auto national =
      server.Patch("/api/v1/contacts/" + uuid, R"({"phone_number":"415 555 2672"})", token);
  ASSERT_EQ(national.status, 200) << national.body;
  EXPECT_EQ(Str(national.data()["phone_number"]), "+14155552672");

  auto german = server.Patch("/api/v1/contacts/" + uuid,
                             R"({"phone_number":"0151 23456789","country_code":"DE"})", token);
  ASSERT_EQ(german.status, 200) << german.body;
  EXPECT_EQ(Str(german.data()["phone_number"]), "+4915123456789");
  EXPECT_EQ(Str(german.data()["country_code"]), "DE");
  EXPECT_EQ(Str(german.data()["number_type"]), "mobile");

  auto taken =
      server.Patch("/api/v1/contacts/" + uuid, R"({"phone_number":"+44 20 7946 0958"})", token);
  EXPECT_EQ(taken.status, 409) << taken.body;
  auto invalid = server.Patch("/api/v1/contacts/" + uuid, R"({"phone_number":"12"})", token);
  EXPECT_EQ(ErrorField(invalid), "phone_number") << invalid.body;
  auto unreachable = server.Patch("/api/v1/contacts/" + uuid, R"({"phone_number":null})", token);
  EXPECT_EQ(ErrorField(unreachable), "phone_number") << unreachable.body;
  EXPECT_EQ(Str(server.Get("/api/v1/contacts/" + uuid, token).data()["phone_number"]),
            "+4915123456789");
}

TEST_P(ContactsE2E, PatchTagUuidsReplacesTheSet) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  std::string a = CreateTag(server, token, "A");
  std::string b = CreateTag(server, token, "B");
  std::string uuid = CreateContact(
      server, token, R"({"name":"Ada","email":"a@example.com","tag_uuids":[")" + a + R"("]})");
  auto res = server.Patch("/api/v1/contacts/" + uuid, R"({"tag_uuids":[")" + b + R"("]})", token);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(ToJson(res.data()["tags"]), R"([{"uuid":")" + b + R"(","name":"B"}])");
  auto cleared = server.Patch("/api/v1/contacts/" + uuid, R"({"tag_uuids":[]})", token);
  EXPECT_EQ(ToJson(cleared.data()["tags"]), "[]");
}

TEST_P(ContactsE2E, PutReplacesEveryWritableField) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  std::string vip = CreateTag(server, token, "VIP");
  auto pipeline =
      server.Post("/api/v1/pipelines", R"({"name":"P","stages":[{"name":"S"}]})", token);
  ASSERT_EQ(pipeline.status, 201) << pipeline.body;
  std::string stage = pipeline.data()["stages"][0]["uuid"].GetString();
  std::string uuid = CreateContact(server, token,
                                   R"({"name":"Ada","surname":"Lovelace",
      "email":"ada@example.com","phone_number":"+14155552671","timezone":"Europe/London",
      "primary_language":"en","preferred_contact_channel":"SMS","preferred_contact_time":"am",
      "status":"Inactive","notes":"n","metadata":{"a":1},"stage_uuid":")" +
                                       stage + R"(","tag_uuids":[")" + vip + R"("]})");
  server.clock().Advance(60);
  auto res =
      server.Put("/api/v1/contacts/" + uuid, R"({"name":"Grace","email":"g@example.com"})", token);
  ASSERT_EQ(res.status, 200) << res.body;
  const auto& c = res.data();
  EXPECT_EQ(Str(c["uuid"]), uuid);
  EXPECT_EQ(Str(c["name"]), "Grace");
  EXPECT_EQ(Str(c["email"]), "g@example.com");
  for (const char* k :
       {"surname", "phone_number", "number_type", "country_code", "timezone", "primary_language",
        "preferred_contact_channel", "preferred_contact_time", "stage_uuid", "notes"}) {
    EXPECT_TRUE(c[k].IsNull()) << k << ": " << ToJson(c[k]);
  }
  EXPECT_EQ(Str(c["status"]), "Active");
  EXPECT_EQ(ToJson(c["metadata"]), "{}");
  EXPECT_EQ(ToJson(c["tags"]), R"([{"uuid":")" + vip + R"(","name":"VIP"}])");  // untouched
  EXPECT_EQ(Str(c["created_at"]), "2024-03-01T12:00:00Z");
  EXPECT_EQ(Str(c["updated_at"]), "2024-03-01T12:01:00Z");

  auto with_tags = server.Put("/api/v1/contacts/" + uuid,
                              R"({"name":"Grace","email":"g@example.com","tag_uuids":[]})", token);
  ASSERT_EQ(with_tags.status, 200);
  EXPECT_EQ(ToJson(with_tags.data()["tags"]), "[]");

  EXPECT_EQ(
      ErrorField(server.Put("/api/v1/contacts/" + uuid, R"({"email":"g@example.com"})", token)),
      "name");
  EXPECT_EQ(ErrorField(server.Put("/api/v1/contacts/" + uuid, R"({"name":"Grace"})", token)),
            "phone_number");
}

TEST_P(ContactsE2E, DeleteThen404) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  std::string uuid = CreateContact(server, token, R"({"name":"Ada","email":"a@example.com"})");
  auto del = server.Delete("/api/v1/contacts/" + uuid, token);
  ASSERT_EQ(del.status, 200) << del.body;
  EXPECT_TRUE(del.json["success"].GetBool());
  EXPECT_STREQ(del.json["message"].GetString(), "Contact deleted successfully");
  auto gone = server.Get("/api/v1/contacts/" + uuid, token);
  ASSERT_EQ(gone.status, 404);
  EXPECT_STREQ(gone.json["error"]["code"].GetString(), "NOT_FOUND");
  EXPECT_EQ(server.Delete("/api/v1/contacts/" + uuid, token).status, 404);
  EXPECT_EQ(server.Patch("/api/v1/contacts/" + uuid, R"({"name":"X"})", token).status, 404);
  EXPECT_EQ(server.Get("/api/v1/contacts/not-a-uuid", token).status, 404);
}

TEST_P(ContactsE2E, ContactTagRoutes) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  std::string a = CreateTag(server, token, "Alpha");
  std::string b = CreateTag(server, token, "Beta");
  std::string c = CreateTag(server, token, "Gamma");
  std::string uuid = CreateContact(
      server, token, R"({"name":"Ada","email":"a@example.com","tag_uuids":[")" + b + R"("]})");
  std::string path = "/api/v1/contacts/" + uuid + "/tags";

  server.clock().Advance(5);
  auto added = server.Post(path, R"({"tag_uuids":[")" + c + R"(",")" + a + R"("]})", token);
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_STREQ(added.json["message"].GetString(), "Tags added successfully");
  EXPECT_EQ(ToJson(added.data()["tags"]), R"([{"uuid":")" + a + R"(","name":"Alpha"},{"uuid":")" +
                                              b + R"(","name":"Beta"},{"uuid":")" + c +
                                              R"(","name":"Gamma"}])");
  EXPECT_EQ(Str(added.data()["updated_at"]), "2024-03-01T12:00:05Z");

  EXPECT_EQ(ErrorField(server.Post(path, R"({"tag_uuids":[]})", token)), "tag_uuids");
  EXPECT_EQ(ErrorField(server.Post(path, R"({})", token)), "tag_uuids");
  EXPECT_EQ(ErrorField(server.Post(path, R"({"tag_uuids":["nope"]})", token)), "tag_uuids.0");
  EXPECT_EQ(
      ErrorField(server.Post(
          path, R"({"tag_uuids":[")" + a + R"(","0190f0a0-0000-7000-8000-00000000dead"]})", token)),
      "tag_uuids");
  EXPECT_EQ(server.Get("/api/v1/contacts/" + uuid, token).data()["tags"].Size(), 3u);

  auto removed = server.Delete(path + "/" + b, token);
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(ToJson(removed.data()["tags"]),
            R"([{"uuid":")" + a + R"(","name":"Alpha"},{"uuid":")" + c + R"(","name":"Gamma"}])");
  EXPECT_EQ(server.Delete(path + "/" + b, token).status, 404);
  EXPECT_EQ(server.Delete(path + "/0190f0a0-0000-7000-8000-00000000dead", token).status, 404);
  EXPECT_EQ(server
                .Post("/api/v1/contacts/0190f0a0-0000-7000-8000-00000000dead/tags",
                      R"({"tag_uuids":[")" + a + R"("]})", token)
                .status,
            404);
}

TEST_P(ContactsE2E, AnotherOrganizationCannotSeeOrTouchAContact) {
  TestServer server;
  std::string acme = server.CreateToken("Acme");
  std::string globex = server.CreateToken("Globex", "g@example.com");
  std::string vip = CreateTag(server, acme, "VIP");
  std::string their_tag = CreateTag(server, globex, "VIP");
  std::string uuid = CreateContact(
      server, acme, R"({"name":"Ada","email":"a@example.com","tag_uuids":[")" + vip + R"("]})");
  std::string path = "/api/v1/contacts/" + uuid;

  EXPECT_EQ(server.Get(path, globex).status, 404);
  EXPECT_EQ(server.Put(path, R"({"name":"X","email":"x@example.com"})", globex).status, 404);
  EXPECT_EQ(server.Patch(path, R"({"name":"X"})", globex).status, 404);
  EXPECT_EQ(server.Post(path + "/tags", R"({"tag_uuids":[")" + their_tag + R"("]})", globex).status,
            404);
  EXPECT_EQ(server.Delete(path + "/tags/" + vip, globex).status, 404);
  EXPECT_EQ(server.Delete(path, globex).status, 404);
  auto theirs = server.Get("/api/v1/contacts", globex);
  ASSERT_EQ(theirs.status, 200);
  EXPECT_EQ(theirs.data()["total"].GetInt(), 0);
  EXPECT_EQ(theirs.data()["data"].Size(), 0u);
  EXPECT_EQ(server.Get("/api/v1/contacts?tag_uuid=" + vip, globex).data()["total"].GetInt(), 0);

  // Acme's contact is untouched and cannot carry Globex's tag.
  auto mine = server.Get(path, acme);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(Str(mine.data()["name"]), "Ada");
  EXPECT_EQ(mine.data()["tags"].Size(), 1u);
  EXPECT_EQ(
      ErrorField(server.Post(path + "/tags", R"({"tag_uuids":[")" + their_tag + R"("]})", acme)),
      "tag_uuids");
}

TEST_P(ContactsE2E, MalformedOversizeAndUnauthenticated) {
  TestServer server;
  std::string token = server.CreateToken("Acme");
  std::string uuid = CreateContact(server, token, R"({"name":"Ada","email":"a@example.com"})");

  auto bad = server.Post("/api/v1/contacts", R"({"name": "A",)", token);
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_STREQ(bad.json["error"]["code"].GetString(), "MALFORMED_JSON");
  EXPECT_EQ(server.Patch("/api/v1/contacts/" + uuid, "{", token).status, 400);
  EXPECT_EQ(server.Put("/api/v1/contacts/" + uuid, "[]", token).status, 400);
  EXPECT_EQ(server.Post("/api/v1/contacts/" + uuid + "/tags", "nope", token).status, 400);

  std::string big =
      R"({"name":"A","email":"a@example.com","notes":")" + std::string(1100000, 'x') + R"("})";
  auto too_large = server.Post("/api/v1/contacts", big, token);
  ASSERT_EQ(too_large.status, 413);
  EXPECT_STREQ(too_large.json["error"]["code"].GetString(), "PAYLOAD_TOO_LARGE");

  auto anonymous = server.Get("/api/v1/contacts");
  ASSERT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.body,
            R"({"success":false,"message":"Authentication required","error":{"code":)"
            R"("MISSING_AUTH_TOKEN","details":"Send Authorization: Bearer <token>"}})");
  EXPECT_EQ(server.Post("/api/v1/contacts", R"({"name":"A","email":"a@example.com"})").status, 401);
  EXPECT_EQ(server.Get("/api/v1/contacts/" + uuid, "sb_wrong").status, 401);
  EXPECT_EQ(server.Get("/api/v1/contacts", token).data()["total"].GetInt(), 1);
}

}  // namespace
}  // namespace sb::testing
