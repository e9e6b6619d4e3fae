#include "store/drivers/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <condition_variable>
#include <mutex>
#include <vector>

#include <fmt/format.h>

#include "store/drivers/dialect.hpp"
#include "store/drivers/sqlite/statement_cache.hpp"

namespace sb::db {
namespace {

// Steps a statement lent by the connection's cache, and gives it back (reset)
// when destroyed; until then nothing else uses or finalizes it.
class SqliteRows final : public Rows {
 public:
  SqliteRows(sqlite3* db, StatementCache::Lease lease)
      : db_(db), lease_(std::move(lease)), stmt_(lease_.get()) {}

  Result<bool> Next() override {
    if (done_) return false;
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    done_ = true;
    if (rc == SQLITE_DONE) return false;
    return SqliteError(db_, sqlite3_extended_errcode(db_), sqlite3_sql(stmt_));
  }
  bool IsNull(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t Int(int col) const override { return sqlite3_column_int64(stmt_, col); }
  // Times are stored as INTEGER Unix seconds.
  int64_t Time(int col) const override { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const override { return sqlite3_column_double(stmt_, col); }
  std::string_view Text(int col) const override {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    if (!p) return {};
    return {reinterpret_cast<const char*>(p),
            static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
  }
  int ColumnCount() const override { return sqlite3_column_count(stmt_); }
  std::string_view ColumnName(int col) const override {
    const char* name = sqlite3_column_name(stmt_, col);
    return name != nullptr ? std::string_view(name) : std::string_view();
  }

 private:
  sqlite3* db_;
  StatementCache::Lease lease_;
  sqlite3_stmt* stmt_;
  bool done_ = false;
};

class SqliteConnection final : public Connection {
 public:
  // `writer` is shared by the connections of one database (see Begin).
  SqliteConnection(sqlite3* db, std::mutex& writer, size_t statement_cache_size)
      : db_(db), writer_(writer), statements_(db, statement_cache_size) {}
  ~SqliteConnection() override {
    statements_.Clear();
    sqlite3_close_v2(db_);
  }

  Engine engine() const override { return Engine::kSqlite; }
  const store::Dialect& dialect() const override { return store::SqliteDialect(); }

  Result<std::unique_ptr<Rows>> Query(std::string_view sql, const Params& params) override {
    SB_ASSIGN_OR_RETURN(StatementCache::Lease lease, statements_.Acquire(sql));
    // A failure to bind gives the statement back with the lease.
    SB_RETURN_IF_ERROR(Bind(lease.get(), params));
    return std::unique_ptr<Rows>(std::make_unique<SqliteRows>(db_, std::move(lease)));
  }

  Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    SB_ASSIGN_OR_RETURN(auto rows, Query(sql, params));
    while (true) {
      SB_ASSIGN_OR_RETURN(bool more, rows->Next());
      if (!more) break;
    }
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  Status ExecScript(std::string_view sql) override {
    std::string copy(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : "unknown";
      sqlite3_free(err);
      return Error::Internal("sqlite script failed: " + msg);
    }
    return OkStatus();
  }

  // IMMEDIATE takes the write lock up front, so two writers never deadlock on
  // a read-to-write upgrade; readers are not blocked in WAL mode. Writers of
  // this process queue on a mutex first: SQLite lets one write at a time
  // anyway, and its busy handler polls with growing sleeps, which starves
  // writers under contention (64 claiming workers timed out waiting). The
  // busy timeout still covers writers in other processes.
  Status Begin() override {
    write_lock_ = std::unique_lock<std::mutex>(writer_);
    Status st = ExecScript("BEGIN IMMEDIATE");
    if (!st.ok()) write_lock_.unlock();
    return st;
  }
  Status Commit() override {
    Status st = ExecScript("COMMIT");
    if (st.ok() && write_lock_.owns_lock()) write_lock_.unlock();
    return st;
  }
  Status Rollback() override {
    Status st = ExecScript("ROLLBACK");
    if (write_lock_.owns_lock()) write_lock_.unlock();
    return st;
  }

  SqliteStatementStats statement_stats() const { return statements_.stats(); }

 private:
  Status Bind(sqlite3_stmt* stmt, const Params& params) {
    int expected = sqlite3_bind_parameter_count(stmt);
    if (expected != static_cast<int>(params.size())) {
      return Error::Internal(fmt::format("statement wants {} parameters, got {}: {}", expected,
                                         params.size(), sqlite3_sql(stmt)));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i) + 1;
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, Null>) {
              return sqlite3_bind_null(stmt, idx);
            } else if constexpr (std::is_same_v<T, int64_t>) {
              return sqlite3_bind_int64(stmt, idx, v);
            } else if constexpr (std::is_same_v<T, double>) {
              return sqlite3_bind_double(stmt, idx, v);
            } else if constexpr (std::is_same_v<T, Timestamp>) {
              return sqlite3_bind_int64(stmt, idx, v.unix_seconds);
            } else {
              return sqlite3_bind_text(stmt, idx, v.data(), static_cast<int>(v.size()),
                                       SQLITE_TRANSIENT);
            }
          },
          params[i]);
      if (rc != SQLITE_OK) return SqliteError(db_, rc, sqlite3_sql(stmt));
    }
    return OkStatus();
  }

