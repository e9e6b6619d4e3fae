// A fixed set of threads running submitted work, with a queue of bounded
// length: the place where blocking work (handlers, database calls, streamed
// responses) runs, off the I/O threads. When every thread is busy and the
// queue is full, TrySubmit refuses at once instead of queueing without end,
// so the caller can answer "busy" (503) rather than let memory and latency
// grow with the load.
//
// Each task runs contained: an exception it lets out is logged with the
// executor's name and counted (failures()), and the thread goes on.
//
// Thread-safety: every member may be called from any thread. The destructor
// stops the executor (Stop()).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sb {

class BoundedExecutor {
 public:
  // `threads` >= 1 run the tasks; at most `queue_capacity` wait for one.
  BoundedExecutor(std::string name, size_t threads, size_t queue_capacity);
  ~BoundedExecutor();
  BoundedExecutor(const BoundedExecutor&) = delete;
  BoundedExecutor& operator=(const BoundedExecutor&) = delete;

  // Queues `task`; false (and `task` is dropped, not run) when the queue is
  // full or the executor is stopping.
  bool TrySubmit(std::function<void()> task);

  // Refuses new tasks, runs the queued ones, and joins the threads.
  void Stop();

  size_t threads() const { return thread_count_; }
  size_t queue_capacity() const { return capacity_; }
  // Tasks running or waiting now.
  size_t pending() const;
  // Tasks that let an exception out.
  int64_t failures() const { return failures_.load(); }

 private:
  void Work();

  const std::string name_;
  const size_t thread_count_;
  const size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  size_t running_ = 0;
  bool stopping_ = false;
  std::atomic<int64_t> failures_{0};
  std::vector<std::thread> workers_;
};

}  // namespace sb
