#include "core/bounded_executor.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <utility>

namespace sb {

BoundedExecutor::BoundedExecutor(std::string name, size_t threads, size_t queue_capacity)
    : name_(std::move(name)),
      thread_count_(std::max<size_t>(threads, 1)),
      capacity_(queue_capacity) {
  workers_.reserve(thread_count_);
  for (size_t i = 0; i < thread_count_; ++i) workers_.emplace_back([this] { Work(); });
}

BoundedExecutor::~BoundedExecutor() { Stop(); }

bool BoundedExecutor::TrySubmit(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    // Queued tasks an idle thread is about to take do not use the capacity:
    // it bounds the tasks that wait for a busy thread.
    if (queue_.size() >= capacity_ + (thread_count_ - running_)) return false;
    queue_.push_back(std::move(task));
  }
  cv_.notify_one();
  return true;
}

void BoundedExecutor::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : workers_) {
    if (t.joinable()) t.join();
  }
  std::lock_guard<std::mutex> lock(mu_);
  workers_.clear();
}

size_t BoundedExecutor::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return running_ + queue_.size();
}

void BoundedExecutor::Work() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to run
    std::function<void()> task = std::move(queue_.front());
    queue_.pop_front();
    ++running_;
    lock.unlock();
    try {
      task();
    } catch (const std::exception& e) {
      failures_.fetch_add(1);
      spdlog::error("{}: a task threw: {}", name_, e.what());
    } catch (...) {
      failures_.fetch_add(1);
      spdlog::error("{}: a task threw a non-standard exception", name_);
    }
    task = nullptr;  // its captures go before the next task
    lock.lock();
    --running_;
  }
}

}  // namespace sb
