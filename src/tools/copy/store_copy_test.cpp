#include "tools/copy/store_copy.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <map>
#include <set>

#include "services/call_service.hpp"
#include "store/repositories/audit_log_repository.hpp"
#include "store/repositories/message_repository.hpp"
#include "store/repositories/token_repository.hpp"
#include "store/repositories/webhook_repository.hpp"
#include "support/engine_test.hpp"
#include "support/test_db.hpp"
#include "tools/demo/demo_seeder.hpp"

namespace sb::tools {
namespace {

using store::AuditLogRepository;
using store::MessageRepository;
using store::TokenRepository;
using store::WebhookRepository;

using testing::TestStore;

constexpr int64_t kNow = 1709294400;  // 2024-03-01T12:00:00Z

// Every row of one organization, table by table, as sorted lines of text that
// do not depend on where the rows live: internal ids left out, references named
// by the referenced row's uuid, JSON documents with their keys sorted.
using Dump = std::map<std::string, std::vector<std::string>>;

void WriteSorted(const rapidjson::Value& v, rapidjson::Writer<rapidjson::StringBuffer>& w) {
  if (v.IsObject()) {
    std::vector<std::string> keys;
    for (const auto& m : v.GetObject()) keys.emplace_back(m.name.GetString());
    std::sort(keys.begin(), keys.end());
    w.StartObject();
    for (const auto& k : keys) {
      w.Key(k.c_str());
      WriteSorted(v[k.c_str()], w);
    }
    w.EndObject();
  } else if (v.IsArray()) {
    w.StartArray();
    for (const auto& e : v.GetArray()) WriteSorted(e, w);
    w.EndArray();
  } else {
    v.Accept(w);
  }
}

std::string CanonicalJson(std::string_view text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) return "<bad json> " + std::string(text);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  WriteSorted(doc, w);
  return buf.GetString();
}

Dump DumpOrganization(db::Database& database, const std::string& org) {
  Dump dump;
  auto conn = database.Acquire();
  EXPECT_TRUE(conn.ok());
  if (!conn.ok()) return dump;
  auto org_id = (*conn)->QueryInt("SELECT id FROM organizations WHERE name = ?", {org});
  EXPECT_TRUE(org_id.ok() && org_id->has_value()) << org;
  if (!org_id.ok() || !org_id->has_value()) return dump;
  std::map<std::string, std::map<int64_t, std::string>> uuids;  // table -> id -> uuid
  for (const CopyTable& table : CopyTables()) {
    std::string sql = "SELECT ";
    for (size_t i = 0; i < table.columns.size(); ++i) {
      sql += (i ? ", " : "") + std::string(table.columns[i].name);
    }
    sql += " FROM " + std::string(table.name) + " WHERE " +
           (table.name == "organizations" ? "id" : "organization_id") + " = ?";
    auto rows = (*conn)->Query(sql, {**org_id});
    EXPECT_TRUE(rows.ok()) << sql;
    if (!rows.ok()) continue;
    auto& lines = dump[std::string(table.name)];
    while (*(*rows)->Next()) {
      std::string line;
      std::optional<int64_t> id;
      std::optional<std::string> uuid;
      for (size_t i = 0; i < table.columns.size(); ++i) {
        const CopyColumn& c = table.columns[i];
        const int col = static_cast<int>(i);
        std::string value;
        if ((*rows)->IsNull(col)) {
          value = "NULL";
        } else if (c.kind == ColumnKind::kId) {
          id = (*rows)->Int(col);
          continue;
        } else if (c.kind == ColumnKind::kRef) {
          value = uuids[std::string(c.ref)][(*rows)->Int(col)];
          EXPECT_FALSE(value.empty()) << table.name << "." << c.name << " refers to nothing";
        } else if (c.kind == ColumnKind::kInt) {
          value = std::to_string((*rows)->Int(col));
        } else if (c.kind == ColumnKind::kTime) {
          value = std::to_string((*rows)->Time(col));
        } else if (c.kind == ColumnKind::kJson) {
          value = CanonicalJson((*rows)->Text(col));
        } else {
          value = (*rows)->String(col);
        }
        // A row is known by its uuid; a token, which has none, by its hash.
        if (c.name == "uuid" || c.name == "token_hash") uuid = value;
        line += std::string(c.name) + "=" + value + " ";
      }
      if (id && uuid) uuids[std::string(table.name)][*id] = *uuid;
      lines.push_back(line);
    }
    std::sort(lines.begin(), lines.end());
  }
  return dump;
}

class StoreCopyTest : public ::sb::testing::EngineTest {
 protected:
  // Fills `org` in `store` with the demo data plus what the demo leaves out: a
  // second user who owns and is assigned contacts, calls, messages and tokens.
  static std::string Fill(db::Database& database, const std::string& org, int64_t contacts) {
    FakeClock clock(kNow);
    UuidV7Generator ids;
    auto conn = database.Acquire();
    EXPECT_TRUE(conn.ok());
    DemoSeeder seeder(**conn, clock, ids);
    DemoSeedOptions options;
    options.organization = org;
    options.owner_email = "owner@" + org + ".test";
    options.contacts = contacts;
    auto seeded = seeder.Seed(options);
    EXPECT_TRUE(seeded.ok()) << seeded.error().details();
    TokenRepository tokens(**conn, clock, ids);
    auto token = tokens.Create(org, "agent@" + org + ".test", "copied", 30);
    EXPECT_TRUE(token.ok());
    const int64_t o = seeded->organization_id;
    EXPECT_TRUE((*conn)
                    ->Exec("UPDATE contacts SET owner_user_id = (SELECT MAX(id) FROM users WHERE "
                           "organization_id = ?), metadata = ? WHERE organization_id = ? AND id % "
                           "3 = 0",
                           {o, R"({"z":1,"a":{"y":[1,2,{"k":"v"}],"b":null},"m":"ü \"q\""})", o})
                    .ok());
    EXPECT_TRUE((*conn)
                    ->Exec("INSERT INTO contact_assignees (organization_id, contact_id, user_id) "
                           "SELECT organization_id, id, ? FROM contacts WHERE organization_id = ? "
                           "AND id % 4 = 0",
                           {seeded->owner_user_id, o})
                    .ok());
    // A rule on every campaign, a do-not-call entry, and members claimed for a
    // campaign from a number, as the dialer leaves them.
    EXPECT_TRUE((*conn)
                    ->Exec("INSERT INTO rules (organization_id, uuid, name, retry_backoff,"
                           " days_of_week, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           {o, ids.NewUuid(), "Weekdays", 1.5, "mon,tue,wed,thu,fri",
                            db::Timestamp{kNow}, db::Timestamp{kNow}})
                    .ok());
    EXPECT_TRUE((*conn)
                    ->Exec("UPDATE campaigns SET rule_id = (SELECT MAX(id) FROM rules WHERE "
                           "organization_id = ?) WHERE organization_id = ?",
                           {o, o})
                    .ok());
    EXPECT_TRUE((*conn)
                    ->Exec("INSERT INTO dnc_numbers (organization_id, number, reason, created_at)"
                           " VALUES (?, ?, ?, ?)",
                           {o, "+14155550100", "asked", db::Timestamp{kNow}})
                    .ok());
    EXPECT_TRUE((*conn)
                    ->Exec("INSERT INTO idempotency_keys (organization_id, token_id, key,"
                           " method, path, request_hash, status, response_status, response_body,"
                           " response_content_type, created_at, expires_at)"
                           " VALUES (?, (SELECT MAX(id) FROM api_tokens WHERE organization_id = ?),"
                           " ?, 'POST', '/api/v1/tags', ?, 'done', 201, ?, ?, ?, ?)",
                           {o, o, "create-vip", std::string(64, 'a'), R"({"success":true})",
                            "application/json", db::Timestamp{kNow}, db::Timestamp{kNow + 86400}})
                    .ok());
    EXPECT_TRUE((*conn)
                    ->Exec("UPDATE pool_items SET campaign_id = (SELECT MIN(id) FROM campaigns "
                           "WHERE organization_id = ?), phone_number_id = (SELECT MIN(id) FROM "
                           "phone_numbers WHERE organization_id = ?) WHERE organization_id = ? "
                           "AND id % 5 = 0",
                           {o, o, o})
                    .ok());
    // A finished import with one rejected row.
    EXPECT_TRUE((*conn)
                    ->Exec("INSERT INTO imports (organization_id, uuid, user_id, status, file_name,"
                           " file_path, file_bytes, on_duplicate, header, delimiter, rows_read,"
                           " created, failed, bytes_read, created_at, started_at, finished_at,"
                           " updated_at) VALUES (?, ?, ?, 'completed', 'leads.csv', '/tmp/x.csv',"
                           " 64, 'update', 'name,phone_number', ',', 3, 2, 1, 64, ?, ?, ?, ?)",
                           {o, ids.NewUuid(), seeded->owner_user_id, db::Timestamp{kNow},
                            db::Timestamp{kNow}, db::Timestamp{kNow + 5}, db::Timestamp{kNow + 5}})
                    .ok());
    EXPECT_TRUE((*conn)
                    ->Exec("INSERT INTO import_errors (organization_id, import_id, line, code,"
                           " column_name, field, reason) SELECT organization_id, id, 3, 'invalid',"
                           " 'phone_number', 'phone_number', 'The phone_number is not a phone"
                           " number.' FROM imports WHERE organization_id = ?",
                           {o})
                    .ok());
    // A webhook subscribed to everything: the calls below fill its outbox.
    domain::Webhook hook;
    hook.url = "https://hooks.example.com/" + org;
    hook.events = {"*"};
    hook.secret = "whsec_copied_secret_0123";
    EXPECT_TRUE(WebhookRepository(**conn, clock, ids).Create(o, hook).ok());
    // An audit entry by the owner, and one from the command line.
    domain::AuditEntry audited;
    audited.organization_id = o;
    audited.actor_user_id = seeded->owner_user_id;
    audited.actor_user_uuid = ids.NewUuid();
    // No actor_token_id: DumpOrganization compares references by the uuid of
    // the row they name, and api_tokens has none yet.
    audited.action = "webhook.created";
    audited.target_type = "webhook";
    audited.target_uuid = ids.NewUuid();
    audited.details = R"({"url":"https://hooks.example.com/"})";
    AuditLogRepository audit(**conn, clock, ids);
    EXPECT_TRUE(audit.Append(audited).ok());
    domain::AuditEntry cli;
    cli.organization_id = o;
    cli.source = "cli";
    cli.action = "token.revoked";
    cli.target_type = "token";
    EXPECT_TRUE(audit.Append(cli).ok());
    auto picked = (*conn)->Query(
        "SELECT c.uuid, (SELECT uuid FROM agents WHERE organization_id = c.organization_id LIMIT "
        "1), (SELECT uuid FROM campaigns WHERE organization_id = c.organization_id LIMIT 1) FROM "
        "contacts c WHERE c.organization_id = ? ORDER BY c.id LIMIT 12",
        {o});
    EXPECT_TRUE(picked.ok());
    // Through the service, which fills the webhook's outbox.
    services::CallService calls(**conn, clock, ids);
    MessageRepository messages(**conn, clock, ids);
    int n = 0;
    while (*(*picked)->Next()) {
      domain::NewCall call;
      call.contact_uuid = (*picked)->String(0);
      call.agent_uuid = (*picked)->String(1);
      call.campaign_uuid = (*picked)->String(2);
      call.status = n % 2 ? "no-answer" : "picked-up";
      call.started_at = kNow - 3600 * n;
      call.duration = 30 * n;
      call.feedback = "call " + std::to_string(n);
      EXPECT_TRUE(calls.Record(o, call).ok());
      domain::NewMessage message{"sms", "outbound", "Hello ✓ " + std::to_string(n), "delivered",
                                 kNow - 60 * n};
      EXPECT_TRUE(messages.Create(o, call.contact_uuid, message).ok());
      ++n;
    }
    return token.ok() ? token->token : "";
  }

