// job_title end to end, a field added by its declaration alone
// (domain/contact_entity.hpp): set on create, update, bulk upsert and CSV
// import; returned by /api/v1 reads and the CSV export; filterable in
// GET /api/v1/contacts (and so in the export and bulk filters); its length
// checked like the other short text fields. The Tether and Callab dialects
// keep their seed shapes: their clients do not know the field.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "e2e/contacts_e2e_util.hpp"
#include "e2e/pool_e2e_helpers.hpp"
#include "e2e/server_test_fixture.hpp"
#include "e2e/test_server.hpp"

namespace sb::testing {
namespace {

using Strings = std::vector<std::string>;

class ContactsJobTitleE2E : public ServerTest {
 protected:
  HttpResult Get(const std::string& uuid) {
    return server_.Get("/api/v1/contacts/" + uuid, token_);
  }
  // The job_title of contact `uuid` as JSON ("null" when unset).
  std::string JobTitle(const std::string& uuid) {
    auto res = Get(uuid);
    EXPECT_EQ(res.status, 200) << res.body;
    if (res.status != 200 || !res.data().HasMember("job_title")) return "<missing>";
    return ToJson(res.data()["job_title"]);
  }
  Strings Names(const std::string& query) {
    auto res = server_.Get("/api/v1/contacts?per_page=100&" + query, token_);
    EXPECT_EQ(res.status, 200) << query << " -> " << res.body;
    if (res.status != 200) return {};
    Strings names = SortedNames(res);
    EXPECT_EQ(res.data()["total"].GetInt(), static_cast<int>(names.size())) << query;
    return names;
  }
};

SB_INSTANTIATE_ENGINES(ContactsJobTitleE2E);

TEST_P(ContactsJobTitleE2E, SetOnCreateChangedOnUpdateAndClearedWithNull) {
  auto made =
      server_.Post("/api/v1/contacts",
                   R"({"name":"Ann","phone_number":"+14155550100","job_title":"  CTO "})", token_);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(ToJson(made.data()["job_title"]), "\"CTO\"") << "trimmed, as the other labels";
  const std::string ann = made.data()["uuid"].GetString();
  EXPECT_EQ(JobTitle(ann), "\"CTO\"");
  EXPECT_EQ(Keys(Get(ann).data()).back(), "job_title");

  auto patched =
      server_.Patch("/api/v1/contacts/" + ann, R"({"job_title":"Head of Sales"})", token_);
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(ToJson(patched.data()["job_title"]), "\"Head of Sales\"");
  ASSERT_EQ(server_.Patch("/api/v1/contacts/" + ann, R"({"notes":"n"})", token_).status, 200);
  EXPECT_EQ(JobTitle(ann), "\"Head of Sales\"") << "absent leaves it alone";
  ASSERT_EQ(server_.Patch("/api/v1/contacts/" + ann, R"({"job_title":null})", token_).status, 200);
  EXPECT_EQ(JobTitle(ann), "null");
  ASSERT_EQ(server_.Patch("/api/v1/contacts/" + ann, R"({"job_title":"  "})", token_).status, 200);
  EXPECT_EQ(JobTitle(ann), "null") << "a blank title is none";

  auto ben =
      server_.Post("/api/v1/contacts", R"({"name":"Ben","phone_number":"+14155550101"})", token_);
  ASSERT_EQ(ben.status, 201) << ben.body;
  EXPECT_TRUE(ben.data()["job_title"].IsNull());
}

TEST_P(ContactsJobTitleE2E, ATooLongOrNonTextTitleIsA422NamingIt) {
  const std::string long_title(256, 'x');
  auto too_long = server_.Post(
      "/api/v1/contacts",
      R"({"name":"Ann","phone_number":"+14155550100","job_title":")" + long_title + "\"}", token_);
  EXPECT_EQ(ErrorField(too_long), "job_title") << too_long.body;
  auto number = server_.Post(
      "/api/v1/contacts", R"({"name":"Ann","phone_number":"+14155550100","job_title":7})", token_);
  EXPECT_EQ(ErrorField(number), "job_title") << number.body;
  const std::string max_title(255, 'x');
  auto longest = server_.Post(
      "/api/v1/contacts",
      R"({"name":"Ann","phone_number":"+14155550100","job_title":")" + max_title + "\"}", token_);
  EXPECT_EQ(longest.status, 201) << longest.body;
}

