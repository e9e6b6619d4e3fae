// Caches list totals per (organization, write generation, filter). Every write
// to an organization runs in a unit of work (services/unit_of_work.hpp) that
// bumps its generation (BumpGeneration), so a cached total
// can never be served after a change: the key no longer matches. Several
// processes sharing one database stay correct because the generation lives in
// the database, not here. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace sb::store {

class CountCache {
 public:
  explicit CountCache(size_t max_entries = 20000) : max_entries_(max_entries) {}

  std::optional<int64_t> Get(int64_t org, int64_t generation, const std::string& filter_key);
  void Put(int64_t org, int64_t generation, const std::string& filter_key, int64_t total);

 private:
  static std::string Key(int64_t org, int64_t generation, const std::string& filter_key);

  size_t max_entries_;
  std::mutex mu_;
  std::unordered_map<std::string, int64_t> totals_;
};

}  // namespace sb::store
