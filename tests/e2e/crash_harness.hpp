// Helpers of the crash test (crash_e2e_test.cpp): a real `switchboard serve`
// that can be killed with SIGKILL, an HTTP call that reports "no answer"
// instead of failing, and checks run on the store while no server is up.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "e2e/subprocess.hpp"
#include "store/drivers/database.hpp"

namespace sb::testing {

// One HTTP answer; status 0 when none arrived (the server died mid-request,
// or refused the connection).
struct Answer {
  int status = 0;
  std::string body;
  rapidjson::Document json;  // the body parsed (Null when it is not JSON)

  bool ok() const { return status >= 200 && status < 300; }
  // The envelope's `data` (Null when absent).
  const rapidjson::Value& data() const;
};

// `switchboard serve --port 0` on `target` with `extra` flags; killed (and
// reaped) on destruction if still running.
class CrashServer {
 public:
  CrashServer(const std::string& target, const std::string& import_dir,
              const std::vector<std::string>& extra = {});
  // Waits until the server logs its port; false (why in err()) otherwise.
  bool Started();
  uint16_t port() const { return port_; }
  // SIGKILL: no handler runs, nothing is flushed or released.
  void Kill();
  // SIGTERM and the exit code (-1 unless it exited by itself within 60 s).
  int Stop();
  const std::string& err() const { return child_->err(); }

  // One request on a connection of its own, with `token` as the bearer.
  Answer Call(const std::string& method, const std::string& path, const std::string& token,
              const std::string& body = "",
              const std::string& content_type = "application/json") const;

 private:
  std::unique_ptr<Subprocess> child_;
  uint16_t port_ = 0;
};

// The first column of every row of `sql`, as text.
std::vector<std::string> Column(db::Database& database, const std::string& sql,
                                const db::Params& params = {});
std::set<std::string> ColumnSet(db::Database& database, const std::string& sql,
                                const db::Params& params = {});
// The first column of the first row as an integer (-1 when there is none).
int64_t Scalar(db::Database& database, const std::string& sql, const db::Params& params = {});
// Runs a write; its changed-row count (-1 on failure, recorded as a test
// failure).
int64_t Write(db::Database& database, const std::string& sql, const db::Params& params = {});

// What is wrong with the store's files, empty when nothing: SQLite's
// integrity_check and foreign_key_check; on PostgreSQL amcheck's
// bt_index_check (with heapallindexed: every row is in the index) on every
// B-tree index of the schema.
std::string IntegrityProblems(db::Database& database);

// An IANA zone (Etc/GMT±N) where it is now between 12:00 and 13:00, inside any
// default calling window whatever the hour the test runs at.
std::string ZoneAtNoonNow();

}  // namespace sb::testing
