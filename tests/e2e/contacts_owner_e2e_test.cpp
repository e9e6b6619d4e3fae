// Contact ownership end to end: owner_uuid (the token's user by default),
// created_by (set by the server), assignee_uuids, source_name, lead_source and
// category on create, PATCH and PUT; the matching filters of GET
// /api/v1/contacts with exact result sets; two users of one organization and
// tenant isolation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "e2e/contacts_e2e_util.hpp"
#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

using Strings = std::vector<std::string>;

std::string Str(const rapidjson::Value& v) { return v.IsString() ? v.GetString() : ToJson(v); }

// A JSON array of strings, for bodies and expectations.
std::string JsonArray(Strings values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ",\"" : "\"") + values[i] + "\"";
  return out + "]";
}

// The array as a JSON string after sorting (assignee_uuids are returned sorted).
std::string SortedJson(Strings values) {
  std::sort(values.begin(), values.end());
  return JsonArray(values);
}

class ContactsOwnerE2E : public ::sb::testing::EngineTest {
 protected:
  void SetUp() override {
    ann_token_ = server_.CreateToken("Acme", "ann@acme.test");  // the first user: owner
    bob_token_ = server_.CreateToken("Acme", "bob@acme.test");  // a member
    auto users = server_.Get("/api/v1/users", ann_token_);
    ASSERT_EQ(users.status, 200) << users.body;
    ASSERT_EQ(users.data()["data"].Size(), 2u);
    ann_ = users.data()["data"][0]["uuid"].GetString();
    bob_ = users.data()["data"][1]["uuid"].GetString();
    auto cy = server_.Post("/api/v1/users", R"({"name":"Cy","email":"cy@acme.test"})", ann_token_);
    ASSERT_EQ(cy.status, 201) << cy.body;
    cy_ = cy.data()["uuid"].GetString();
  }

  HttpResult Get(const std::string& uuid) {
    return server_.Get("/api/v1/contacts/" + uuid, ann_token_);
  }

  // The sorted names of the contacts GET /api/v1/contacts?<query> lists, and
  // checks its total agrees.
  Strings Names(const std::string& query, const std::string& token = "") {
    auto res =
        server_.Get("/api/v1/contacts?per_page=100&" + query, token.empty() ? ann_token_ : token);
    EXPECT_EQ(res.status, 200) << query << " -> " << res.body;
    if (res.status != 200) return {};
    Strings names = SortedNames(res);
    EXPECT_EQ(res.data()["total"].GetInt(), static_cast<int>(names.size())) << query;
    return names;
  }

  TestServer server_;
  std::string ann_token_, bob_token_;
  std::string ann_, bob_, cy_;
};

SB_INSTANTIATE_ENGINES(ContactsOwnerE2E);

TEST_P(ContactsOwnerE2E, CreateDefaultsTheOwnerToTheTokensUserAndRecordsTheCreator) {
  auto res = server_.Post("/api/v1/contacts",
                          R"({"name":"Ada","phone_number":"+14155552671",
      "created_by":")" + bob_ +
                              R"(","created_by_uuid":")" + bob_ + R"("})",
                          ann_token_);
  ASSERT_EQ(res.status, 201) << res.body;
  const auto& c = res.data();
  EXPECT_EQ(Str(c["owner_uuid"]), ann_);
  EXPECT_EQ(Str(c["created_by"]), ann_);  // the body cannot set it
  EXPECT_EQ(ToJson(c["assignee_uuids"]), "[]");
  EXPECT_TRUE(c["source_name"].IsNull());
  EXPECT_TRUE(c["lead_source"].IsNull());
  EXPECT_TRUE(c["category"].IsNull());
  // The same on a read.
  auto got = Get(c["uuid"].GetString());
  EXPECT_EQ(ToJson(got.data()), ToJson(c));

  // Bob's token: Bob owns and created it.
  auto his = server_.Post("/api/v1/contacts", R"({"name":"Bea","phone_number":"+14155552672"})",
                          bob_token_);
  ASSERT_EQ(his.status, 201) << his.body;
  EXPECT_EQ(Str(his.data()["owner_uuid"]), bob_);
  EXPECT_EQ(Str(his.data()["created_by"]), bob_);
}

