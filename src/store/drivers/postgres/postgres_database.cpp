#include "store/drivers/postgres/postgres_database.hpp"

#include <condition_variable>
#include <mutex>
#include <vector>

#include "store/drivers/postgres/pg_connection.hpp"

namespace sb::db {
namespace {

using pg::PgConnection;

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(PostgresOptions options) : options_(std::move(options)) {
    if (options_.pool_size < 1) options_.pool_size = 1;
  }
  ~PostgresDatabase() override {
    for (PgConnection* c : idle_) delete c;
  }
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;

  Engine engine() const override { return Engine::kPostgres; }

  Result<ConnectionLease> Acquire() override {
    PgConnection* conn = nullptr;
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (!cv_.wait_for(lock, options_.acquire_timeout,
                        [&] { return !idle_.empty() || open_ < options_.pool_size; })) {
        return BusyError(options_.acquire_timeout);
      }
      if (!idle_.empty()) {
        conn = idle_.back();
        idle_.pop_back();
      } else {
        ++open_;
      }
    }
    Status ready = OkStatus();
    if (conn) {
      ready = conn->EnsureAlive();
    } else {
      conn = new PgConnection(options_.url, options_.connect_timeout_s, options_.durability);
      ready = conn->Connect();
    }
    if (!ready.ok()) {
      // Keep the slot: the next borrower tries to connect again.
      Release(conn);
      return std::move(ready).error();
    }
    return ConnectionLease(conn, [this](Connection* c) { Release(static_cast<PgConnection*>(c)); });
  }

 private:
  void Release(PgConnection* c) {
    // A lease dropped mid-transaction (a bug) must not leak it to the next user.
    if (c->in_transaction()) (void)c->Rollback();
    std::lock_guard<std::mutex> lock(mu_);
    idle_.push_back(c);
    cv_.notify_one();
  }

  PostgresOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<PgConnection*> idle_;
  int open_ = 0;
};

}  // namespace

bool IsPostgresUrl(std::string_view target) {
  return target.starts_with("postgres://") || target.starts_with("postgresql://");
}

std::string RedactUrl(std::string_view url) {
  std::string out(url);
  // user:password@ in the authority.
  size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t start = scheme + 3;
    size_t at = out.find('@', start);
    size_t end = out.find_first_of("/?", start);
    if (at != std::string::npos && (end == std::string::npos || at < end)) {
      size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=... among the query parameters.
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    if (p > 0 && out[p - 1] != '?' && out[p - 1] != '&') continue;
    size_t value = p + 9;
    size_t end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

Result<std::unique_ptr<Database>> OpenPostgres(const PostgresOptions& options) {
  auto db = std::make_unique<PostgresDatabase>(options);
  // Connect once now so a bad URL or a down server fails here, not on the
  // first request.
  SB_ASSIGN_OR_RETURN(auto lease, db->Acquire());
  lease.reset();
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace sb::db
