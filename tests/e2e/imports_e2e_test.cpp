// POST /api/v1/contacts/import and GET /api/v1/imports/... end to end: CSV and
// multipart uploads, their options, bad uploads refused before anything is
// written, the errors as JSON pages and as CSV, an upload that outlives its
// server, and an export that comes back through an import.
#include <gtest/gtest.h>

#include <filesystem>

#include "e2e/server_test_fixture.hpp"
#include "e2e/test_server.hpp"
#include "e2e/webhook_receiver.hpp"

namespace sb::testing {
namespace {

// The regular files under the import directory (uploads still arriving
// included); none once every import has ended.
int FilesUnder(const std::string& dir) {
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) ++files;
  }
  return files;
}

const std::string kBoundary = "sbTestBoundary7MA4YWxk";

// A multipart/form-data body: the fields, then the file part (when `file` is set).
std::string Multipart(const std::vector<std::pair<std::string, std::string>>& fields,
                      const std::optional<std::string>& file, const std::string& file_name) {
  std::string body;
  for (const auto& [name, value] : fields) {
    body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
            value + "\r\n";
  }
  if (file) {
    body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
            file_name + "\"\r\nContent-Type: text/csv\r\n\r\n" + *file + "\r\n";
  }
  return body + "--" + kBoundary + "--\r\n";
}

// `s` `n` times.
std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

class ImportsE2E : public ServerTest {
 protected:
  HttpResult PostCsv(const std::string& query, const std::string& csv,
                     const std::string& content_type = "text/csv") {
    return server_.Send("POST", "/api/v1/contacts/import" + query, csv,
                        {{"Authorization", "Bearer " + token_}, {"Content-Type", content_type}});
  }
  HttpResult PostMultipart(const std::string& body) {
    return PostCsv("", body, "multipart/form-data; boundary=" + kBoundary);
  }
  // Uploads, runs the import worker once, and returns the finished import.
  HttpResult ImportNow(const std::string& query, const std::string& csv) {
    auto queued = PostCsv(query, csv);
    EXPECT_EQ(queued.status, 202) << queued.body;
    if (queued.status != 202) return queued;
    EXPECT_EQ(server_.RunImports(), 1);
    return server_.Get(std::string("/api/v1/imports/") + queued.data()["uuid"].GetString(), token_);
  }
  std::string MakeTag(const std::string& name) {
    auto tag = server_.Post("/api/v1/tags", R"({"name":")" + name + "\"}", token_);
    EXPECT_EQ(tag.status, 201) << tag.body;
    return tag.status == 201 ? tag.data()["uuid"].GetString() : "";
  }
  std::string MakePool(const std::string& name) {
    auto pool = server_.Post(
        "/api/v1/pools", R"({"name":")" + name + R"(","description":"d","type":"FIFO"})", token_);
    EXPECT_EQ(pool.status, 201) << pool.body;
    return pool.status == 201 ? pool.data()["uuid"].GetString() : "";
  }
  int64_t ImportCount() {
    return server_.Get("/api/v1/imports", token_).data()["total"].GetInt64();
  }
};

SB_INSTANTIATE_ENGINES(ImportsE2E);

