// The small database interface every repository is written against. An engine
// (SQLite today, PostgreSQL next) implements it; repositories never see the
// engine. SQL uses `?` placeholders; engines rewrite them as they need.
//
// Thread-safety: a Database is shared by all threads; a Connection is used by one
// thread at a time (hold it through a ConnectionLease). Failures are reported as
// Error: a unique-constraint violation is kConflict (details name the index), a
// lost server kUnavailable, anything else kInternal.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace sb::store {
class Dialect;  // store/dialect.hpp: the SQL that differs between engines
}  // namespace sb::store

namespace sb::db {

struct Null {
  bool operator==(const Null&) const = default;
};
// A point in time, Unix seconds. Bind times as Timestamp (never as a bare
// integer) and read them with Rows::Time: SQLite stores an INTEGER, PostgreSQL a
// timestamptz, and only the engine knows which.
struct Timestamp {
  int64_t unix_seconds = 0;
  bool operator==(const Timestamp&) const = default;
};
using Value = std::variant<Null, int64_t, double, std::string, Timestamp>;
using Params = std::vector<Value>;

// Optional helpers for binding nullable values.
template <typename T>
Value Nullable(const std::optional<T>& v) {
  return v ? Value(*v) : Value(Null{});
}
inline Value NullableTime(const std::optional<int64_t>& unix_seconds) {
  return unix_seconds ? Value(Timestamp{*unix_seconds}) : Value(Null{});
}

// A forward-only cursor over one statement's result rows. Column getters are
// valid after Next() returned true and until the next call to Next().
class Rows {
 public:
  virtual ~Rows() = default;
  // Advances to the next row: true when there is one, false at the end.
  virtual Result<bool> Next() = 0;
  virtual bool IsNull(int col) const = 0;
  virtual int64_t Int(int col) const = 0;
  virtual double Double(int col) const = 0;
  virtual std::string_view Text(int col) const = 0;
  // A time column (see Timestamp) as Unix seconds.
  virtual int64_t Time(int col) const = 0;

  std::string String(int col) const { return std::string(Text(col)); }
  std::optional<std::string> OptString(int col) const;
  std::optional<int64_t> OptInt(int col) const;
  std::optional<int64_t> OptTime(int col) const;

  // The result's columns: how many, and each one's name as the select list
  // gives it (its alias, or the column's own name). Valid before Next().
  virtual int ColumnCount() const = 0;
  virtual std::string_view ColumnName(int col) const = 0;

  // Reading by name: the index of each of `names` among the columns (-1 for a
  // name the result lacks). Resolved at the first call and kept for the life
  // of this result, keyed by the list's address (pass a static list): a row
  // read by name then costs one pointer comparison, no lookup or allocation.
  // Calling it with another list resolves that one instead.
  std::span<const int> Layout(std::span<const std::string_view> names) const;

 private:
  mutable const std::string_view* layout_key_ = nullptr;
  mutable std::vector<int> layout_;
};

enum class Engine { kSqlite, kPostgres };

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Engine engine() const = 0;
  // The engine's SQL differences; repositories ask it instead of the engine.
  virtual const store::Dialect& dialect() const = 0;
  // Runs a statement that returns rows (SELECT, or anything with RETURNING).
  virtual Result<std::unique_ptr<Rows>> Query(std::string_view sql, const Params& params) = 0;
  // Runs a statement and returns the number of rows it changed.
  virtual Result<int64_t> Exec(std::string_view sql, const Params& params = {}) = 0;
  // Runs several `;`-separated statements without parameters (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;

  // Transactions; use the Transaction guard below rather than these directly.
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  // Convenience: the first column of the first row as an integer, or nullopt
  // when there is no row (or it is NULL).
  Result<std::optional<int64_t>> QueryInt(std::string_view sql, const Params& params);
};

// Returns a Connection to its pool when destroyed.
using ConnectionLease = std::unique_ptr<Connection, std::function<void(Connection*)>>;

class Database {
 public:
  virtual ~Database() = default;
  virtual Engine engine() const = 0;
  // Borrows a connection; waits while all are in use, up to the engine's
  // acquire timeout (2 s by default), then kUnavailable (BusyError). Also
  // kUnavailable when the store cannot be reached. A caller holding a lease
  // must not wait for a second one: with every connection so held, all wait.
  virtual Result<ConnectionLease> Acquire() = 0;
};

// Acquire()'s refusal after waiting `waited` for a connection: a 503 whose
// Retry-After is 1 s.
Error BusyError(std::chrono::milliseconds waited);

// Rolls back on destruction unless Commit() succeeded. Nests as a savepoint (database.cpp).
class Transaction {
 public:
  explicit Transaction(Connection& conn) : conn_(conn) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  Status Begin();
  Status Commit();

 private:
  Connection& conn_;
  bool open_ = false;
};

// Runs `body` inside one transaction on `conn`; commits when it returns ok.
Status InTransaction(Connection& conn, const std::function<Status()>& body);

}  // namespace sb::db