TEST_P(ContactsOwnerE2E, CreateSetsEveryOwnershipField) {
  auto res = server_.Post("/api/v1/contacts",
                          R"({"name":"Ada","phone_number":"+14155552671",
      "owner_uuid":")" + bob_ +
                              R"(","assignee_uuids":[")" + cy_ + R"(",")" + bob_ + R"(",")" + cy_ +
                              R"("],
      "source_name":"  Website ","lead_source":"Google Ads","category":"Enterprise"})",
                          ann_token_);
  ASSERT_EQ(res.status, 201) << res.body;
  const auto& c = res.data();
  EXPECT_EQ(Str(c["owner_uuid"]), bob_);
  EXPECT_EQ(Str(c["created_by"]), ann_);
  EXPECT_EQ(ToJson(c["assignee_uuids"]), SortedJson({bob_, cy_}));  // sorted, once each
  EXPECT_EQ(Str(c["source_name"]), "Website");                      // trimmed
  EXPECT_EQ(Str(c["lead_source"]), "Google Ads");
  EXPECT_EQ(Str(c["category"]), "Enterprise");

  // owner_uuid null: nobody owns it; blank labels are no labels.
  auto unowned = server_.Post("/api/v1/contacts", R"({"name":"Bo","phone_number":"+14155552672",
      "owner_uuid":null,"source_name":"   ","category":""})",
                              ann_token_);
  ASSERT_EQ(unowned.status, 201) << unowned.body;
  EXPECT_TRUE(unowned.data()["owner_uuid"].IsNull());
  EXPECT_EQ(Str(unowned.data()["created_by"]), ann_);
  EXPECT_TRUE(unowned.data()["source_name"].IsNull());
  EXPECT_TRUE(unowned.data()["category"].IsNull());
}

TEST_P(ContactsOwnerE2E, EveryValidationErrorNamesItsField) {
  std::string globex = server_.CreateToken("Globex", "g@globex.test");
  std::string theirs = server_.Get("/api/v1/users", globex).data()["data"][0]["uuid"].GetString();
  std::string existing =
      CreateContact(server_, ann_token_, R"({"name":"Ada","phone_number":"+14155552671"})");
  const std::string unknown = "00000000-0000-7000-8000-0000000000ff";
  const std::string long_text = std::string(256, 'x');
  struct Case {
    std::string fields;
    std::string field;
  };
  const std::vector<Case> cases = {
      {R"("owner_uuid":")" + unknown + R"(")", "owner_uuid"},
      {R"("owner_uuid":")" + theirs + R"(")", "owner_uuid"},
      {R"("owner_uuid":"not-a-uuid")", "owner_uuid"},
      {R"("owner_uuid":7)", "owner_uuid"},
      {R"("assignee_uuids":[")" + unknown + R"("])", "assignee_uuids"},
      {R"("assignee_uuids":[")" + ann_ + R"(",")" + theirs + R"("])", "assignee_uuids"},
      {R"("assignee_uuids":")" + ann_ + R"(")", "assignee_uuids"},
      {R"("assignee_uuids":["nope"])", "assignee_uuids.0"},
      {R"("source_name":5)", "source_name"},
      {R"("source_name":")" + long_text + R"(")", "source_name"},
      {R"("lead_source":["a"])", "lead_source"},
      {R"("lead_source":")" + long_text + R"(")", "lead_source"},
      {R"("category":{})", "category"},
      {R"("category":")" + long_text + R"(")", "category"},
  };
  for (const auto& c : cases) {
    auto created = server_.Post("/api/v1/contacts",
                                R"({"name":"New","phone_number":"+14155550100",)" + c.fields + "}",
                                ann_token_);
    EXPECT_EQ(created.status, 422) << c.fields << " -> " << created.body;
    EXPECT_EQ(ErrorField(created), c.field) << c.fields << " -> " << created.body;
    auto patched = server_.Patch("/api/v1/contacts/" + existing, "{" + c.fields + "}", ann_token_);
    EXPECT_EQ(ErrorField(patched), c.field) << c.fields << " -> " << patched.body;
    auto put =
        server_.Put("/api/v1/contacts/" + existing,
                    R"({"name":"Ada","phone_number":"+14155552671",)" + c.fields + "}", ann_token_);
    EXPECT_EQ(ErrorField(put), c.field) << c.fields << " -> " << put.body;
  }
  // Nothing was written.
  EXPECT_EQ(Names(""), Strings{"Ada"});
  auto after = Get(existing);
  EXPECT_EQ(Str(after.data()["owner_uuid"]), ann_);
  EXPECT_EQ(ToJson(after.data()["assignee_uuids"]), "[]");
}