TEST_P(ImportsE2E, ACsvBodyIsQueuedThenImportedWithCountsAndTiming) {
  auto queued = PostCsv("?file_name=spring.csv",
                        "name,phone_number,email\nAda,+14155550101,ada@x.test\n"
                        "Bob,+14155550102,\nAda twice,+14155550101,\n");
  ASSERT_EQ(queued.status, 202) << queued.body;
  const auto& q = queued.data();
  EXPECT_STREQ(q["status"].GetString(), "queued");
  EXPECT_STREQ(q["file_name"].GetString(), "spring.csv");
  EXPECT_STREQ(q["options"]["on_duplicate"].GetString(), "skip");
  EXPECT_EQ(q["progress"]["rows_read"].GetInt64(), 0);
  EXPECT_TRUE(q["started_at"].IsNull());

  server_.clock().Advance(3);
  ASSERT_EQ(server_.RunImports(), 1);
  auto done = server_.Get(std::string("/api/v1/imports/") + q["uuid"].GetString(), token_);
  ASSERT_EQ(done.status, 200) << done.body;
  const auto& d = done.data();
  EXPECT_STREQ(d["status"].GetString(), "completed");
  EXPECT_EQ(d["progress"]["rows_read"].GetInt64(), 3);
  EXPECT_EQ(d["progress"]["created"].GetInt64(), 2);
  EXPECT_EQ(d["progress"]["skipped"].GetInt64(), 1);
  EXPECT_EQ(d["progress"]["failed"].GetInt64(), 0);
  EXPECT_EQ(d["progress"]["percent"].GetDouble(), 100.0);
  EXPECT_STREQ(d["started_at"].GetString(), "2024-03-01T12:00:03Z");
  EXPECT_STREQ(d["finished_at"].GetString(), "2024-03-01T12:00:03Z");
  EXPECT_EQ(d["elapsed_seconds"].GetInt64(), 0);
  EXPECT_EQ(server_.Get("/api/v1/contacts", token_).data()["total"].GetInt64(), 2);
  // The uploaded file is removed once its import ended.
  EXPECT_EQ(FilesUnder(server_.import_worker().spool_dir()), 0);
}

TEST_P(ImportsE2E, AMultipartUploadCarriesItsOptionsAsFields) {
  const std::string vip = MakeTag("vip");
  const std::string spring = MakeTag("spring");
  const std::string pool = MakePool("Callbacks");
  const std::string csv =
      "Nom;Téléphone;Étiquettes;Plan\nAda;06 12 34 56 01;hot;gold\nBob;06 12 34 56 02;;\n";
  auto queued = PostMultipart(Multipart(
      {{"mapping",
        R"({"Nom":"name","Téléphone":"phone_number","Étiquettes":"tags","Plan":"metadata.plan"})"},
       {"default_country_code", "fr"},
       {"on_duplicate", "update"},
       {"tag_uuids", vip},
       {"tag_uuids[]", spring},
       {"pool_uuid", pool}},
      csv, "leads.csv"));
  ASSERT_EQ(queued.status, 202) << queued.body;
  const auto& options = queued.data()["options"];
  EXPECT_STREQ(queued.data()["file_name"].GetString(), "leads.csv");
  EXPECT_STREQ(options["default_country_code"].GetString(), "FR");
  EXPECT_STREQ(options["on_duplicate"].GetString(), "update");
  EXPECT_EQ(options["tag_uuids"].Size(), 2u);
  EXPECT_STREQ(options["mapping"]["Nom"].GetString(), "name");
  ASSERT_EQ(server_.RunImports(), 1);

  auto ada = server_.Get("/api/v1/contacts?search=Ada", token_);
  ASSERT_EQ(ada.data()["total"].GetInt64(), 1) << ada.body;
  const auto& c = ada.data()["data"][0];
  EXPECT_STREQ(c["phone_number"].GetString(), "+33612345601");
  EXPECT_STREQ(c["metadata"]["plan"].GetString(), "gold");
  std::vector<std::string> tags;
  for (const auto& t : c["tags"].GetArray()) tags.emplace_back(t["name"].GetString());
  std::sort(tags.begin(), tags.end());
  EXPECT_EQ(tags, (std::vector<std::string>{"hot", "spring", "vip"}));
  auto members = server_.Get("/api/v1/pools/" + pool + "/contacts", token_);
  EXPECT_EQ(members.data()["total"].GetInt64(), 2) << members.body;
}

