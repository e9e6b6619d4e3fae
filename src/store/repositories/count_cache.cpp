#include "store/repositories/count_cache.hpp"

namespace sb::store {

std::string CountCache::Key(int64_t org, int64_t generation, const std::string& filter_key) {
  return std::to_string(org) + '|' + std::to_string(generation) + '|' + filter_key;
}

std::optional<int64_t> CountCache::Get(int64_t org, int64_t generation,
                                       const std::string& filter_key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = totals_.find(Key(org, generation, filter_key));
  if (it == totals_.end()) return std::nullopt;
  return it->second;
}

void CountCache::Put(int64_t org, int64_t generation, const std::string& filter_key,
                     int64_t total) {
  std::lock_guard<std::mutex> lock(mu_);
  // Entries of old generations are dead weight; dropping everything now and
  // then is simpler than an LRU and costs one recount per live filter.
  if (totals_.size() >= max_entries_) totals_.clear();
  totals_[Key(org, generation, filter_key)] = total;
}

}  // namespace sb::store