TEST_P(ContactsOwnerE2E, PatchChangesOnlyWhatIsGivenAndAssigneesAreReplaced) {
  std::string uuid = CreateContact(server_, ann_token_,
                                   R"({"name":"Ada","phone_number":"+14155552671",
      "assignee_uuids":[")" + ann_ + R"(",")" +
                                       bob_ + R"("],
      "source_name":"Website","lead_source":"Ads","category":"SMB"})");
  auto patch = [&](const std::string& body) {
    auto res = server_.Patch("/api/v1/contacts/" + uuid, body, ann_token_);
    EXPECT_EQ(res.status, 200) << body << " -> " << res.body;
    return res;
  };
  // Unrelated fields leave ownership alone.
  auto res = patch(R"({"notes":"called"})");
  EXPECT_EQ(Str(res.data()["owner_uuid"]), ann_);
  EXPECT_EQ(ToJson(res.data()["assignee_uuids"]), SortedJson({ann_, bob_}));
  EXPECT_EQ(Str(res.data()["source_name"]), "Website");

  // The list replaces the set; it is not added to.
  res = patch(R"({"assignee_uuids":[")" + cy_ + R"("]})");
  EXPECT_EQ(ToJson(res.data()["assignee_uuids"]), JsonArray({cy_}));
  res = patch(R"({"owner_uuid":")" + bob_ + R"(","category":"Enterprise"})");
  EXPECT_EQ(Str(res.data()["owner_uuid"]), bob_);
  EXPECT_EQ(Str(res.data()["category"]), "Enterprise");
  EXPECT_EQ(Str(res.data()["lead_source"]), "Ads");
  EXPECT_EQ(ToJson(res.data()["assignee_uuids"]), JsonArray({cy_}));
  EXPECT_EQ(Str(res.data()["created_by"]), ann_);

  // null clears owner and labels; [] clears the assignees; created_by stays.
  res = patch(R"({"owner_uuid":null,"source_name":null,"lead_source":null,"assignee_uuids":[],
                  "created_by":")" +
              cy_ + R"("})");
  EXPECT_TRUE(res.data()["owner_uuid"].IsNull());
  EXPECT_TRUE(res.data()["source_name"].IsNull());
  EXPECT_TRUE(res.data()["lead_source"].IsNull());
  EXPECT_EQ(Str(res.data()["category"]), "Enterprise");
  EXPECT_EQ(ToJson(res.data()["assignee_uuids"]), "[]");
  EXPECT_EQ(Str(res.data()["created_by"]), ann_);
  EXPECT_EQ(ToJson(Get(uuid).data()), ToJson(res.data()));
}

TEST_P(ContactsOwnerE2E, PutReplacesOwnershipToo) {
  std::string uuid = CreateContact(server_, ann_token_,
                                   R"({"name":"Ada","phone_number":"+14155552671",
      "owner_uuid":")" + bob_ + R"(","assignee_uuids":[")" +
                                       cy_ + R"("],
      "source_name":"Website","lead_source":"Ads","category":"SMB"})");
  auto put = server_.Put("/api/v1/contacts/" + uuid,
                         R"({"name":"Ada","phone_number":"+14155552671","category":"Enterprise",
                             "assignee_uuids":[")" +
                             ann_ + R"("]})",
                         bob_token_);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_TRUE(put.data()["owner_uuid"].IsNull());
  EXPECT_EQ(Str(put.data()["created_by"]), ann_);  // not the PUT's token
  EXPECT_EQ(ToJson(put.data()["assignee_uuids"]), JsonArray({ann_}));
  EXPECT_TRUE(put.data()["source_name"].IsNull());
  EXPECT_TRUE(put.data()["lead_source"].IsNull());
  EXPECT_EQ(Str(put.data()["category"]), "Enterprise");

  put = server_.Put("/api/v1/contacts/" + uuid,
                    R"({"name":"Ada","phone_number":"+14155552671","owner_uuid":")" + cy_ + R"("})",
                    ann_token_);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(Str(put.data()["owner_uuid"]), cy_);
  EXPECT_EQ(ToJson(put.data()["assignee_uuids"]), "[]");
  EXPECT_TRUE(put.data()["category"].IsNull());
}

