#include "store/drivers/postgres/pg_connection.hpp"

#include <poll.h>

#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "core/ids.hpp"
#include "store/drivers/dialect.hpp"
#include "store/drivers/postgres/pg_sql.hpp"
#include "store/drivers/postgres/postgres_database.hpp"

namespace sb::db::pg {
namespace {

// Type oids from pg_type.h (stable across server versions).
constexpr Oid kBool = 16;
constexpr Oid kInt8 = 20;
constexpr Oid kInt2 = 21;
constexpr Oid kInt4 = 23;
constexpr Oid kDate = 1082;
constexpr Oid kTimestamp = 1114;
constexpr Oid kTimestamptz = 1184;
constexpr Oid kUuid = 2950;
constexpr Oid kJsonb = 3802;

bool IsTimeType(Oid t) { return t == kTimestamptz || t == kTimestamp || t == kDate; }
bool IsIntType(Oid t) { return t == kInt8 || t == kInt4 || t == kInt2; }

// Statements prepared per session before the cache is dropped and begun again.
constexpr size_t kMaxPrepared = 1000;

std::string Trimmed(const char* s) {
  std::string out = s ? s : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

class PgRows final : public Rows {
 public:
  explicit PgRows(ResultPtr result)
      : result_(std::move(result)),
        rows_(PQntuples(result_.get())),
        json_(static_cast<size_t>(PQnfields(result_.get()))) {}

  Result<bool> Next() override {
    if (row_ + 1 >= rows_) {
      row_ = rows_;
      return false;
    }
    ++row_;
    for (auto& doc : json_) doc.reset();
    return true;
  }
  bool IsNull(int col) const override { return PQgetisnull(result_.get(), row_, col) != 0; }
  int64_t Int(int col) const override {
    Oid type = PQftype(result_.get(), col);
    if (type == kBool) return Raw(col)[0] == 't' ? 1 : 0;
    if (IsTimeType(type)) return Time(col);
    return std::strtoll(Raw(col), nullptr, 10);
  }
  double Double(int col) const override { return std::strtod(Raw(col), nullptr); }
  std::string_view Text(int col) const override {
    if (PQftype(result_.get(), col) == kJsonb && !IsNull(col)) {
      auto& doc = json_[static_cast<size_t>(col)];
      if (!doc) doc = CompactJson(RawView(col));
      return *doc;
    }
    return RawView(col);
  }
  int64_t Time(int col) const override {
    if (IsTimeType(PQftype(result_.get(), col))) return ParseTimestamp(RawView(col)).value_or(0);
    return std::strtoll(Raw(col), nullptr, 10);
  }
  int ColumnCount() const override { return PQnfields(result_.get()); }
  std::string_view ColumnName(int col) const override {
    const char* name = PQfname(result_.get(), col);
    return name != nullptr ? std::string_view(name) : std::string_view();
  }

 private:
  const char* Raw(int col) const { return PQgetvalue(result_.get(), row_, col); }
  std::string_view RawView(int col) const {
    return {Raw(col), static_cast<size_t>(PQgetlength(result_.get(), row_, col))};
  }

  ResultPtr result_;
  int rows_;
  int row_ = -1;
  mutable std::vector<std::optional<std::string>> json_;  // compacted jsonb of this row
};

// Session settings every statement relies on: times in UTC and ISO format.
constexpr const char* kSessionSetup =
    "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET client_min_messages = 'warning'";

}  // namespace

PgConnection::PgConnection(std::string url, int connect_timeout_s, Durability durability)
    : url_(std::move(url)), connect_timeout_s_(connect_timeout_s), durability_(durability) {}

PgConnection::~PgConnection() {
  if (conn_) PQfinish(conn_);
}

const store::Dialect& PgConnection::dialect() const { return store::PostgresDialect(); }

Status PgConnection::Connect() {
  if (conn_) PQfinish(conn_);
  conn_ = nullptr;
  cache_.clear();
  lost_ = false;
  std::string timeout = std::to_string(connect_timeout_s_);
  // Earlier keywords are defaults: settings in the URL override them.
  const char* const keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* const values[] = {timeout.c_str(), "switchboard", url_.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  if (!conn || PQstatus(conn) != CONNECTION_OK) {
    std::string msg = conn ? Trimmed(PQerrorMessage(conn)) : "out of memory";
    if (conn) PQfinish(conn);
    return Error(ErrorCode::kUnavailable, "Database unavailable",
                 "cannot connect to " + RedactUrl(url_) + ": " + msg);
  }
  // Notices (e.g. "relation already exists, skipping") are not errors; libpq
  // would print them on stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  conn_ = conn;
  auto setup = Simple(kSessionSetup);
  if (!setup.ok()) return setup.error();
  return SetSynchronousCommit();
}

// kNormal: off, a commit returns before its WAL is flushed. kFull: at least on;
// a stronger setting of the server (remote_write, remote_apply for a standby)
// is kept, a weaker one (off, local) raised.
Status PgConnection::SetSynchronousCommit() {
  if (durability_ == Durability::kNormal) {
    auto set = Simple("SET synchronous_commit = off");
    if (!set.ok()) return set.error();
    return OkStatus();
  }
  auto shown = Simple("SHOW synchronous_commit");
  if (!shown.ok()) return shown.error();
  const std::string current =
      PQntuples(shown->get()) == 1 ? PQgetvalue(shown->get(), 0, 0) : std::string();
  if (current == "off" || current == "local") {
    auto set = Simple("SET synchronous_commit = on");
    if (!set.ok()) return set.error();
  }
  return OkStatus();
}

Status PgConnection::EnsureAlive() {
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) return Connect();
  // An idle session receives nothing unless the server is ending it (a
  // shutdown or a terminated backend sends an error and closes the socket).
  pollfd fd{PQsocket(conn_), POLLIN, 0};
  if (poll(&fd, 1, 0) != 0) return Connect();
  return OkStatus();
}

bool PgConnection::Lost() const { return !conn_ || PQstatus(conn_) != CONNECTION_OK; }

Error PgConnection::LostError(std::string_view during) const {
  return Error(
      ErrorCode::kUnavailable, "Database connection lost",
      fmt::format("the connection to the database was lost during: {}", during.substr(0, 200)));
}

Result<ResultPtr> PgConnection::Check(PGresult* raw, std::string_view sql) {
  ResultPtr result(raw);
  ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
    return result;
  }
  const char* state = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
  std::string code = state ? state : "";
  std::string msg = raw ? Trimmed(PQresultErrorMessage(raw)) : "";
  if (msg.empty() && conn_) msg = Trimmed(PQerrorMessage(conn_));
  if (Lost() || code.starts_with("08") || code == "57P01" || code == "57P02" || code == "57P03") {
    // The session is over: drop it now so nothing else is sent on it.
    lost_ = true;
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
    cache_.clear();
    return LostError(sql);
  }
  if (code == "23505") {
    // The primary message names the constraint (duplicate key value violates
    // unique constraint "tags_name"); the detail, which quotes the values, stays out.
    const char* primary = PQresultErrorField(raw, PG_DIAG_MESSAGE_PRIMARY);
    return Error(ErrorCode::kConflict, "Conflict", primary ? primary : msg);
  }
  if (code == "40001" || code == "40P01" || code == "55P03" || code == "57014") {
    return Error(ErrorCode::kUnavailable, "Database is busy, retry later", msg);
  }
  return Error::Internal(
      fmt::format("postgres error {}: {} in: {}", code, msg, sql.substr(0, 200)));
}

Result<ResultPtr> PgConnection::Simple(std::string_view sql) {
  lost_ = false;
  if (Lost()) {
    lost_ = true;
    return LostError(sql);
  }
  std::string text(sql);
  return Check(PQexec(conn_, text.c_str()), sql);
}

Result<const PgConnection::Prepared*> PgConnection::Prepare(std::string_view sql) {
  std::string key(sql);
  if (auto it = cache_.find(key); it != cache_.end()) return &it->second;
  if (cache_.size() >= kMaxPrepared) {
    SB_RETURN_IF_ERROR(Simple("DEALLOCATE ALL"));
    cache_.clear();
  }
  Prepared p;
  p.name = "sb" + std::to_string(++next_statement_);
  std::string text = NumberPlaceholders(sql);
  SB_RETURN_IF_ERROR(Check(PQprepare(conn_, p.name.c_str(), text.c_str(), 0, nullptr), sql));
  SB_ASSIGN_OR_RETURN(ResultPtr described, Check(PQdescribePrepared(conn_, p.name.c_str()), sql));
  int n = PQnparams(described.get());
  for (int i = 0; i < n; ++i) p.param_types.push_back(PQparamtype(described.get(), i));
  return &cache_.emplace(std::move(key), std::move(p)).first->second;
}

Result<ResultPtr> PgConnection::RunOnce(std::string_view sql, const Params& params) {
  lost_ = false;
  if (Lost()) {
    lost_ = true;
    return LostError(sql);
  }
  SB_ASSIGN_OR_RETURN(const Prepared* p, Prepare(sql));
  if (p->param_types.size() != params.size()) {
    return Error::Internal(fmt::format("statement wants {} parameters, got {}: {}",
                                       p->param_types.size(), params.size(), sql.substr(0, 200)));
  }
  std::vector<std::string> text(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  for (size_t i = 0; i < params.size(); ++i) {
    Oid type = p->param_types[i];
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, Null>) {
            values[i] = nullptr;
          } else if constexpr (std::is_same_v<T, int64_t>) {
            text[i] = IsTimeType(type) ? FormatTimestamp(v) : std::to_string(v);
            values[i] = text[i].c_str();
          } else if constexpr (std::is_same_v<T, double>) {
            text[i] = fmt::format("{}", v);
            values[i] = text[i].c_str();
          } else if constexpr (std::is_same_v<T, Timestamp>) {
            text[i] =
                IsIntType(type) ? std::to_string(v.unix_seconds) : FormatTimestamp(v.unix_seconds);
            values[i] = text[i].c_str();
          } else {
            // Not a UUID: no row has it, as on SQLite; NULL matches nothing.
            values[i] = type == kUuid && !IsUuid(v) ? nullptr : v.c_str();
          }
        },
        params[i]);
  }
  return Check(PQexecPrepared(conn_, p->name.c_str(), static_cast<int>(values.size()),
                              values.data(), nullptr, nullptr, 0),
               sql);
}

