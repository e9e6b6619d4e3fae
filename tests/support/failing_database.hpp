// A Database that passes everything to another one until told to fail: after
// FailAfter(n), the n+1st statement (Query, Exec or ExecScript) on any of its
// connections, and every one after it, fails with kUnavailable, as if the
// process had died there. Begin/Commit/Rollback pass through, so the failed
// transaction is rolled back like a dead session's. For crash tests.
#pragma once

#include <atomic>
#include <cstdint>

#include "store/db/database.hpp"

namespace sb::testing {

class FailingDatabase final : public db::Database {
 public:
  explicit FailingDatabase(db::Database& inner) : inner_(inner) {}

  void FailAfter(int64_t statements) { remaining_.store(statements); }
  // Whether a statement has failed.
  bool failed() const { return remaining_.load() < 0; }

  db::Engine engine() const override { return inner_.engine(); }
  Result<db::ConnectionLease> Acquire() override;

  // Counts one statement; false once it must fail.
  bool Take();

 private:
  db::Database& inner_;
  std::atomic<int64_t> remaining_{INT64_MAX};
};

}  // namespace sb::testing
