#include "store/db/database.hpp"

#include <string>

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

Result<std::optional<int64_t>> Connection::QueryInt(std::string_view sql, const Params& params) {
  SB_ASSIGN_OR_RETURN(auto rows, Query(sql, params));
  SB_ASSIGN_OR_RETURN(bool has, rows->Next());
  if (!has || rows->IsNull(0)) return std::optional<int64_t>();
  return std::optional<int64_t>(rows->Int(0));
}

Transaction::~Transaction() {
  if (open_) (void)conn_.Rollback();
}

Status Transaction::Begin() {
  SB_RETURN_IF_ERROR(conn_.Begin());
  open_ = true;
  return OkStatus();
}

Status Transaction::Commit() {
  SB_RETURN_IF_ERROR(conn_.Commit());
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