TEST_P(ContactsOwnerE2E, EachFilterGivesItsExactSet) {
  // name: owner / assignees / source / lead source / category
  auto make = [&](const std::string& name, const std::string& phone, const std::string& extra,
                  const std::string& token) {
    CreateContact(server_, token,
                  R"({"name":")" + name + R"(","phone_number":")" + phone + R"(")" + extra + "}");
  };
  make("Ann1", "+14155550001",
       R"(,"assignee_uuids":[")" + bob_ + R"("],"source_name":"Website","category":"SMB",
          "lead_source":"Ads")",
       ann_token_);  // owner Ann
  make("Ann2", "+14155550002",
       R"(,"assignee_uuids":[")" + bob_ + R"(",")" + cy_ + R"("],"source_name":"Referral")",
       ann_token_);
  make("Bob1", "+14155550003", R"(,"category":"Enterprise","lead_source":"Ads")", bob_token_);
  make("Cy1", "+14155550004",
       R"(,"owner_uuid":")" + cy_ + R"(","source_name":"Website","category":"Enterprise")",
       ann_token_);
  make("None", "+14155550005", R"(,"owner_uuid":null,"source_name":"website")", ann_token_);

  struct Case {
    std::string query;
    Strings names;
  };
  const std::vector<Case> cases = {
      {"", {"Ann1", "Ann2", "Bob1", "Cy1", "None"}},
      {"owner_uuid=" + ann_, {"Ann1", "Ann2"}},
      {"owner_uuid=" + bob_, {"Bob1"}},
      {"owner_uuid=" + cy_, {"Cy1"}},
      {"assignee_uuid=" + bob_, {"Ann1", "Ann2"}},
      {"assignee_uuid=" + cy_, {"Ann2"}},
      {"assignee_uuid=" + ann_, {}},
      {"source_name=Website", {"Ann1", "Cy1"}},  // exact, so not "website"
      {"source_name=website", {"None"}},
      {"source_name=Web", {}},
      {"source_name=Referral", {"Ann2"}},
      {"lead_source=Ads", {"Ann1", "Bob1"}},
      {"category=Enterprise", {"Bob1", "Cy1"}},
      {"category=SMB", {"Ann1"}},
      {"category=%20SMB%20", {"Ann1"}},  // blanks around a value never count
      {"owner_uuid=" + ann_ + "&assignee_uuid=" + cy_, {"Ann2"}},
      {"owner_uuid=" + cy_ + "&source_name=Website&category=Enterprise", {"Cy1"}},
      {"owner_uuid=" + bob_ + "&category=SMB", {}},
      {"source_name=Website&search=Cy1", {"Cy1"}},
      {"owner_uuid=00000000-0000-7000-8000-0000000000ff", {}},
      {"owner_uuid=" + ann_ + "&unknown=1", {"Ann1", "Ann2"}},
      {"owner_uuid=&category=", {"Ann1", "Ann2", "Bob1", "Cy1", "None"}},  // empty: no filter
  };
  for (const auto& c : cases) EXPECT_EQ(Names(c.query), c.names) << c.query;

  // Upper-case uuids are the same uuids.
  std::string upper = bob_;
  for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_EQ(Names("owner_uuid=" + upper), Strings{"Bob1"});
  EXPECT_EQ(Names("assignee_uuid=" + upper), (Strings{"Ann1", "Ann2"}));
}

TEST_P(ContactsOwnerE2E, MalformedFilterValuesAre422NamingThem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"owner_uuid=nope", "owner_uuid"},
      {"assignee_uuid=1234", "assignee_uuid"},
      {"source_name=" + std::string(256, 's'), "source_name"},
      {"lead_source=" + std::string(256, 'l'), "lead_source"},
      {"category=" + std::string(256, 'c'), "category"},
  };
  for (const auto& [query, field] : cases) {
    auto res = server_.Get("/api/v1/contacts?" + query, ann_token_);
    EXPECT_EQ(res.status, 422) << query << " -> " << res.body;
    EXPECT_EQ(ErrorField(res), field) << query;
  }
}

