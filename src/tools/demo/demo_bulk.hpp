// Multi-row INSERT for seeding: rows are buffered and written as
// `INSERT INTO t (cols) VALUES (...), (...), ...` statements of a fixed row
// count, so the connection's statement cache prepares each shape once.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "store/drivers/database.hpp"

namespace sb::tools::demo {

class BulkInsert {
 public:
  // `table_and_columns` is fixed SQL such as "tags (organization_id, name)".
  BulkInsert(db::Connection& conn, std::string table_and_columns, int columns,
             int rows_per_statement);

  // Buffers one row; the values must be exactly `columns` many.
  template <typename... V>
  void Add(V&&... values) {
    static_assert(sizeof...(V) > 0);
    (params_.emplace_back(std::forward<V>(values)), ...);
    ++pending_;
  }

  // Writes every complete statement's worth of buffered rows; keeps the rest.
  Status FlushFull();
  // Writes everything buffered.
  Status FlushAll();

  int pending() const { return pending_; }
  int rows_per_statement() const { return rows_per_statement_; }
  int64_t written() const { return written_; }

 private:
  std::string Sql(int rows) const;
  Status Write(int rows, size_t first_param);

  db::Connection& conn_;
  std::string head_;
  int columns_;
  int rows_per_statement_;
  std::string full_sql_;
  db::Params params_;
  db::Params chunk_;
  int pending_ = 0;
  int64_t written_ = 0;
};

}  // namespace sb::tools::demo