  static Result<CopyReport> Copy(TestStore& from, TestStore& to, std::optional<std::string> org,
                                 int read_batch = 7) {
    auto source = from.Open();
    auto destination = to.Open();
    if (!source.ok()) return std::move(source).error();
    if (!destination.ok()) return std::move(destination).error();
    CopyOptions options;
    options.organization = std::move(org);
    options.read_batch = read_batch;
    return CopyOrganizations(**source, **destination, options);
  }

  static Dump DumpOf(const TestStore& store, const std::string& org) {
    auto database = store.Open();
    EXPECT_TRUE(database.ok());
    return database.ok() ? DumpOrganization(**database, org) : Dump{};
  }

  static int64_t CountOf(const TestStore& store, const std::string& table) {
    auto database = store.Open();
    auto conn = (*database)->Acquire();
    auto n = (*conn)->QueryInt("SELECT COUNT(*) FROM " + table, {});
    return n.ok() ? n->value_or(0) : -1;
  }
};

SB_INSTANTIATE_ENGINES(StoreCopyTest);

// The copy's table list is the schema: every table the migrations create (but
// the engines' own bookkeeping and search index) with exactly its columns.
TEST_P(StoreCopyTest, ListsEveryTableAndColumn) {
  TestStore store;
  auto database = store.Open();
  ASSERT_TRUE(database.ok());
  auto conn = (*database)->Acquire();
  ASSERT_TRUE(conn.ok());
  const bool pg = (*conn)->engine() == db::Engine::kPostgres;
  auto names = [&](const std::string& sql, const db::Params& params) {
    std::set<std::string> out;
    auto rows = (*conn)->Query(sql, params);
    EXPECT_TRUE(rows.ok()) << sql;
    while (rows.ok() && *(*rows)->Next()) out.insert((*rows)->String(0));
    return out;
  };
  std::set<std::string> tables =
      pg ? names(
               "SELECT table_name FROM information_schema.tables WHERE table_schema = "
               "current_schema() AND table_type = 'BASE TABLE'",
               {})
         : names(
               "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
               "'sqlite_%' AND name NOT LIKE 'contacts_search%'",
               {});
  tables.erase("schema_migrations");
  std::set<std::string> listed;
  for (const CopyTable& table : CopyTables()) {
    listed.insert(std::string(table.name));
    std::set<std::string> columns;
    for (const auto& c : table.columns) columns.insert(std::string(c.name));
    EXPECT_EQ(columns,
              pg ? names("SELECT column_name FROM information_schema.columns WHERE table_schema = "
                         "current_schema() AND table_name = ?",
                         {std::string(table.name)})
                 : names("SELECT name FROM pragma_table_info(?)", {std::string(table.name)}))
        << table.name;
  }
  EXPECT_EQ(listed, tables);
}

