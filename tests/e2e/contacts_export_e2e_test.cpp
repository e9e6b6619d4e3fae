// GET /api/v1/contacts/export end to end: the CSV's exact text, the list's
// filters, cells that need quoting or a formula guard, and the metadata columns.
#include <gtest/gtest.h>

#include <algorithm>

#include "e2e/pool_e2e_helpers.hpp"
#include "e2e/server_test_fixture.hpp"
#include "e2e/test_server.hpp"

namespace sb::testing {
namespace {

const std::string kHeader =
    "uuid,name,surname,phone_number,email,status,country_code,timezone,primary_language,"
    "preferred_contact_channel,preferred_contact_time,stage_uuid,owner_uuid,source_name,"
    "lead_source,category,notes,do_not_call,tags,created_at,updated_at,last_call_status,"
    "last_call_at,job_title";

class ContactsExportE2E : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    for (const char* name : {"VIP", "Renewal"}) {
      auto tag = server_.Post("/api/v1/tags", std::string(R"({"name":")") + name + "\"}", token_);
      ASSERT_EQ(tag.status, 201) << tag.body;
      tags_.push_back(tag.data()["uuid"].GetString());
    }
  }

  std::vector<std::string> tags_;
};

SB_INSTANTIATE_ENGINES(ContactsExportE2E);

TEST_P(ContactsExportE2E, WritesEveryMatchNewestFirstWithTagsAndMetadataColumns) {
  std::string ann =
      MakeContact(server_, token_, "Ann", "+33612345601",
                  R"("surname":"O'Neil, Jr","notes":"line one\nsaid \"hi\"","tag_uuids":)" +
                      JsonArray(tags_) + R"(,"metadata":{"plan":"gold","seats":3})");
  server_.clock().Advance(1);
  std::string ben = MakeContact(server_, token_, "=HYPERLINK(1)", "+33612345602",
                                R"("status":"Inactive","metadata":{"region":"Île-de-France"})");
  ASSERT_FALSE(ann.empty());
  ASSERT_FALSE(ben.empty());

  // The token's user owns what it creates.
  const std::string owner =
      server_.Get("/api/v1/contacts/" + ann, token_).data()["owner_uuid"].GetString();
  auto all = server_.Get("/api/v1/contacts/export", token_);
  ASSERT_EQ(all.status, 200) << all.body;
  const std::string created_ann = "2024-03-01T12:00:00Z";
  const std::string created_ben = "2024-03-01T12:00:01Z";
  EXPECT_EQ(all.body,
            kHeader + ",metadata.plan,metadata.region,metadata.seats\r\n" +  //
                ben + ",'=HYPERLINK(1),,+33612345602,,Inactive,FR,,,,,," + owner + ",,,,,false,," +
                created_ben + "," + created_ben + ",,,,,Île-de-France,\r\n" +  //
                ann + ",Ann,\"O'Neil, Jr\",+33612345601,,Active,FR,,,,,," + owner +
                ",,,,\"line one\n" + "said \"\"hi\"\"\",false,Renewal;VIP," + created_ann + "," +
                created_ann + ",,,,gold,,3\r\n");

  auto inactive = server_.Get("/api/v1/contacts/export?status=Inactive", token_);
  ASSERT_EQ(inactive.status, 200) << inactive.body;
  EXPECT_EQ(inactive.body.substr(0, inactive.body.find("\r\n")), kHeader + ",metadata.region")
      << "only the matches' metadata keys";
  EXPECT_EQ(std::count(inactive.body.begin(), inactive.body.end(), '\n'), 2);

  auto none = server_.Get("/api/v1/contacts/export?search=nobody", token_);
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(none.body, kHeader + "\r\n");
}

TEST_P(ContactsExportE2E, BadFiltersAreRefusedBeforeAnyCsvAndOtherOrganizationsStayOut) {
  auto bad = server_.Get("/api/v1/contacts/export?status=Sleeping", token_);
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_STREQ(bad.json["error"]["field"].GetString(), "status");
  EXPECT_EQ(server_.Get("/api/v1/contacts/export", "").status, 401);

  std::string other = server_.CreateToken("Globex");
  MakeContact(server_, other, "Zed", "+33612345699");
  auto mine = server_.Get("/api/v1/contacts/export", token_);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.body, kHeader + "\r\n");
}

// More rows than one batch: every contact once, newest first.
TEST_P(ContactsExportE2E, StreamsMoreContactsThanOneBatch) {
  for (int i = 0; i < 1200; ++i) {
    auto res = server_.Post("/api/v1/contacts",
                            R"({"name":"C)" + std::to_string(i) + R"(","phone_number":"+3361)" +
                                std::to_string(1000000 + i) + "\"}",
                            token_);
    ASSERT_EQ(res.status, 201) << res.body;
  }
  auto all = server_.Get("/api/v1/contacts/export", token_);
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(std::count(all.body.begin(), all.body.end(), '\n'), 1201);
  size_t first_row = all.body.find("\r\n") + 2;
  EXPECT_NE(all.body.find(",C1199,", first_row), std::string::npos);
  EXPECT_LT(all.body.find(",C1199,"), all.body.find(",C0,"));
}

}  // namespace
}  // namespace sb::testing
