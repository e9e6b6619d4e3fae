#include "e2e/crash_harness.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <csignal>
#include <ctime>
#include <regex>

#include "e2e/cli_helpers.hpp"

namespace sb::testing {

const rapidjson::Value& Answer::data() const {
  static const rapidjson::Value kNull;
  if (!json.IsObject() || !json.HasMember("data")) return kNull;
  return json["data"];
}

CrashServer::CrashServer(const std::string& target, const std::string& import_dir,
                         const std::vector<std::string>& extra) {
  std::vector<std::string> args{kBinary,  "serve", "--db",      target, "--host",       "127.0.0.1",
                                "--port", "0",     "--threads", "2",    "--import-dir", import_dir};
  args.insert(args.end(), extra.begin(), extra.end());
  child_ = std::make_unique<Subprocess>(args);
}

bool CrashServer::Started() {
  if (!child_->running()) return false;
  auto line = child_->WaitForStderrLine("listening on", SecondsFromNow(60));
  std::smatch m;
  if (!line || !std::regex_search(*line, m, std::regex(R"(127\.0\.0\.1:(\d+))"))) return false;
  port_ = static_cast<uint16_t>(std::stoi(m[1].str()));
  return true;
}

void CrashServer::Kill() {
  child_->Signal(SIGKILL);
  child_->Wait(SecondsFromNow(30));
}

int CrashServer::Stop() {
  child_->Signal(SIGTERM);
  return child_->Wait(SecondsFromNow(60)).exit_code;
}

Answer CrashServer::Call(const std::string& method, const std::string& path,
                         const std::string& token, const std::string& body,
                         const std::string& content_type) const {
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(std::chrono::seconds(5));
  client.set_read_timeout(std::chrono::seconds(30));
  client.set_write_timeout(std::chrono::seconds(30));
  httplib::Headers headers{{"Authorization", "Bearer " + token}};
  httplib::Result res =
      method == "GET" ? client.Get(path, headers) : client.Post(path, headers, body, content_type);
  Answer out;
  if (!res) return out;
  out.status = res->status;
  out.body = res->body;
  out.json.Parse(out.body.c_str());
  if (out.json.HasParseError()) out.json.SetNull();
  return out;
}

std::vector<std::string> Column(db::Database& database, const std::string& sql,
                                const db::Params& params) {
  std::vector<std::string> out;
  auto conn = database.Acquire();
  EXPECT_TRUE(conn.ok()) << conn.error().details();
  if (!conn.ok()) return out;
  auto rows = (*conn)->Query(sql, params);
  EXPECT_TRUE(rows.ok()) << sql << ": " << rows.error().details();
  if (!rows.ok()) return out;
  while (true) {
    auto more = (*rows)->Next();
    EXPECT_TRUE(more.ok()) << sql << ": " << more.error().details();
    if (!more.ok() || !*more) break;
    out.push_back((*rows)->IsNull(0) ? std::string("(null)") : (*rows)->String(0));
  }
  return out;
}

std::set<std::string> ColumnSet(db::Database& database, const std::string& sql,
                                const db::Params& params) {
  auto column = Column(database, sql, params);
  return {column.begin(), column.end()};
}

int64_t Scalar(db::Database& database, const std::string& sql, const db::Params& params) {
  auto conn = database.Acquire();
  EXPECT_TRUE(conn.ok()) << conn.error().details();
  if (!conn.ok()) return -1;
  auto value = (*conn)->QueryInt(sql, params);
  EXPECT_TRUE(value.ok()) << sql << ": " << value.error().details();
  return value.ok() ? value->value_or(-1) : -1;
}

int64_t Write(db::Database& database, const std::string& sql, const db::Params& params) {
  auto conn = database.Acquire();
  EXPECT_TRUE(conn.ok()) << conn.error().details();
  if (!conn.ok()) return -1;
  auto changed = (*conn)->Exec(sql, params);
  EXPECT_TRUE(changed.ok()) << sql << ": " << changed.error().details();
  return changed.ok() ? *changed : -1;
}

std::string IntegrityProblems(db::Database& database) {
  auto conn = database.Acquire();
  if (!conn.ok()) return "no connection: " + conn.error().details();
  std::string problems;
  auto run = [&](const std::string& sql, bool ok_is_one_row_ok) -> int64_t {
    auto rows = (*conn)->Query(sql, {});
    if (!rows.ok()) {
      problems += sql + ": " + rows.error().details() + "\n";
      return -1;
    }
    int64_t n = 0;
    while (true) {
      auto more = (*rows)->Next();
      if (!more.ok()) {
        problems += sql + ": " + more.error().details() + "\n";
        return -1;
      }
      if (!*more) break;
      ++n;
      if (ok_is_one_row_ok && (*rows)->String(0) != "ok") {
        problems += sql + ": " + (*rows)->String(0) + "\n";
      }
    }
    return n;
  };
  if ((*conn)->engine() == db::Engine::kSqlite) {
    run("PRAGMA integrity_check", true);
    if (int64_t bad = run("PRAGMA foreign_key_check", false); bad != 0) {
      problems += "foreign_key_check: " + std::to_string(bad) + " row(s)\n";
    }
    return problems;
  }
  if (Status made = (*conn)->ExecScript("CREATE EXTENSION IF NOT EXISTS amcheck"); !made.ok()) {
    return "amcheck: " + made.error().details();
  }
  int64_t checked =
      run("SELECT bt_index_check(c.oid, true) FROM pg_index i"
          " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam"
          " JOIN pg_namespace n ON n.oid = c.relnamespace"
          " WHERE a.amname = 'btree' AND n.nspname = current_schema()",
          false);
  if (checked == 0) problems += "no B-tree index was checked\n";
  return problems;
}

std::string ZoneAtNoonNow() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  int offset = 12 - utc.tm_hour;  // -11 .. 12: all exist as Etc/GMT zones
  if (offset == 0) return "Etc/GMT";
  // POSIX sign: Etc/GMT-5 is five hours ahead of UTC.
  return offset > 0 ? "Etc/GMT-" + std::to_string(offset) : "Etc/GMT+" + std::to_string(-offset);
}

}  // namespace sb::testing