// SQLite -> the engine under test -> SQLite: every row of the organization
// arrives unchanged, nothing of the other organization does, and its tokens
// authenticate in the destination.
TEST_P(StoreCopyTest, RoundTripKeepsEveryRowOfTheOrganization) {
  TestStore source(db::Engine::kSqlite);
  std::string token;
  {
    auto database = source.Open();
    ASSERT_TRUE(database.ok());
    token = Fill(**database, "Acme", 150);
    Fill(**database, "Globex", 20);
  }
  const Dump original = DumpOf(source, "Acme");
  ASSERT_GT(original.at("contacts").size(), 100u);
  for (const auto& [table, rows] : original) EXPECT_FALSE(rows.empty()) << table << " is empty";

  TestStore middle;
  auto there = Copy(source, middle, "Acme");
  ASSERT_TRUE(there.ok()) << there.error().details();
  EXPECT_EQ(there->organizations, 1);
  for (const auto& [table, rows] : there->rows) {
    EXPECT_EQ(rows, static_cast<int64_t>(original.at(table).size())) << table;
  }
  EXPECT_EQ(DumpOf(middle, "Acme"), original);
  EXPECT_EQ(CountOf(middle, "organizations"), 1);

  TestStore back(db::Engine::kSqlite);
  auto home = Copy(middle, back, "Acme", 1000);
  ASSERT_TRUE(home.ok()) << home.error().details();
  EXPECT_EQ(DumpOf(back, "Acme"), original);

  FakeClock clock(kNow);
  SequentialIdGenerator ids;
  auto database = middle.Open();
  auto conn = (*database)->Acquire();
  TokenRepository tokens(**conn, clock, ids);
  auto owner = tokens.Authenticate(token);
  ASSERT_TRUE(owner.ok()) << owner.error().details();
}

