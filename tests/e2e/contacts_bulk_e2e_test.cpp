// /api/v1/contacts/bulk end to end: the upsert's result per item, updates by
// uuids or by the list filters, deletes, and the 422 of every bad request.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/contacts_e2e_util.hpp"
#include "e2e/pool_e2e_helpers.hpp"
#include "e2e/server_test_fixture.hpp"
#include "e2e/test_server.hpp"

namespace sb::testing {
namespace {

const std::vector<std::string> kResultKeys = {"index", "result", "uuid", "field", "message"};

class ContactsBulkE2E : public ServerTest {
 protected:
  HttpResult Upsert(const std::string& body) {
    return server_.Post("/api/v1/contacts/bulk", body, token_);
  }
  HttpResult Patch(const std::string& body) {
    return server_.Patch("/api/v1/contacts/bulk", body, token_);
  }
  HttpResult Delete(const std::string& body) {
    return server_.Send("DELETE", "/api/v1/contacts/bulk", body,
                        {{"Authorization", "Bearer " + token_}});
  }
  std::string Status(const std::string& uuid) {
    auto res = server_.Get("/api/v1/contacts/" + uuid, token_);
    return res.status == 200 ? res.data()["status"].GetString() : std::to_string(res.status);
  }
};

SB_INSTANTIATE_ENGINES(ContactsBulkE2E);

TEST_P(ContactsBulkE2E, UpsertAnswersAResultPerItemInOrder) {
  std::string ann = MakeContact(server_, token_, "Ann", "+14155550100");
  auto res = Upsert(R"({"upsert_by":"phone_number","contacts":[
      {"name":"Ann B","phone_number":"(415) 555-0100","country_code":"US"},
      {"name":"Bob","phone_number":"+14155550101","email":"bob@acme.test"},
      {"name":"Cy","phone_number":"+14155550102","email":"not-an-email"},
      "not an object",
      {"name":"Bobby","phone_number":"+14155550101"},
      {"name":"Dee","email":"dee@acme.test","status":"Paused"}]})");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_STREQ(res.json["message"].GetString(), "Contacts processed successfully");
  const auto& d = res.data();
  EXPECT_EQ(Keys(d), (std::vector<std::string>{"created", "updated", "failed", "results"}));
  EXPECT_EQ(d["created"].GetInt(), 1);
  EXPECT_EQ(d["updated"].GetInt(), 2);
  EXPECT_EQ(d["failed"].GetInt(), 3);
  const auto& r = d["results"];
  ASSERT_EQ(r.Size(), 6u);
  for (rapidjson::SizeType i = 0; i < r.Size(); ++i) {
    EXPECT_EQ(Keys(r[i]), kResultKeys);
    EXPECT_EQ(r[i]["index"].GetInt(), static_cast<int>(i));
  }
  std::string bob = r[1]["uuid"].GetString();
  struct Expected {
    const char* result;
    std::string uuid;   // empty: null
    const char* field;  // nullptr: null
    const char* message;
  };
  std::vector<Expected> expected = {
      {"updated", ann, nullptr, nullptr},
      {"created", bob, nullptr, nullptr},
      {"error", "", "email", "The email must be a valid email address."},
      {"error", "", nullptr, "Each item of contacts must be a JSON object."},
      {"updated", bob, nullptr, nullptr},
      {"error", "", "status", "The status must be one of: Active, Inactive."},
  };
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto& item = r[static_cast<rapidjson::SizeType>(i)];
    SCOPED_TRACE(ToJson(item));
    EXPECT_STREQ(item["result"].GetString(), expected[i].result);
    if (expected[i].uuid.empty()) {
      EXPECT_TRUE(item["uuid"].IsNull());
    } else {
      EXPECT_EQ(std::string(item["uuid"].GetString()), expected[i].uuid);
    }
    if (expected[i].field == nullptr) {
      EXPECT_TRUE(item["field"].IsNull());
    } else {
      EXPECT_STREQ(item["field"].GetString(), expected[i].field);
    }
    if (expected[i].message == nullptr) {
      EXPECT_TRUE(item["message"].IsNull());
    } else {
      EXPECT_STREQ(item["message"].GetString(), expected[i].message);
    }
  }
  auto bobby = server_.Get("/api/v1/contacts/" + bob, token_);
  ASSERT_EQ(bobby.status, 200);
  EXPECT_STREQ(bobby.data()["name"].GetString(), "Bobby");
  EXPECT_STREQ(bobby.data()["email"].GetString(), "bob@acme.test");  // kept: not in the item
  EXPECT_EQ(ToJson(server_.Get("/api/v1/contacts/" + ann, token_).data()["name"]), "\"Ann B\"");
  auto list = server_.Get("/api/v1/contacts", token_);
  EXPECT_EQ(SortedNames(list), (std::vector<std::string>{"Ann B", "Bobby"}));
  EXPECT_EQ(list.data()["total"].GetInt(), 2);  // cached totals were invalidated
}

