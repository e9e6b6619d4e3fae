// One libpq session behind db::Connection (internal to the PostgreSQL engine;
// see postgres_database.hpp for the contract).
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/drivers/database.hpp"
#include "store/drivers/durability.hpp"

namespace sb::db::pg {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

class PgConnection final : public Connection {
 public:
  // `url`, the timeout and the durability as in PostgresOptions. Call
  // Connect() before use.
  PgConnection(std::string url, int connect_timeout_s, Durability durability);
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Opens (or re-opens) the session and prepares it: UTC, ISO dates, the
  // synchronous_commit of its durability.
  Status Connect();
  // Re-establishes the session when it is known or seen to be dead (a check
  // without a round trip: an idle session never has input waiting).
  Status EnsureAlive();
  bool in_transaction() const { return tx_ != Tx::kNone; }
  // The server process id (for tests that end it).
  int backend_pid() const { return conn_ ? PQbackendPID(conn_) : 0; }

  Engine engine() const override { return Engine::kPostgres; }
  const store::Dialect& dialect() const override;
  Result<std::unique_ptr<Rows>> Query(std::string_view sql, const Params& params) override;
  Result<int64_t> Exec(std::string_view sql, const Params& params) override;
  Status ExecScript(std::string_view sql) override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;

 private:
  enum class Tx { kNone, kClean, kWrote };  // no transaction; one that has / has not written
  struct Prepared {
    std::string name;
    std::vector<Oid> param_types;
  };

  // Runs a prepared statement with the retry policy above.
  Result<ResultPtr> Run(std::string_view sql, const Params& params);
  Result<ResultPtr> RunOnce(std::string_view sql, const Params& params);
  Result<const Prepared*> Prepare(std::string_view sql);
  // Runs parameterless SQL (simple protocol).
  Result<ResultPtr> Simple(std::string_view sql);
  // Checks a result; a failure becomes an Error and marks a lost session.
  Result<ResultPtr> Check(PGresult* raw, std::string_view sql);
  bool Lost() const;
  Status SetSynchronousCommit();
  Error LostError(std::string_view during) const;

  std::string url_;
  int connect_timeout_s_;
  Durability durability_;
  PGconn* conn_ = nullptr;
  Tx tx_ = Tx::kNone;
  bool lost_ = false;  // the last failure was the session dying
  std::unordered_map<std::string, Prepared> cache_;
  int next_statement_ = 0;
};

}  // namespace sb::db::pg
