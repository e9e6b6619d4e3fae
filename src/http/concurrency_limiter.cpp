#include "http/concurrency_limiter.hpp"

namespace sb::http {

std::unique_ptr<ConcurrencyLimiter::Permit> ConcurrencyLimiter::TryAcquire(int64_t key) {
  std::lock_guard<std::mutex> lock(mu_);
  if (total_ >= max_total_) return nullptr;
  size_t& mine = per_key_[key];
  if (mine >= max_per_key_) {
    if (mine == 0) per_key_.erase(key);
    return nullptr;
  }
  ++mine;
  ++total_;
  return std::make_unique<Permit>(this, key);
}

size_t ConcurrencyLimiter::in_use() const {
  std::lock_guard<std::mutex> lock(mu_);
  return total_;
}

void ConcurrencyLimiter::Release(int64_t key) {
  std::lock_guard<std::mutex> lock(mu_);
  --total_;
  auto it = per_key_.find(key);
  if (it != per_key_.end() && --it->second == 0) per_key_.erase(it);
}

}  // namespace sb::http
