#include "jobs/contact_import_row.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/json_parse.hpp"

namespace sb::jobs {
namespace {

using domain::BuildImportMapping;

std::string Json(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return buf.GetString();
}

// The contact values of a row as the JSON body a client would POST for them
// (fields in ContactFields' order, not the file's).
rapidjson::Document Body(const domain::ContactFields& f) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  auto add = [&](const char* key, const Maybe<std::string>& v) {
    if (!v) return;
    rapidjson::Value value;
    if (*v) value.SetString(v->value().c_str(), a);
    doc.AddMember(rapidjson::StringRef(key), value, a);
  };
  add("name", f.name ? Maybe<std::string>(f.name) : std::nullopt);
  add("surname", f.surname);
  add("email", f.email);
  add("phone_number", f.phone_number);
  add("country_code", f.country_code);
  add("timezone", f.timezone);
  add("primary_language", f.primary_language);
  add("preferred_contact_channel", f.preferred_contact_channel);
  add("preferred_contact_time", f.preferred_contact_time);
  add("status", f.status ? Maybe<std::string>(f.status) : std::nullopt);
  add("stage_uuid", f.stage_uuid);
  add("notes", f.notes);
  add("owner_uuid", f.owner_uuid);
  add("source_name", f.source_name);
  add("lead_source", f.lead_source);
  add("category", f.category);
  if (f.do_not_call) doc.AddMember("do_not_call", *f.do_not_call, a);
  if (f.metadata) {
    rapidjson::Document m(&a);
    EXPECT_TRUE(ParseJson(*f.metadata, &m).ok());
    rapidjson::Value copy(m, a);
    doc.AddMember("metadata", copy, a);
  }
  return doc;
}

// `row`'s values are the body `json` (the same members, in any order).
::testing::AssertionResult IsBody(const MappedRow& row, const std::string& json) {
  rapidjson::Document want;
  if (!ParseJson(json, &want).ok()) return ::testing::AssertionFailure() << "bad JSON " << json;
  rapidjson::Document got = Body(row.fields);
  if (got == want) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << Json(got) << " is not " << json;
}

struct RowCase {
  const char* what;
  std::vector<std::string> header;
  std::optional<std::string> mapping;
  std::vector<std::string> cells;
  std::string body;  // expected JSON, or "" when the mapping is refused
  std::vector<std::string> tags;
};

TEST(ContactImportRow, MapsColumnsToTheContactBodyAnApiCreateWouldTake) {
  const RowCase cases[] = {
      {"fields by their API names, any case, spaces as underscores",
       {"Name", "Phone Number", "EMAIL", "notes"},
       std::nullopt,
       {"Ann", "0612345678", "ann@x.test", ""},
       R"({"name":"Ann","phone_number":"0612345678","email":"ann@x.test","country_code":"FR"})",
       {}},
      {"an export's header: read-only columns ignored, tags and metadata kept",
       {"uuid", "name", "phone_number", "do_not_call", "tags", "created_at", "metadata.plan",
        "metadata.seats"},
       std::nullopt,
       {"0190-x", "Ben", "+33612345602", "TRUE", "VIP; Renewal;;", "2024-01-01T00:00:00Z", "gold",
        "3"},
       R"({"name":"Ben","phone_number":"+33612345602","do_not_call":true,"country_code":"FR",)"
       R"("metadata":{"plan":"gold","seats":3}})",
       {"VIP", "Renewal"}},
      {"a mapping names the columns to use, null ignores one",
       {"Full name", "Mobile", "Zip", "Comment"},
       R"({"Full name":"name","Mobile":"phone_number","Zip":"metadata.zip","Comment":null})",
       {"Cat", "+33612345603", "007", "call after 5"},
       R"({"name":"Cat","phone_number":"+33612345603","country_code":"FR",)"
       R"("metadata":{"zip":"007"}})",
       {}},
      {"a country in the row wins over the default",
       {"name", "phone_number", "country_code"},
       std::nullopt,
       {"Dai", "03-1234-5678", "JP"},
       R"({"name":"Dai","phone_number":"03-1234-5678","country_code":"JP"})",
       {}},
      {"an export's formula guard (a ' before = + - @ TAB or CR) is dropped, no other '",
       {"name", "surname", "notes", "email"},
       std::nullopt,
       {"'=SUM(1)", "'\tTab", "'\rcr", "'plain@x.test"},
       R"j({"name":"=SUM(1)","surname":"\tTab","notes":"\rcr","email":"'plain@x.test",)j"
       R"("country_code":"FR"})",
       {}},
  };
  for (const RowCase& c : cases) {
    auto mapping = BuildImportMapping(c.header, c.mapping);
    ASSERT_TRUE(mapping.ok()) << c.what << ": " << mapping.error().fields()[0].message;
    auto row = MapImportRow(c.header, *mapping, c.cells, std::string("FR"));
    ASSERT_TRUE(row.ok()) << c.what;
    EXPECT_TRUE(IsBody(*row, c.body)) << c.what;
    EXPECT_EQ(row->tag_names, c.tags) << c.what;
  }
}

TEST(ContactImportRow, RefusesMappingsThatCannotMakeAContact) {
  const std::vector<std::string> header = {"name", "phone_number", "email", "city"};
  const struct {
    std::vector<std::string> header;
    std::optional<std::string> mapping;
    const char* why;
  } cases[] = {
      {header, R"(["name"])", "must be a JSON object"},
      {header, R"({"nope":"name"})", "no column 'nope' in the file"},
      {header, R"({"name":"name","city":"uuid"})", "'uuid' is not a field an import can fill"},
      {header, R"({"name":"name","city":"created_at"})", "is not a field an import can fill"},
      {header, R"({"name":"name","city":"name","email":"email"})", "two columns fill name"},
      {header, R"({"name":"name","city":7})", "must map to a field name or null"},
      {header, R"({"email":"email"})", "no column fills name"},
      {{"name", "city"}, std::nullopt, "no column fills phone_number or email"},
      {{"name", "Name", "email"}, std::nullopt, "two columns fill name"},
  };
  for (const auto& c : cases) {
    auto mapping = BuildImportMapping(c.header, c.mapping);
    ASSERT_FALSE(mapping.ok()) << c.why;
    EXPECT_EQ(mapping.error().field(), "mapping") << c.why;
    EXPECT_NE(mapping.error().fields()[0].message.find(c.why), std::string::npos)
        << mapping.error().fields()[0].message;
  }
}

TEST(ContactImportRow, AnUnreadableCellNamesItsColumn) {
  const std::vector<std::string> header = {"name", "email", "Opted out"};
  auto mapping = BuildImportMapping(header, R"({"name":"name","email":"email",)"
                                            R"("Opted out":"do_not_call"})");
  ASSERT_TRUE(mapping.ok());
  auto row = MapImportRow(header, *mapping, {"Eve", "eve@x.test", "maybe"}, std::nullopt);
  ASSERT_FALSE(row.ok());
  EXPECT_EQ(row.error().field(), "Opted out");
  auto fine = MapImportRow(header, *mapping, {"Eve", "eve@x.test", "no"}, std::nullopt);
  ASSERT_TRUE(fine.ok());
  EXPECT_TRUE(IsBody(*fine, R"({"name":"Eve","email":"eve@x.test","do_not_call":false})"));
}

// Cells that would cost the server more than their bytes: JSON nested past
// the depth any stored document may have, and more tag names than a contact
// takes from one row. Each is a row error naming its column, not a crash or
// a long list in memory.
TEST(ContactImportRow, CellsPastTheirBoundsAreRowErrors) {
  const std::vector<std::string> header = {"name", "phone_number", "metadata.note", "tags"};
  auto mapping = BuildImportMapping(header, std::nullopt);
  ASSERT_TRUE(mapping.ok()) << mapping.error().message();
  struct Case {
    const char* what;
    std::string note;
    std::string tags;
    std::string error;  // expected substring; empty: the row maps
  };
  auto nested = [](size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  std::string tags_100;
  std::string tags_101;
  for (int i = 0; i < 101; ++i) (i < 100 ? tags_100 : tags_101) += "t" + std::to_string(i) + ";";
  tags_101 = tags_100 + tags_101;
  const Case cases[] = {
      {"metadata 63 levels deep", nested(63), "", ""},
      {"metadata 64 levels deep: 65 with metadata itself", nested(64), "",
       "nested deeper than 63 levels"},
      {"400 000 levels (an 800 KB cell)", nested(400000), "", "nested deeper than 63 levels"},
      {"brackets opened past the depth, never closed: refused before the syntax is known",
       std::string(300000, '['), "", "nested deeper than 63 levels"},
      {"brackets within the depth, never closed: text", std::string(10, '['), "", ""},
      {"100 tags", "", tags_100, ""},
      {"101 tags", "", tags_101, "may not name more than 100 tags"},
      {"a million empty tag names are no tags", "", std::string(1000000, ';'), ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto row =
        MapImportRow(header, *mapping, {"Eve", "+14155550100", c.note, c.tags}, std::nullopt);
    if (c.error.empty()) {
      EXPECT_TRUE(row.ok()) << row.error().fields().front().message;
      continue;
    }
    ASSERT_FALSE(row.ok());
    EXPECT_EQ(row.error().field(), c.tags.empty() ? "metadata.note" : "tags");
    EXPECT_NE(row.error().fields().front().message.find(c.error), std::string::npos)
        << row.error().fields().front().message;
  }
}

}  // namespace
}  // namespace sb::jobs
