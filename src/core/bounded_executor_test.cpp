// BoundedExecutor: work runs off the caller's thread, at most `threads` at a
// time, at most `queue_capacity` waiting; past that a submission is refused at
// once; an exception ends one task, not its thread.
#include "core/bounded_executor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

namespace sb {
namespace {

// Holds the tasks that wait on it until Open().
class Gate {
 public:
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    ++waiting_;
    cv_.notify_all();
    cv_.wait(lock, [this] { return open_; });
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  // Blocks until `n` tasks wait at the gate.
  void AwaitWaiting(int n) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return waiting_ >= n; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int waiting_ = 0;
  bool open_ = false;
};

TEST(BoundedExecutor, RefusesPastItsThreadsAndQueueAndRunsEverythingItTook) {
  Gate gate;  // outlives the executor's tasks
  BoundedExecutor executor("test", 2, 3);
  std::atomic<int> ran{0};
  auto task = [&] {
    gate.Wait();
    ran.fetch_add(1);
  };
  EXPECT_TRUE(executor.TrySubmit(task));
  EXPECT_TRUE(executor.TrySubmit(task));
  gate.AwaitWaiting(2);  // both threads busy
  EXPECT_TRUE(executor.TrySubmit(task));
  EXPECT_TRUE(executor.TrySubmit(task));
  EXPECT_TRUE(executor.TrySubmit(task));
  EXPECT_EQ(executor.pending(), 5u);
  EXPECT_FALSE(executor.TrySubmit(task));  // 2 running, 3 waiting: full
  gate.Open();
  executor.Stop();
  EXPECT_EQ(ran.load(), 5);
  EXPECT_FALSE(executor.TrySubmit(task));  // stopped
}

TEST(BoundedExecutor, AnExceptionEndsTheTaskNotTheThread) {
  BoundedExecutor executor("test", 1, 10);
  std::atomic<int> ran{0};
  EXPECT_TRUE(executor.TrySubmit([] { throw std::runtime_error("a bug"); }));
  EXPECT_TRUE(executor.TrySubmit([] { throw 42; }));
  EXPECT_TRUE(executor.TrySubmit([&] { ran.fetch_add(1); }));
  executor.Stop();
  EXPECT_EQ(ran.load(), 1);
  EXPECT_EQ(executor.failures(), 2);
}

TEST(BoundedExecutor, AZeroQueueStillRunsAsManyTasksAsItHasThreads) {
  Gate gate;
  BoundedExecutor executor("test", 3, 0);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(executor.TrySubmit([&] { gate.Wait(); }));
  gate.AwaitWaiting(3);
  EXPECT_FALSE(executor.TrySubmit([] {}));
  gate.Open();
}

}  // namespace
}  // namespace sb