TEST_P(ImportsE2E, BadUploadsAreRefusedNamingTheFieldAndWriteNothing) {
  const std::string csv = "name,phone_number\nAda,+14155550101\n";
  struct Case {
    const char* name;
    std::string query;
    std::string content_type;
    std::string body;
    int status;
    const char* field;  // error.field, or "" for none
  };
  const std::string multipart = "multipart/form-data; boundary=" + kBoundary;
  const std::vector<Case> cases = {
      {"a JSON body", "", "application/json", R"({"name":"Ada"})", 415, ""},
      {"multipart without a boundary", "", "multipart/form-data", csv, 400, ""},
      {"multipart without a file part", "", multipart,
       Multipart({{"on_duplicate", "skip"}}, std::nullopt, ""), 422, "file"},
      {"an empty file", "", "text/csv", "", 422, "file"},
      {"a header that cannot be read", "", "text/csv", "\"name,phone\n", 422, "file"},
      {"a mapping that is not an object", "?mapping=%5B1%5D", "text/csv", csv, 422, "mapping"},
      {"a mapping naming a column the file lacks", "?mapping=%7B%22Email%22%3A%22email%22%7D",
       "text/csv", csv, 422, "mapping"},
      {"no name column", "", "text/csv", "phone_number\n+14155550101\n", 422, "mapping"},
      {"an unknown on_duplicate", "?on_duplicate=merge", "text/csv", csv, 422, "on_duplicate"},
      {"an unknown country", "?default_country_code=ZZ", "text/csv", csv, 422,
       "default_country_code"},
      {"a tag uuid that is not a uuid", "?tag_uuids=vip", "text/csv", csv, 422, "tag_uuids"},
      {"another organization's tag", "?tag_uuids=01890000-0000-7000-8000-000000000001", "text/csv",
       csv, 422, "tag_uuids"},
      {"an unknown pool", "?pool_uuid=01890000-0000-7000-8000-000000000001", "text/csv", csv, 422,
       "pool_uuid"},
      // PostgreSQL refused such a name with a 500, SQLite sent it back in the JSON.
      {"a file_name that is not UTF-8", "?file_name=%FF.csv", "text/csv", csv, 422, "file_name"},
      {"a file_name cut in a character", "?file_name=x%E2%82", "text/csv", csv, 422, "file_name"},
      {"a file_name with a control character", "?file_name=a%0Ab.csv", "text/csv", csv, 422,
       "file_name"},
      {"a file_name field that is not UTF-8", "", multipart,
       Multipart({{"file_name", "caf\xE9.csv"}}, csv, "leads.csv"), 422, "file_name"},
      {"a multipart body of more than 1 000 parts", "", multipart,
       Multipart(std::vector(1000, std::pair<std::string, std::string>("f", "x")), csv, "a.csv"),
       400, ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto res = PostCsv(c.query, c.body, c.content_type);
    EXPECT_EQ(res.status, c.status) << res.body;
    ASSERT_TRUE(res.json.IsObject()) << res.body;
    EXPECT_FALSE(res.json["success"].GetBool());
    if (*c.field) {
      ASSERT_TRUE(res.json["error"].HasMember("field")) << res.body;
      EXPECT_STREQ(res.json["error"]["field"].GetString(), c.field);
    }
  }
  EXPECT_EQ(ImportCount(), 0);
  EXPECT_EQ(FilesUnder(server_.import_worker().spool_dir()), 0);
  EXPECT_EQ(server_.Get("/api/v1/contacts", token_).data()["total"].GetInt64(), 0);
}

// The name an import shows is UTF-8 text of at most 255 bytes: a name the
// client typed (file_name) must be (see the 422s above); a multipart filename,
// which comes from the client's disk, is made so; a long one is cut between
// characters. It comes back the same from the store.
TEST_P(ImportsE2E, TheFileNameIsUtf8TextCutBetweenCharacters) {
  const std::string csv = "name,phone_number\nAda,+14155550101\n";
  const std::string fffd = "\xEF\xBF\xBD";  // U+FFFD
  const std::string multipart = "multipart/form-data; boundary=" + kBoundary;
  struct Case {
    const char* name;
    std::string query;
    std::string content_type;
    std::string body;
    std::string file_name;  // as the import shows it
  };
  const std::vector<Case> cases = {
      {"no name", "", "text/csv", csv, "upload.csv"},
      {"a file_name of 2-byte characters over 255 bytes", "?file_name=" + Repeat("%C3%A9", 200),
       "text/csv", csv, Repeat("é", 127)},
      {"a filename of 3-byte characters over 255 bytes", "", multipart,
       Multipart({}, csv, Repeat("€", 90)), Repeat("€", 85)},
      {"a filename in Latin-1", "", multipart, Multipart({}, csv, "caf\xE9.csv"),
       "caf" + fffd + ".csv"},
      {"a filename cut in a character", "", multipart, Multipart({}, csv, "x\xE2\x82.csv"),
       "x" + fffd + ".csv"},
      {"a filename with a tab", "", multipart, Multipart({}, csv, "a\tb.csv"),
       "a" + fffd + "b.csv"},
      {"a file_name field over the filename", "", multipart,
       Multipart({{"file_name", "spring.csv"}}, csv, "caf\xE9.csv"), "spring.csv"},
      {"a file_name parameter over the filename", "?file_name=spring.csv", multipart,
       Multipart({}, csv, "leads.csv"), "spring.csv"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto queued = PostCsv(c.query, c.body, c.content_type);
    ASSERT_EQ(queued.status, 202) << queued.body;
    EXPECT_EQ(std::string(queued.data()["file_name"].GetString()), c.file_name);
    auto stored =
        server_.Get(std::string("/api/v1/imports/") + queued.data()["uuid"].GetString(), token_);
    ASSERT_EQ(stored.status, 200) << stored.body;
    server_.RunImports();  // an organization has at most 5 in progress
    EXPECT_EQ(std::string(stored.data()["file_name"].GetString()), c.file_name);
  }
}

TEST_P(ImportsE2E, RejectedRowsComeAsJsonPagesOrAsCsv) {
  auto done = ImportNow("?on_duplicate=error",
                        "name,phone_number,email\nAda,+14155550101,\nAda again,+14155550101,\n"
                        "Bob,not a number,\nCy,+14155550103,cy@\nShort\nDee,+14155550104,\n");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.data()["progress"]["created"].GetInt64(), 2);
  EXPECT_EQ(done.data()["progress"]["failed"].GetInt64(), 4);
  const std::string errors = std::string(done.data()["errors_url"].GetString());

  auto page = server_.Get(errors + "?per_page=3&page=2", token_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.data()["total"].GetInt64(), 4);
  EXPECT_EQ(page.data()["last_page"].GetInt64(), 2);
  EXPECT_STREQ(page.data()["import_uuid"].GetString(), done.data()["uuid"].GetString());
  ASSERT_EQ(page.data()["data"].Size(), 1u);
  const auto& row = page.data()["data"][0];
  EXPECT_EQ(row["line"].GetInt64(), 6);
  EXPECT_STREQ(row["code"].GetString(), "cell_count");
  EXPECT_TRUE(row["column"].IsNull());
  EXPECT_STREQ(row["reason"].GetString(), "1 cell, header has 3");

  auto csv = server_.Send("GET", errors, "",
                          {{"Authorization", "Bearer " + token_}, {"Accept", "text/csv"}});
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body,
            "line,code,column,field,reason\r\n"
            "3,duplicate,phone_number,phone_number,The phone_number +14155550101 is also on line "
            "2 of this file.\r\n"
            "4,invalid,phone_number,phone_number,The phone_number is not a phone number.\r\n"
            "5,invalid,email,email,The email must be a valid email address.\r\n"
            "6,cell_count,,,\"1 cell, header has 3\"\r\n");
}

