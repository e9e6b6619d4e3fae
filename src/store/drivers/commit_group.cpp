#include "store/drivers/commit_group.hpp"

#include <algorithm>
#include <exception>
#include <string>

namespace sb::db {

struct CommitGroup::Writer {
  explicit Writer(const Work& w) : work(w) {}
  const Work& work;
  Status status;
  bool done = false;
  std::condition_variable wake;
};

CommitGroup::CommitGroup(Database& database, size_t max_batch)
    : database_(database), max_batch_(std::max<size_t>(1, max_batch)) {}

Status CommitGroup::Run(const Work& work) {
  Writer self(work);
  std::unique_lock lock(mutex_);
  queue_.push_back(&self);
  self.wake.wait(lock, [&] { return self.done || queue_.front() == &self; });
  if (self.done) return self.status;

  // This caller leads: the front of the queue, up to max_batch_, is its batch.
  const size_t taken = std::min(max_batch_, queue_.size());
  const std::deque<Writer*> batch(queue_.begin(),
                                  queue_.begin() + static_cast<std::ptrdiff_t>(taken));
  running_ = taken;
  lock.unlock();
  RunBatch(batch);
  lock.lock();
  ++stats_.transactions;
  stats_.works += static_cast<int64_t>(taken);
  for (size_t i = 0; i < taken; ++i) {
    Writer* writer = queue_.front();
    queue_.pop_front();
    if (writer == &self) continue;
    // The writer cannot return (and destroy `wake`) before this lock is released.
    writer->done = true;
    writer->wake.notify_one();
  }
  running_ = 0;
  if (!queue_.empty()) queue_.front()->wake.notify_one();
  return self.status;
}

namespace {

// One work in its own savepoint: its failure undoes its writes only.
Status RunInSavepoint(Connection& conn, const CommitGroup::Work& work) {
  Transaction savepoint(conn);
  SB_RETURN_IF_ERROR(savepoint.Begin());
  Status status;
  try {
    status = work(conn);
  } catch (const std::exception& e) {
    status = Error::Internal(std::string("A grouped write threw: ") + e.what());
  } catch (...) {
    status = Error::Internal("A grouped write threw");
  }
  SB_RETURN_IF_ERROR(status);
  return savepoint.Commit();
}

}  // namespace

void CommitGroup::RunBatch(const std::deque<Writer*>& batch) {
  auto fail_all = [&](const Error& error) {
    for (Writer* writer : batch) writer->status = error;
  };
  auto lease = database_.Acquire();
  if (!lease.ok()) return fail_all(lease.error());
  Connection& conn = **lease;
  Transaction transaction(conn);
  if (Status begun = transaction.Begin(); !begun.ok()) return fail_all(begun.error());
  for (Writer* writer : batch) writer->status = RunInSavepoint(conn, writer->work);
  if (Status committed = transaction.Commit(); !committed.ok()) fail_all(committed.error());
}

CommitGroup::Stats CommitGroup::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

size_t CommitGroup::waiting() const {
  std::lock_guard lock(mutex_);
  return queue_.size() - running_;
}

}  // namespace sb::db
