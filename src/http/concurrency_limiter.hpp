// Caps on work that lasts (streamed responses): at most `max_total` at once
// in the server and `max_per_key` for one key (an organization), so one
// tenant cannot take every slot. A permit is held for the work's duration
// and gives its slot back when destroyed.
//
// Thread-safety: TryAcquire and the permits may be used from any thread; the
// limiter must outlive its permits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace sb::http {

class ConcurrencyLimiter {
 public:
  class Permit {
   public:
    Permit(ConcurrencyLimiter* limiter, int64_t key) : limiter_(limiter), key_(key) {}
    ~Permit() { limiter_->Release(key_); }
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;

   private:
    ConcurrencyLimiter* limiter_;
    int64_t key_;
  };

  ConcurrencyLimiter(size_t max_total, size_t max_per_key)
      : max_total_(max_total), max_per_key_(max_per_key) {}

  // A permit, or null when the server or `key` is at its cap.
  std::unique_ptr<Permit> TryAcquire(int64_t key);

  size_t in_use() const;
  size_t max_total() const { return max_total_; }
  size_t max_per_key() const { return max_per_key_; }

 private:
  void Release(int64_t key);

  const size_t max_total_;
  const size_t max_per_key_;
  mutable std::mutex mu_;
  size_t total_ = 0;
  std::unordered_map<int64_t, size_t> per_key_;  // only keys holding permits
};

}  // namespace sb::http
