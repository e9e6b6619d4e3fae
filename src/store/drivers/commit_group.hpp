// Group commit: writes that arrive together share one transaction, so one
// commit (at --durability full, one disk sync) covers all of them.
//
// Run(work) queues `work`. The first caller in the queue leads: it takes up to
// max_batch queued works (its own first), borrows one connection, begins a
// transaction, runs each work inside its own savepoint, commits once, and
// then wakes the callers whose works it ran. The next caller in the queue
// leads the next batch. A caller that arrives while a batch runs waits for
// the next one, so under load batches grow and commits per write fall; a
// lone caller runs at once in a batch of one.
//
// Results: Run returns its own work's Status. A failing work rolls back its
// own savepoint only; the others of its batch are committed. When the commit
// itself (or the transaction's begin, or borrowing the connection) fails,
// every work of the batch gets that error and nothing of the batch is
// written, so a caller never reports as done a write that is not on disk.
//
// A work runs on the leader's thread with the leader's connection: it must not
// borrow another connection from the Database (the pool may hold just one),
// keep the connection past its return, or depend on thread-local state. It
// may use db::Transaction and db::InTransaction (they nest as savepoints).
// A work that throws fails with kInternal; the batch goes on.
//
// Thread-safety: Run may be called from any number of threads at once.
// Bounds: one connection at a time; the queue holds at most one work per
// waiting caller (each caller blocks in Run), a batch at most max_batch.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>

#include "core/result.hpp"
#include "store/drivers/database.hpp"

namespace sb::db {

class CommitGroup {
 public:
  using Work = std::function<Status(Connection&)>;

  // Works per transaction at most; later arrivals wait for the next batch.
  static constexpr size_t kDefaultMaxBatch = 32;

  explicit CommitGroup(Database& database, size_t max_batch = kDefaultMaxBatch);
  CommitGroup(const CommitGroup&) = delete;
  CommitGroup& operator=(const CommitGroup&) = delete;

  // Runs `work` in a shared transaction and returns once that transaction has
  // committed or failed (see the file comment for what is returned).
  Status Run(const Work& work);

  // Counts since construction, for tests and benchmarks.
  struct Stats {
    int64_t transactions = 0;  // batches that reached their commit
    int64_t works = 0;         // works those batches ran
  };
  Stats stats() const;
  // Works queued and not yet taken by a leader (tests use it to wait until
  // concurrent callers have arrived).
  size_t waiting() const;

 private:
  struct Writer;
  // Runs `batch` in one transaction; fills each writer's status.
  void RunBatch(const std::deque<Writer*>& batch);

  Database& database_;
  const size_t max_batch_;
  mutable std::mutex mutex_;
  std::deque<Writer*> queue_;  // front: the leader or the next to lead
  size_t running_ = 0;         // writers at the front taken by the leader
  Stats stats_;
};

}  // namespace sb::db
