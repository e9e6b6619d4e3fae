#include "store/drivers/database.hpp"

#include <mutex>
#include <string>
#include <unordered_map>

namespace sb::db {

std::optional<std::string> Rows::OptString(int col) const {
  if (IsNull(col)) return std::nullopt;
  return String(col);
}

std::optional<int64_t> Rows::OptInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

std::optional<int64_t> Rows::OptTime(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Time(col);
}

std::span<const int> Rows::Layout(std::span<const std::string_view> names) const {
  if (layout_key_ == names.data() && layout_.size() == names.size()) return layout_;
  const int count = ColumnCount();
  layout_.assign(names.size(), -1);
  for (size_t i = 0; i < names.size(); ++i) {
    // Select lists derived from a declaration name their columns in its
    // order, so the column at the same position is tried first.
    const int guess = static_cast<int>(i);
    if (guess < count && ColumnName(guess) == names[i]) {
      layout_[i] = guess;
      continue;
    }
    for (int col = 0; col < count; ++col) {
      if (ColumnName(col) == names[i]) {
        layout_[i] = col;
        break;
      }
    }
  }
  layout_key_ = names.data();
  return layout_;
}

Result<std::optional<int64_t>> Connection::QueryInt(std::string_view sql, const Params& params) {
  SB_ASSIGN_OR_RETURN(auto rows, Query(sql, params));
  SB_ASSIGN_OR_RETURN(bool has, rows->Next());
  if (!has || rows->IsNull(0)) return std::optional<int64_t>();
  return std::optional<int64_t>(rows->Int(0));
}

namespace {

// Transaction guards nest: one begun while another is open on the same
// connection is a savepoint inside the outer transaction, so a repository
// method that opens its own transaction can run inside a caller's (a handler
// writing a change and its audit entry together). An inner guard that fails
// rolls back to its savepoint only; nothing is durable until the outermost
// guard commits, and an inner guard's error, returned, makes the outer one
// roll back too. Guards on a connection end in the reverse order they began,
// so the depth at a guard's end is its own.
//
// The open guards per connection are counted here rather than in Connection
// so that engines and wrappers need not know about nesting.
std::mutex depth_mutex;
std::unordered_map<const Connection*, int> open_guards;

int CurrentDepth(const Connection& conn) {
  std::lock_guard lock(depth_mutex);
  auto it = open_guards.find(&conn);
  return it == open_guards.end() ? 0 : it->second;
}

void SetDepth(const Connection& conn, int depth) {
  std::lock_guard lock(depth_mutex);
  if (depth == 0) {
    open_guards.erase(&conn);
  } else {
    open_guards[&conn] = depth;
  }
}

std::string SavepointName(int depth) { return "sb_nested_" + std::to_string(depth); }

}  // namespace

Transaction::~Transaction() {
  if (!open_) return;
  const int depth = CurrentDepth(conn_);
  SetDepth(conn_, depth - 1);
  if (depth <= 1) {
    (void)conn_.Rollback();
  } else {
    // ROLLBACK TO keeps the savepoint open; RELEASE ends it. On PostgreSQL
    // this also clears a failed statement's abort of the transaction.
    (void)conn_.ExecScript("ROLLBACK TO SAVEPOINT " + SavepointName(depth) +
                           "; RELEASE SAVEPOINT " + SavepointName(depth));
  }
}

Status Transaction::Begin() {
  const int depth = CurrentDepth(conn_) + 1;
  if (depth == 1) {
    SB_RETURN_IF_ERROR(conn_.Begin());
  } else {
    SB_RETURN_IF_ERROR(conn_.ExecScript("SAVEPOINT " + SavepointName(depth)));
  }
  SetDepth(conn_, depth);
  open_ = true;
  return OkStatus();
}

Status Transaction::Commit() {
  const int depth = CurrentDepth(conn_);
  if (depth <= 1) {
    SB_RETURN_IF_ERROR(conn_.Commit());
  } else {
    SB_RETURN_IF_ERROR(conn_.ExecScript("RELEASE SAVEPOINT " + SavepointName(depth)));
  }
  SetDepth(conn_, depth - 1);
  open_ = false;
  return OkStatus();
}

Error BusyError(std::chrono::milliseconds waited) {
  return Error(
             ErrorCode::kUnavailable, "The server is busy; retry shortly",
             "No database connection became free within " + std::to_string(waited.count()) + " ms")
      .WithRetryAfter(1);
}

Status InTransaction(Connection& conn, const std::function<Status()>& body) {
  Transaction tx(conn);
  SB_RETURN_IF_ERROR(tx.Begin());
  SB_RETURN_IF_ERROR(body());
  return tx.Commit();
}

}  // namespace sb::db
