#include "jobs/lease_sweeper.hpp"

#include <spdlog/spdlog.h>

#include "core/contain.hpp"
#include "services/dialer_service.hpp"

namespace sb::jobs {
namespace {

constexpr int64_t kBatch = 500;

}  // namespace

Result<int64_t> LeaseSweeper::RunOnce() {
  SB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  services::DialerService dialer(*conn, clock_, ids_);
  int64_t total = 0;
  while (true) {
    SB_ASSIGN_OR_RETURN(int64_t swept, dialer.SweepExpiredLeases(kBatch));
    total += swept;
    if (swept < kBatch) return total;
  }
}

void LeaseSweeper::Start() {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      lock.unlock();
      // An exception ends this sweep, not the thread: the next one comes.
      Contain(ContainSite::kLeaseSweep, "a lease sweep", [&] {
        auto swept = RunOnce();
        if (!swept.ok()) {
          spdlog::warn("lease sweep failed: {}", swept.error().details());
        } else if (*swept > 0) {
          spdlog::info("returned {} pool member(s) whose lease ran out", *swept);
        }
      });
      lock.lock();
      cv_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  });
}

void LeaseSweeper::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace sb::jobs