// Each queued import holds its file on the server's disk (up to 512 MiB): an
// organization may have 5 queued or running at once, and the sixth upload is
// a 429 that writes nothing, until one has finished. Others are not held up.
TEST_P(ImportsE2E, AnOrganizationHasAtMostFiveImportsInProgress) {
  const std::string csv = "name,phone_number\nAda,+14155550101\n";
  for (int i = 0; i < 5; ++i) ASSERT_EQ(PostCsv("", csv).status, 202) << i;
  auto refused = PostCsv("", csv);
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_STREQ(refused.json["error"]["code"].GetString(), "RATE_LIMITED");
  EXPECT_EQ(refused.headers.find("Retry-After")->second, "30");
  EXPECT_EQ(ImportCount(), 5);
  EXPECT_EQ(FilesUnder(server_.import_worker().spool_dir()), 5);  // the refused file is gone

  std::string other = server_.CreateToken("Globex", "admin@globex.test");
  auto elsewhere =
      server_.Send("POST", "/api/v1/contacts/import", csv,
                   {{"Authorization", "Bearer " + other}, {"Content-Type", "text/csv"}});
  EXPECT_EQ(elsewhere.status, 202) << elsewhere.body;

  EXPECT_EQ(server_.RunImports(), 6);
  EXPECT_EQ(PostCsv("", csv).status, 202);
}

