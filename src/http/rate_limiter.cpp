#include "http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace sb::http {

RateLimiter::RateLimiter(RateLimit limit, Now now)
    : limit_(limit),
      burst_(limit.burst > 0 ? limit.burst : std::max(1.0, limit.per_second)),
      now_(std::move(now)) {}

int64_t RateLimiter::Take(int64_t key) {
  if (!enabled()) return 0;
  const auto now = now_();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= std::max<size_t>(limit_.max_keys, 1)) Evict();
    lru_.push_front(key);
    it = buckets_.emplace(key, Bucket{burst_, now, lru_.begin()}).first;
  } else {
    lru_.splice(lru_.begin(), lru_, it->second.lru);
  }
  Bucket& b = it->second;
  const double elapsed = std::chrono::duration<double>(now - b.at).count();
  b.tokens = std::min(burst_, b.tokens + std::max(0.0, elapsed) * limit_.per_second);
  b.at = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  const double wait = (1.0 - b.tokens) / limit_.per_second;
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait)));
}

size_t RateLimiter::keys() const {
  std::lock_guard<std::mutex> lock(mu_);
  return buckets_.size();
}

void RateLimiter::Evict() {
  // Full buckets first: forgetting them changes nothing. Looked for among the
  // least recently used, so the scan is short.
  const auto now = now_();
  size_t looked = 0;
  for (auto it = lru_.rbegin(); it != lru_.rend() && looked < 64; ++it, ++looked) {
    const Bucket& b = buckets_.at(*it);
    const double elapsed = std::chrono::duration<double>(now - b.at).count();
    if (b.tokens + elapsed * limit_.per_second >= burst_) {
      int64_t key = *it;
      lru_.erase(std::next(it).base());
      buckets_.erase(key);
      return;
    }
  }
  buckets_.erase(lru_.back());
  lru_.pop_back();
}

}  // namespace sb::http
