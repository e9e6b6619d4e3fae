#include "tools/demo/demo_bulk.hpp"

#include <iterator>

#include "store/repositories/store_util.hpp"

namespace sb::tools::demo {

BulkInsert::BulkInsert(db::Connection& conn, std::string table_and_columns, int columns,
                       int rows_per_statement)
    : conn_(conn),
      head_(std::move(table_and_columns)),
      columns_(columns),
      rows_per_statement_(rows_per_statement) {
  head_.insert(0, "INSERT INTO ");
  head_.append(" VALUES ");
  full_sql_ = Sql(rows_per_statement_);
}

std::string BulkInsert::Sql(int rows) const {
  std::string tuple(1, '(');
  tuple.append(store::Placeholders(static_cast<size_t>(columns_)));
  tuple.push_back(')');
  std::string sql = head_;
  sql.reserve(head_.size() + static_cast<size_t>(rows) * (tuple.size() + 1));
  for (int r = 0; r < rows; ++r) {
    if (r) sql += ',';
    sql += tuple;
  }
  return sql;
}

Status BulkInsert::Write(int rows, size_t first_param) {
  size_t n = static_cast<size_t>(rows) * static_cast<size_t>(columns_);
  chunk_.clear();
  chunk_.insert(chunk_.end(), std::make_move_iterator(params_.begin() + first_param),
                std::make_move_iterator(params_.begin() + first_param + n));
  if (rows == rows_per_statement_) {
    SB_RETURN_IF_ERROR(conn_.Exec(full_sql_, chunk_));
  } else {
    SB_RETURN_IF_ERROR(conn_.Exec(Sql(rows), chunk_));
  }
  written_ += rows;
  return OkStatus();
}

Status BulkInsert::FlushFull() {
  size_t offset = 0;
  const size_t per = static_cast<size_t>(rows_per_statement_) * static_cast<size_t>(columns_);
  while (pending_ >= rows_per_statement_) {
    SB_RETURN_IF_ERROR(Write(rows_per_statement_, offset));
    offset += per;
    pending_ -= rows_per_statement_;
  }
  params_.erase(params_.begin(), params_.begin() + static_cast<std::ptrdiff_t>(offset));
  return OkStatus();
}

Status BulkInsert::FlushAll() {
  SB_RETURN_IF_ERROR(FlushFull());
  if (pending_ > 0) {
    SB_RETURN_IF_ERROR(Write(pending_, 0));
    pending_ = 0;
  }
  params_.clear();
  return OkStatus();
}

}  // namespace sb::tools::demo
