// A Database that passes everything to another one until told to fail: after
// FailAt("INSERT INTO contacts", n), the n-th statement (Query, Exec or
// ExecScript, on any of its connections) whose SQL contains the text, and
// every statement after it, fails with kUnavailable, as if the process had
// died there. Begin/Commit/Rollback pass through, so the failed
// transaction is rolled back like a dead session's. For crash tests.
//
// After RefuseEvery("INSERT INTO contacts"), every statement whose SQL contains
// the text fails with kInternal, as a store refusing the data would, and the
// others pass: for code that must give up on work that can never succeed.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "store/drivers/database.hpp"

namespace sb::testing {

class FailingDatabase final : public db::Database {
 public:
  explicit FailingDatabase(db::Database& inner) : inner_(inner) {}

  void FailAt(std::string sql_part, int64_t nth) {
    sql_part_ = std::move(sql_part);
    remaining_.store(nth);
  }
  void RefuseEvery(std::string sql_part) { refused_part_ = std::move(sql_part); }
  // Every statement whose SQL contains the text throws std::runtime_error, as
  // a bug in the code running it would.
  void ThrowOnEvery(std::string sql_part) { throwing_part_ = std::move(sql_part); }
  void ThrowIfAsked(std::string_view sql) const;
  bool Refuses(std::string_view sql) const {
    return !refused_part_.empty() && sql.find(refused_part_) != std::string_view::npos;
  }
  // Whether a statement has failed.
  bool failed() const { return failed_.load(); }

  db::Engine engine() const override { return inner_.engine(); }
  Result<db::ConnectionLease> Acquire() override;

  // Counts one statement; false once it must fail.
  bool Take(std::string_view sql);

 private:
  db::Database& inner_;
  std::string sql_part_;
  std::string refused_part_;
  std::string throwing_part_;
  std::atomic<int64_t> remaining_{INT64_MAX};
  std::atomic<bool> failed_{false};
};

}  // namespace sb::testing