// Into a store that already has an organization: both keep every row, the
// copied rows take ids after the existing ones, and rows created afterwards
// get ids of their own.
TEST_P(StoreCopyTest, IntoAStoreWithOtherOrganizations) {
  TestStore source(db::Engine::kSqlite);
  TestStore destination;
  {
    auto database = source.Open();
    Fill(**database, "Acme", 40);
    auto other = destination.Open();
    Fill(**other, "Initech", 60);
  }
  const Dump acme = DumpOf(source, "Acme");
  const Dump initech = DumpOf(destination, "Initech");
  auto copied = Copy(source, destination, std::nullopt);
  ASSERT_TRUE(copied.ok()) << copied.error().details();
  EXPECT_EQ(DumpOf(destination, "Acme"), acme);
  EXPECT_EQ(DumpOf(destination, "Initech"), initech);

  auto database = destination.Open();
  auto conn = (*database)->Acquire();
  auto added = (*conn)->Query(
      "INSERT INTO tags (organization_id, uuid, name, created_at, updated_at) SELECT id, ?, "
      "'Fresh', ?, ? FROM organizations WHERE name = 'Acme' RETURNING id",
      {std::string("0190f0e0-0000-7000-8000-00000000ffff"), db::Timestamp{kNow},
       db::Timestamp{kNow}});
  ASSERT_TRUE(added.ok()) << added.error().details();
  ASSERT_TRUE(*(*added)->Next());
  auto max_before = (*conn)->QueryInt("SELECT MAX(id) FROM tags WHERE name <> 'Fresh'", {});
  EXPECT_GT((*added)->Int(0), max_before->value_or(0));
}