TEST_P(ImportsE2E, AnotherOrganizationsImportIsNotFound) {
  auto done = ImportNow("", "name,phone_number\nAda,+14155550101\n");
  ASSERT_EQ(done.status, 200);
  const std::string path = std::string("/api/v1/imports/") + done.data()["uuid"].GetString();
  const std::string other = server_.CreateToken("Globex", "g@globex.test");
  EXPECT_EQ(server_.Get(path, other).status, 404);
  EXPECT_EQ(server_.Get(path + "/errors", other).status, 404);
  EXPECT_EQ(server_.Get("/api/v1/imports", other).data()["total"].GetInt64(), 0);
  EXPECT_EQ(server_.Get("/api/v1/imports/not-a-uuid", token_).status, 404);
}

class ImportsRestartE2E : public ::sb::testing::EngineTest {};
SB_INSTANTIATE_ENGINES(ImportsRestartE2E);

TEST_P(ImportsRestartE2E, AnUploadQueuedBeforeARestartRunsOnTheNextServer) {
  TestStore store;
  std::string token;
  std::string uuid;
  {
    TestServer first(store);
    token = first.CreateToken("Acme");
    auto queued =
        first.Send("POST", "/api/v1/contacts/import", "name,phone_number\nAda,+14155550101\n",
                   {{"Authorization", "Bearer " + token}, {"Content-Type", "text/csv"}});
    ASSERT_EQ(queued.status, 202) << queued.body;
    uuid = queued.data()["uuid"].GetString();
  }  // stopped before its worker ran
  TestServer second(store);
  EXPECT_STREQ(second.Get("/api/v1/imports/" + uuid, token).data()["status"].GetString(), "queued");
  EXPECT_EQ(second.RunImports(), 1);
  auto done = second.Get("/api/v1/imports/" + uuid, token);
  EXPECT_STREQ(done.data()["status"].GetString(), "completed") << done.body;
  EXPECT_EQ(done.data()["progress"]["created"].GetInt64(), 1);
  std::error_code ec;
  std::filesystem::remove_all(second.import_worker().spool_dir(), ec);
}