Result<ResultPtr> PgConnection::Run(std::string_view sql, const Params& params) {
  auto result = RunOnce(sql, params);
  if (!result.ok() && lost_) {
    bool safe = tx_ == Tx::kNone ? IsReadOnly(sql) : tx_ == Tx::kClean;
    if (!safe) return std::move(result).error();
    SB_RETURN_IF_ERROR(Connect());
    if (tx_ == Tx::kClean) SB_RETURN_IF_ERROR(Simple("BEGIN"));
    result = RunOnce(sql, params);
  }
  if (result.ok() && tx_ == Tx::kClean && !IsReadOnly(sql)) tx_ = Tx::kWrote;
  return result;
}

Result<std::unique_ptr<Rows>> PgConnection::Query(std::string_view sql, const Params& params) {
  SB_ASSIGN_OR_RETURN(ResultPtr result, Run(sql, params));
  return std::unique_ptr<Rows>(std::make_unique<PgRows>(std::move(result)));
}

Result<int64_t> PgConnection::Exec(std::string_view sql, const Params& params) {
  SB_ASSIGN_OR_RETURN(ResultPtr result, Run(sql, params));
  const char* n = PQcmdTuples(result.get());
  return static_cast<int64_t>(n && *n ? std::strtoll(n, nullptr, 10) : 0);
}