TEST_P(ContactsJobTitleE2E, TheListFiltersOnItExactly) {
  MakeContact(server_, token_, "Ann", "+14155550100", R"("job_title":"CTO")");
  MakeContact(server_, token_, "Ben", "+14155550101", R"("job_title":"CTO")");
  MakeContact(server_, token_, "Cy", "+14155550102", R"("job_title":"Engineer")");
  MakeContact(server_, token_, "Di", "+14155550103");
  EXPECT_EQ(Names("job_title=CTO"), (Strings{"Ann", "Ben"}));
  EXPECT_EQ(Names("job_title=Engineer"), (Strings{"Cy"}));
  EXPECT_EQ(Names("job_title=cto"), Strings{}) << "exact";
  EXPECT_EQ(Names("job_title=CTO&search=Ann"), (Strings{"Ann"}));
  EXPECT_EQ(Names(""), (Strings{"Ann", "Ben", "Cy", "Di"})) << "a cached total is per filter";
  auto too_long = server_.Get("/api/v1/contacts?job_title=" + std::string(256, 'x'), token_);
  EXPECT_EQ(ErrorField(too_long), "job_title") << too_long.body;

  // The bulk update's filter reads the list's parameters.
  auto bulk =
      server_.Patch("/api/v1/contacts/bulk",
                    R"({"filter":{"job_title":"CTO"},"set":{"status":"Inactive"}})", token_);
  ASSERT_EQ(bulk.status, 200) << bulk.body;
  EXPECT_EQ(Names("status=Inactive"), (Strings{"Ann", "Ben"}));
}

TEST_P(ContactsJobTitleE2E, BulkUpsertCreatesAndUpdatesIt) {
  const std::string ann = MakeContact(server_, token_, "Ann", "+14155550100");
  auto res = server_.Post("/api/v1/contacts/bulk",
                          R"({"upsert_by":"phone_number","contacts":[
      {"name":"Ann","phone_number":"+14155550100","job_title":"CFO"},
      {"name":"Ben","phone_number":"+14155550101","job_title":"Buyer"},
      {"name":"Cy","phone_number":"+14155550102","job_title":")" +
                              std::string(256, 'x') + R"("}]})",
                          token_);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.data()["updated"].GetInt(), 1);
  EXPECT_EQ(res.data()["created"].GetInt(), 1);
  EXPECT_EQ(res.data()["failed"].GetInt(), 1);
  EXPECT_STREQ(res.data()["results"][2]["field"].GetString(), "job_title");
  EXPECT_EQ(JobTitle(ann), "\"CFO\"");
  EXPECT_EQ(Names("job_title=Buyer"), (Strings{"Ben"}));
}

TEST_P(ContactsJobTitleE2E, CsvImportSetsItAndTheExportCarriesIt) {
  auto queued = server_.Send("POST", "/api/v1/contacts/import",
                             "name,phone_number,job_title\nAnn,+14155550100,Director\n"
                             "Ben,+14155550101,\n",
                             {{"Authorization", "Bearer " + token_}, {"Content-Type", "text/csv"}});
  ASSERT_EQ(queued.status, 202) << queued.body;
  ASSERT_EQ(server_.RunImports(), 1);
  EXPECT_EQ(Names("job_title=Director"), (Strings{"Ann"}));
  EXPECT_EQ(Names(""), (Strings{"Ann", "Ben"}));

  auto csv = server_.Get("/api/v1/contacts/export", token_);
  ASSERT_EQ(csv.status, 200) << csv.body;
  const std::string header = csv.body.substr(0, csv.body.find("\r\n"));
  EXPECT_EQ(header.substr(header.rfind(',') + 1), "job_title");
  EXPECT_NE(csv.body.find(",Director\r\n"), std::string::npos) << csv.body;
  auto filtered = server_.Get("/api/v1/contacts/export?job_title=Director", token_);
  ASSERT_EQ(filtered.status, 200) << filtered.body;
  EXPECT_EQ(std::count(filtered.body.begin(), filtered.body.end(), '\n'), 2) << filtered.body;
}

TEST_P(ContactsJobTitleE2E, TetherAndCallabShapesDoNotShowIt) {
  MakeContact(server_, token_, "Ann", "+14155550100", R"("job_title":"CTO","category":"retail")");
  auto tether = server_.Get("/api/contacts?ownerFilter=all", token_);
  ASSERT_EQ(tether.status, 200) << tether.body;
  ASSERT_EQ(tether.json["contacts"].Size(), 1u);
  EXPECT_EQ(Keys(tether.json["contacts"][0]),
            (Strings{"_id", "firstName", "lastName", "phoneNumber", "email", "status", "pipelineId",
                     "pipelineStage", "organizationId", "userId", "createdBy", "assignees",
                     "createdAt", "updatedAt"}));
  auto callab = server_.Post("/contact/query", R"({"categories":["retail"]})", token_);
  ASSERT_EQ(callab.status, 200) << callab.body;
  ASSERT_EQ(callab.json["data"].Size(), 1u);
  EXPECT_EQ(
      Keys(callab.json["data"][0]),
      (Strings{"id", "company_id", "firstname", "lastname", "phone_number", "metadata",
               "number_country_code", "last_call_status", "last_call_at", "last_call_duration",
               "last_call_feedback", "source_name", "tag_name", "category_name", "notes",
               "created_at", "updated_at", "campaign_id", "status"}));
  EXPECT_EQ(callab.body.find("job_title"), std::string::npos);
  EXPECT_EQ(tether.body.find("job_title"), std::string::npos);
}

}  // namespace
}  // namespace sb::testing