// A second copy of the same organization is refused and changes nothing; an
// unknown organization is reported as such.
TEST_P(StoreCopyTest, RefusesAnOrganizationTheDestinationHasAndWritesNothing) {
  TestStore source(db::Engine::kSqlite);
  TestStore destination;
  {
    auto database = source.Open();
    Fill(**database, "Acme", 30);
    Fill(**database, "Globex", 10);
  }
  ASSERT_TRUE(Copy(source, destination, "Acme").ok());
  const int64_t contacts = CountOf(destination, "contacts");

  auto again = Copy(source, destination, std::nullopt);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(again.error().details(), "Acme");
  EXPECT_EQ(CountOf(destination, "organizations"), 1);  // Globex was not half-copied
  EXPECT_EQ(CountOf(destination, "contacts"), contacts);

  // Past the name check, a row whose unique key is taken (the token hashes the
  // first copy brought) fails the copy after rows were written: all roll back.
  {
    auto database = destination.Open();
    auto conn = (*database)->Acquire();
    ASSERT_TRUE((*conn)
                    ->Exec("UPDATE organizations SET name = 'Acme Before', uuid = ?",
                           {std::string("0190f0e0-0000-7000-8000-00000000abcd")})
                    .ok());
  }
  auto clash = Copy(source, destination, "Acme");
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code(), ErrorCode::kConflict) << clash.error().details();
  EXPECT_EQ(CountOf(destination, "organizations"), 1);
  EXPECT_EQ(CountOf(destination, "contacts"), contacts);

  auto unknown = Copy(source, destination, "Nobody");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace sb::tools
