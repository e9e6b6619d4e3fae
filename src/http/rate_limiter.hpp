// Per-key request rate limits (a token bucket per key, e.g. per API token):
// each key may make `burst` requests at once and `per_second` requests a
// second on average. Off unless configured (per_second 0).
//
// Memory is bounded: at most `max_keys` buckets are kept; a full bucket
// carries no information (a new one is full too), so full buckets are
// dropped first, and past the cap the least recently used bucket goes.
//
// Time is injected (a steady clock in production), so tests control it.
// Thread-safety: Take() may be called from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <unordered_map>

namespace sb::http {

struct RateLimit {
  double per_second = 0;  // 0: no limit
  double burst = 0;       // 0: one second's worth (at least 1)
  size_t max_keys = 100000;
};

class RateLimiter {
 public:
  using Now = std::function<std::chrono::steady_clock::time_point()>;

  explicit RateLimiter(
      RateLimit limit, Now now = [] { return std::chrono::steady_clock::now(); });

  bool enabled() const { return limit_.per_second > 0; }

  // Takes one request from `key`'s bucket: 0 when it may go ahead, otherwise
  // the whole seconds to wait before the next one would (Retry-After, >= 1).
  int64_t Take(int64_t key);

  size_t keys() const;

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point at;
    std::list<int64_t>::iterator lru;
  };
  void Evict();

  RateLimit limit_;
  double burst_;
  Now now_;
  mutable std::mutex mu_;
  std::unordered_map<int64_t, Bucket> buckets_;
  std::list<int64_t> lru_;  // most recent first
};

}  // namespace sb::http