  sqlite3* db_;
  std::mutex& writer_;
  std::unique_lock<std::mutex> write_lock_;
  StatementCache statements_;
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(SqliteOptions options) : options_(std::move(options)) {}
  ~SqliteDatabase() override {
    for (Connection* c : idle_) delete c;
  }

  Engine engine() const override { return Engine::kSqlite; }

  Result<ConnectionLease> Acquire() override {
    Connection* conn = nullptr;
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (!cv_.wait_for(lock, options_.acquire_timeout,
                        [&] { return !idle_.empty() || open_ < options_.max_connections; })) {
        return BusyError(options_.acquire_timeout);
      }
      if (!idle_.empty()) {
        conn = idle_.back();
        idle_.pop_back();
      } else {
        ++open_;
      }
    }
    if (!conn) {
      auto opened = Open();
      if (!opened.ok()) {
        std::lock_guard<std::mutex> lock(mu_);
        --open_;
        cv_.notify_one();
        return std::move(opened).error();
      }
      conn = opened->release();
    }
    return ConnectionLease(conn, [this](Connection* c) { Release(c); });
  }

  Result<std::unique_ptr<Connection>> Open() {
    sqlite3* db = nullptr;
    int rc =
        sqlite3_open_v2(options_.path.c_str(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
      sqlite3_close_v2(db);
      return Error(ErrorCode::kUnavailable, "Database unavailable",
                   "cannot open " + options_.path + ": " + msg);
    }
    sqlite3_busy_timeout(db, options_.busy_timeout_ms);
    auto conn = std::make_unique<SqliteConnection>(db, writer_, options_.statement_cache_size);
    // synchronous is a per-connection setting: each one sets it.
    SB_RETURN_IF_ERROR(conn->ExecScript(
        fmt::format("PRAGMA journal_mode=WAL; PRAGMA synchronous={}; PRAGMA foreign_keys=ON;"
                    "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32000;",
                    options_.durability == Durability::kFull ? "FULL" : "NORMAL")));
    return std::unique_ptr<Connection>(std::move(conn));
  }

 private:
  void Release(Connection* c) {
    std::lock_guard<std::mutex> lock(mu_);
    idle_.push_back(c);
    cv_.notify_one();
  }

  SqliteOptions options_;
  std::mutex mu_;
  std::mutex writer_;  // held by the connection inside a write transaction
  std::condition_variable cv_;
  std::vector<Connection*> idle_;
  int open_ = 0;
};

}  // namespace

std::optional<SqliteStatementStats> SqliteStatementStatsOf(const Connection& conn) {
  const auto* sqlite = dynamic_cast<const SqliteConnection*>(&conn);
  if (sqlite == nullptr) return std::nullopt;
  return sqlite->statement_stats();
}

Result<std::unique_ptr<Database>> OpenSqlite(const SqliteOptions& options) {
  auto db = std::make_unique<SqliteDatabase>(options);
  // Open one connection now so a bad path fails here, not on the first request.
  SB_ASSIGN_OR_RETURN(auto lease, db->Acquire());
  lease.reset();
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace sb::db