// A full upsert of contacts with long notes is over the default 1 MiB body.
TEST_P(ContactsBulkE2E, UpsertTakesAThousandContactsWithLongNotes) {
  const std::string notes(1500, 'n');
  std::string body = R"({"upsert_by":"phone_number","contacts":[)";
  for (int i = 0; i < 1000; ++i) {
    body += fmt::format(R"({}{{"name":"P{}","phone_number":"+1415555{:04}","notes":"{}"}})",
                        i ? "," : "", i, i, notes);
  }
  body += "]}";
  ASSERT_GT(body.size(), size_t{1} << 20);
  auto res = Upsert(body);
  ASSERT_EQ(res.status, 200) << res.body.substr(0, 300);
  EXPECT_EQ(res.data()["created"].GetInt(), 1000);
  EXPECT_EQ(res.data()["failed"].GetInt(), 0);
}

TEST_P(ContactsBulkE2E, UpsertWithoutKeyNamesATakenPhoneNumber) {
  MakeContact(server_, token_, "Ann", "+14155550100");
  auto res = Upsert(R"({"contacts":[{"name":"Copy","phone_number":"+14155550100"},
                                    {"name":"New","phone_number":"+14155550101"}]})");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(ToJson(res.data()["results"][0]),
            R"({"index":0,"result":"error","uuid":null,"field":"phone_number",)"
            R"("message":"A contact with this phone_number already exists."})");
  EXPECT_STREQ(res.data()["results"][1]["result"].GetString(), "created");
}

TEST_P(ContactsBulkE2E, UpsertRejectsABadRequestNamingTheField) {
  std::string many = R"({"contacts":[)";
  for (int i = 0; i < 1001; ++i) many += std::string(i ? "," : "") + R"({"name":"x"})";
  many += "]}";
  struct Case {
    std::string body;
    const char* field;
  };
  std::vector<Case> cases = {
      {"{}", "contacts"},
      {R"({"contacts":[]})", "contacts"},
      {R"({"contacts":{"name":"x"}})", "contacts"},
      {many, "contacts"},
      {R"({"contacts":[{"name":"x","email":"x@acme.test"}],"upsert_by":"name"})", "upsert_by"},
  };
  for (const auto& c : cases) {
    auto res = Upsert(c.body);
    EXPECT_EQ(res.status, 422) << c.body.substr(0, 80) << " -> " << res.body;
    EXPECT_EQ(ErrorField(res), c.field) << c.body.substr(0, 80);
  }
  EXPECT_EQ(SortedNames(server_.Get("/api/v1/contacts", token_)), std::vector<std::string>{});
}