Status PgConnection::ExecScript(std::string_view sql) {
  SB_RETURN_IF_ERROR(Simple(sql));
  if (tx_ == Tx::kClean) tx_ = Tx::kWrote;
  return OkStatus();
}

Status PgConnection::Begin() {
  if (tx_ != Tx::kNone) return Error::Internal("BEGIN inside a transaction");
  auto begun = Simple("BEGIN");
  if (!begun.ok() && lost_) {
    // Nothing was sent that could have had an effect: start over.
    SB_RETURN_IF_ERROR(Connect());
    begun = Simple("BEGIN");
  }
  if (!begun.ok()) return std::move(begun).error();
  tx_ = Tx::kClean;
  return OkStatus();
}

Status PgConnection::Commit() {
  tx_ = Tx::kNone;
  SB_ASSIGN_OR_RETURN(ResultPtr result, Simple("COMMIT"));
  // COMMIT of a transaction in which a statement failed reports ROLLBACK.
  if (std::strcmp(PQcmdStatus(result.get()), "ROLLBACK") == 0) {
    return Error::Internal("the transaction was rolled back: a statement in it failed");
  }
  return OkStatus();
}

Status PgConnection::Rollback() {
  tx_ = Tx::kNone;
  // A dead session's transaction is already rolled back by the server.
  if (Lost()) return OkStatus();
  auto result = Simple("ROLLBACK");
  if (!result.ok() && !lost_) return std::move(result).error();
  return OkStatus();
}

}  // namespace sb::db::pg
