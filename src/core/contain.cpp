#include "core/contain.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>

namespace sb {
namespace {

std::array<std::atomic<int64_t>, kContainSiteCount> counters{};

}  // namespace

std::string_view ContainSiteName(ContainSite site) {
  switch (site) {
    case ContainSite::kIoThread:
      return "io_thread";
    case ContainSite::kConnection:
      return "connection";
    case ContainSite::kWebhook:
      return "webhook";
    case ContainSite::kLeaseSweep:
      return "lease_sweep";
  }
  return "unknown";
}

int64_t ContainedExceptions(ContainSite site) {
  return counters[static_cast<size_t>(site)].load(std::memory_order_relaxed);
}

int64_t ContainedExceptions() {
  int64_t total = 0;
  for (const auto& counter : counters) total += counter.load(std::memory_order_relaxed);
  return total;
}

namespace contain_detail {

void Report(ContainSite site, std::string_view what, std::string_view reason) noexcept {
  counters[static_cast<size_t>(site)].fetch_add(1, std::memory_order_relaxed);
  try {
    spdlog::error("{}: unexpected exception: {} (contained at {})", what, reason,
                  ContainSiteName(site));
  } catch (...) {
    // Nothing left to tell it with; it is counted.
  }
}

}  // namespace contain_detail
}  // namespace sb