TEST_P(ContactsBulkE2E, PatchByUuidsAndByTheListFilters) {
  std::string a = MakeContact(server_, token_, "A", "+14155550100");
  std::string b = MakeContact(server_, token_, "B", "+14155550101", R"("status":"Inactive")");
  std::string c = MakeContact(server_, token_, "C", "+14155550102");
  std::string vip = CreateTag(server_, token_, "VIP");
  std::string unknown = "0190a0a0-0000-7000-8000-0000000000ff";
  auto by_uuids = Patch(R"({"contact_uuids":[")" + a + R"(",")" + b + R"(",")" + unknown +
                        R"("],"set":{"status":"Inactive"},"add_tag_uuids":[")" + vip + R"("]})");
  ASSERT_EQ(by_uuids.status, 200) << by_uuids.body;
  EXPECT_EQ(ToJson(by_uuids.data()), R"({"matched":2,"updated":2,"not_found":1})");
  EXPECT_EQ(Status(a), "Inactive");
  EXPECT_EQ(Status(c), "Active");
  EXPECT_EQ(SortedNames(server_.Get("/api/v1/contacts?tag_uuid=" + vip, token_)),
            (std::vector<std::string>{"A", "B"}));

  // The filter takes the list's query parameters, as JSON values.
  auto by_filter = Patch(R"({"filter":{"status":"Inactive","tag_uuid":")" + vip +
                         R"("},"set":{"owner_uuid":null},"remove_tag_uuids":[")" + vip + R"("]})");
  ASSERT_EQ(by_filter.status, 200) << by_filter.body;
  EXPECT_EQ(ToJson(by_filter.data()), R"({"matched":2,"updated":2,"not_found":0})");
  auto after = server_.Get("/api/v1/contacts/" + a, token_);
  EXPECT_TRUE(after.data()["owner_uuid"].IsNull());
  EXPECT_EQ(after.data()["tags"].Size(), 0u);
  EXPECT_FALSE(server_.Get("/api/v1/contacts/" + c, token_).data()["owner_uuid"].IsNull());

  auto again = Patch(R"({"filter":{"search":"C"},"set":{"status":"Active"}})");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(ToJson(again.data()), R"({"matched":1,"updated":0,"not_found":0})");
}

TEST_P(ContactsBulkE2E, PatchRejectsABadRequestNamingTheField) {
  std::string a = MakeContact(server_, token_, "A", "+14155550100");
  std::string ids = R"("contact_uuids":[")" + a + R"("])";
  std::string unknown = "0190a0a0-0000-7000-8000-0000000000ff";
  struct Case {
    std::string body;
    const char* field;
  };
  std::vector<Case> cases = {
      {R"({"set":{"status":"Inactive"}})", "contact_uuids"},
      {"{" + ids + R"(,"filter":{},"set":{"status":"Inactive"}})", "contact_uuids"},
      {"{" + ids + "}", "set"},
      {"{" + ids + R"(,"set":{"status":"Gone"}})", "set.status"},
      {"{" + ids + R"(,"set":{"stage_uuid":")" + unknown + R"("}})", "set.stage_uuid"},
      {"{" + ids + R"(,"set":{"owner_uuid":")" + unknown + R"("}})", "set.owner_uuid"},
      {"{" + ids + R"(,"add_tag_uuids":[")" + unknown + R"("]})", "add_tag_uuids"},
      {"{" + ids + R"(,"remove_tag_uuids":[")" + unknown + R"("]})", "remove_tag_uuids"},
      {R"({"filter":{"status":"Gone"},"set":{"status":"Inactive"}})", "filter.status"},
      {R"({"filter":{"tag_uuid":["x"]},"set":{"status":"Inactive"}})", "filter.tag_uuid"},
      {R"({"filter":"status=Active","set":{"status":"Inactive"}})", "filter"},
  };
  for (const auto& c : cases) {
    auto res = Patch(c.body);
    EXPECT_EQ(res.status, 422) << c.body << " -> " << res.body;
    EXPECT_EQ(ErrorField(res), c.field) << c.body;
  }
  EXPECT_EQ(Status(a), "Active");
}

TEST_P(ContactsBulkE2E, DeleteAnswersCountsAndKeepsOtherOrganizations) {
  std::string a = MakeContact(server_, token_, "A", "+14155550100");
  std::string b = MakeContact(server_, token_, "B", "+14155550101");
  MakeContact(server_, token_, "C", "+14155550102");
  std::string globex = server_.CreateToken("Globex", "g@globex.test");
  std::string theirs = MakeContact(server_, globex, "G", "+14155550103");
  auto res = Delete(R"({"contact_uuids":[")" + a + R"(",")" + b + R"(",")" + theirs + R"("]})");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(ToJson(res.data()), R"({"deleted":2,"not_found":1})");
  EXPECT_EQ(server_.Get("/api/v1/contacts/" + a, token_).status, 404);
  EXPECT_EQ(SortedNames(server_.Get("/api/v1/contacts", token_)), std::vector<std::string>{"C"});
  EXPECT_EQ(server_.Get("/api/v1/contacts/" + theirs, globex).status, 200);
  EXPECT_EQ(ErrorField(Delete("{}")), "contact_uuids");
  EXPECT_EQ(ErrorField(Delete(R"({"contact_uuids":["nope"]})")), "contact_uuids.0");
}

}  // namespace
}  // namespace sb::testing