TEST_P(ContactsOwnerE2E, FilteredTotalsFollowOwnershipChanges) {
  std::string uuid =
      CreateContact(server_, ann_token_, R"({"name":"Ada","phone_number":"+14155552671"})");
  EXPECT_EQ(Names("owner_uuid=" + ann_), Strings{"Ada"});
  EXPECT_EQ(Names("owner_uuid=" + bob_), Strings{});
  EXPECT_EQ(Names("assignee_uuid=" + cy_), Strings{});
  ASSERT_EQ(server_
                .Patch("/api/v1/contacts/" + uuid,
                       R"({"owner_uuid":")" + bob_ + R"(","assignee_uuids":[")" + cy_ + R"("]})",
                       ann_token_)
                .status,
            200);
  EXPECT_EQ(Names("owner_uuid=" + ann_), Strings{});
  EXPECT_EQ(Names("owner_uuid=" + bob_), Strings{"Ada"});
  EXPECT_EQ(Names("assignee_uuid=" + cy_), Strings{"Ada"});
  // Deleting Cy drops the assignment.
  ASSERT_EQ(server_.Delete("/api/v1/users/" + cy_, ann_token_).status, 200);
  EXPECT_EQ(Names("assignee_uuid=" + cy_), Strings{});
  EXPECT_EQ(ToJson(Get(uuid).data()["assignee_uuids"]), "[]");
}

TEST_P(ContactsOwnerE2E, TwoUsersShareTheOrganizationsContacts) {
  std::string anns =
      CreateContact(server_, ann_token_, R"({"name":"Ann's","phone_number":"+14155550001"})");
  std::string bobs =
      CreateContact(server_, bob_token_, R"({"name":"Bob's","phone_number":"+14155550002"})");
  // Both see both; each contact says who owns and created it.
  EXPECT_EQ(Names("", bob_token_), (Strings{"Ann's", "Bob's"}));
  EXPECT_EQ(Names("owner_uuid=" + bob_, ann_token_), Strings{"Bob's"});
  auto seen_by_ann = Get(bobs);
  EXPECT_EQ(Str(seen_by_ann.data()["created_by"]), bob_);
  // Bob may hand his contact to Ann and assign himself.
  auto handed = server_.Patch(
      "/api/v1/contacts/" + bobs,
      R"({"owner_uuid":")" + ann_ + R"(","assignee_uuids":[")" + bob_ + R"("]})", bob_token_);
  ASSERT_EQ(handed.status, 200) << handed.body;
  EXPECT_EQ(Names("owner_uuid=" + ann_, bob_token_), (Strings{"Ann's", "Bob's"}));
  EXPECT_EQ(Names("assignee_uuid=" + bob_, ann_token_), Strings{"Bob's"});
  EXPECT_EQ(Str(Get(bobs).data()["created_by"]), bob_);
  EXPECT_EQ(Str(Get(anns).data()["created_by"]), ann_);
}

TEST_P(ContactsOwnerE2E, AnotherOrganizationNeitherSeesNorUsesTheseUsers) {
  std::string globex = server_.CreateToken("Globex", "g@globex.test");
  std::string gus = server_.Get("/api/v1/users", globex).data()["data"][0]["uuid"].GetString();
  CreateContact(server_, ann_token_,
                R"({"name":"Ada","phone_number":"+14155552671","source_name":"Website",
                    "assignee_uuids":[")" +
                    bob_ + R"("]})");
  auto theirs = server_.Post(
      "/api/v1/contacts", R"({"name":"Gil","phone_number":"+14155552671","source_name":"Website"})",
      globex);
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  EXPECT_EQ(Str(theirs.data()["owner_uuid"]), gus);

  EXPECT_EQ(Names("owner_uuid=" + ann_, globex), Strings{});
  EXPECT_EQ(Names("assignee_uuid=" + bob_, globex), Strings{});
  EXPECT_EQ(Names("source_name=Website", globex), Strings{"Gil"});
  EXPECT_EQ(Names("source_name=Website"), Strings{"Ada"});
  EXPECT_EQ(Names("owner_uuid=" + gus), Strings{});
  // Neither side can hand a contact to the other's users.
  auto cross = server_.Post(
      "/api/v1/contacts",
      R"({"name":"X","phone_number":"+14155550009","owner_uuid":")" + ann_ + R"("})", globex);
  EXPECT_EQ(ErrorField(cross), "owner_uuid") << cross.body;
  cross = server_.Post(
      "/api/v1/contacts",
      R"({"name":"X","phone_number":"+14155550009","assignee_uuids":[")" + gus + R"("]})",
      ann_token_);
  EXPECT_EQ(ErrorField(cross), "assignee_uuids") << cross.body;
}

}  // namespace
}  // namespace sb::testing