// An export imported back (after the contacts were deleted) gives the same
// contacts: every field, tags and metadata; only uuids and times are new.
TEST_P(ImportsE2E, AnExportComesBackThroughAnImport) {
  const std::string vip = MakeTag("VIP");
  const std::vector<std::string> bodies = {
      R"j({"name":"Ann","surname":"O'Neil, Jr","phone_number":"+33612345601",)j"
      R"j("notes":"line one\nsaid \"hi\"","metadata":{"plan":"gold","seats":3},)j"
      R"j("tag_uuids":["VIP_UUID"],"do_not_call":true})j",
      R"j({"name":"=SUM(1)","email":"ben@x.test","status":"Inactive","category":"retail",)j"
      R"j("metadata":{"region":"Île-de-France"}})j",
      R"j({"name":"Cy","phone_number":"+14155550103","timezone":"America/New_York",)j"
      R"j("preferred_contact_channel":"SMS"})j"};
  for (std::string b : bodies) {
    if (size_t at = b.find("VIP_UUID"); at != std::string::npos) b.replace(at, 8, vip);
    ASSERT_EQ(server_.Post("/api/v1/contacts", b, token_).status, 201) << b;
  }
  auto before = server_.Get("/api/v1/contacts/export", token_);
  ASSERT_EQ(before.status, 200);
  std::vector<std::string> uuids = PageUuids(server_.Get("/api/v1/contacts", token_));
  std::string list;
  for (const auto& u : uuids) list += (list.empty() ? "\"" : ",\"") + u + "\"";
  ASSERT_EQ(server_
                .Send("DELETE", "/api/v1/contacts/bulk", R"({"contact_uuids":[)" + list + "]}",
                      {{"Authorization", "Bearer " + token_}})
                .status,
            200);

  auto done = ImportNow("", before.body);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.data()["progress"]["created"].GetInt64(), 3) << done.body;
  EXPECT_EQ(done.data()["progress"]["failed"].GetInt64(), 0) << done.body;
  // The export's formula guard (a leading ') does not stay in the name.
  EXPECT_EQ(server_.Get("/api/v1/contacts?search=SUM", token_).data()["data"][0]["name"],
            "=SUM(1)");
  auto after = server_.Get("/api/v1/contacts/export", token_);
  // Compare without the columns an import cannot keep: uuid and the times.
  auto strip = [](const std::string& csv) {
    std::vector<std::string> lines;
    std::string out;
    size_t pos = 0;
    while (pos < csv.size()) {
      size_t end = csv.find("\r\n", pos);
      if (end == std::string::npos) end = csv.size();
      std::string line = csv.substr(pos, end - pos);
      // uuid is the first cell; the created/updated times are the only cells
      // shaped like 2024-03-01T12:00:0xZ.
      line = line.substr(line.find(',') + 1);
      for (size_t t; (t = line.find("2024-03-01T12:00:")) != std::string::npos;) {
        line.erase(t, 20);
      }
      lines.push_back(line);
      pos = end + 2;
    }
    std::sort(lines.begin() + 1, lines.end());
    for (const auto& l : lines) out += l + "\n";
    return out;
  };
  EXPECT_EQ(strip(after.body), strip(before.body));
}

}  // namespace
}  // namespace sb::testing

namespace sb::testing {
namespace {

class ImportsWebhookE2E : public ::sb::testing::EngineTest {};
SB_INSTANTIATE_ENGINES(ImportsWebhookE2E);

// The import's contacts and its end reach a webhook, as any other change does.
TEST_P(ImportsWebhookE2E, AnImportSendsItsContactsAndItsCompletion) {
  WebhookReceiver receiver;
  TestServerOptions options;
  options.webhook_allow_private = true;
  TestServer server(options);
  const std::string token = server.CreateToken("Acme");
  auto hook = server.Post("/api/v1/webhooks",
                          R"({"url":")" + receiver.Url() +
                              R"(","events":["contact.created","import.completed"],)"
                              R"("secret":"whsec_import_test_0001"})",
                          token);
  ASSERT_EQ(hook.status, 201) << hook.body;
  auto queued = server.Send("POST", "/api/v1/contacts/import",
                            "name,phone_number\nAda,+14155550101\nBob,+14155550102\nBad,12\n",
                            {{"Authorization", "Bearer " + token}, {"Content-Type", "text/csv"}});
  ASSERT_EQ(queued.status, 202) << queued.body;
  ASSERT_EQ(server.RunImports(), 1);
  auto sent = server.webhooks().RunOnce();
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(*sent, 3);
  auto hits = receiver.hits();
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].event, "contact.created");
  EXPECT_EQ(hits[1].event, "contact.created");
  EXPECT_EQ(hits[2].event, "import.completed");
  rapidjson::Document body;
  body.Parse(hits[2].body.c_str());
  ASSERT_TRUE(body.IsObject()) << hits[2].body;
  const auto& import = body["data"]["import"];
  EXPECT_STREQ(import["uuid"].GetString(), queued.data()["uuid"].GetString());
  EXPECT_STREQ(import["status"].GetString(), "completed");
  EXPECT_EQ(import["progress"]["created"].GetInt64(), 2);
  EXPECT_EQ(import["progress"]["failed"].GetInt64(), 1);
  EXPECT_TRUE(WebhookReceiver::SignatureValid(hits[2], "whsec_import_test_0001"));
}

}  // namespace
}  // namespace sb::testing
