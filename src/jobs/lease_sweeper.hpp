// Returns pool members whose worker's lease ran out (the worker died, hung or
// lost its network): a member never dialled goes back to the queue, a call in
// progress counts as a failed attempt (services::DialerService). Runs in
// `serve` on its own thread; several processes on one database may each run
// one, since every member is swept under its row lock and only once.
//
// Thread-safety: Start/Stop from one thread; RunOnce from any.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "store/drivers/database.hpp"

namespace sb::jobs {

class LeaseSweeper {
 public:
  LeaseSweeper(db::Database& db, const Clock& clock, IdGenerator& ids,
               std::chrono::milliseconds interval = std::chrono::seconds(5))
      : db_(db), clock_(clock), ids_(ids), interval_(interval) {}
  ~LeaseSweeper() { Stop(); }
  LeaseSweeper(const LeaseSweeper&) = delete;
  LeaseSweeper& operator=(const LeaseSweeper&) = delete;

  // Sweeps until nothing is left to sweep; the number of members returned.
  Result<int64_t> RunOnce();

  // Sweeps every interval on a background thread until Stop(); failures are
  // logged and retried at the next interval, and so are exceptions (also
  // counted, see core/contain.hpp).
  void Start();
  void Stop();

 private:
  db::Database& db_;
  const Clock& clock_;
  IdGenerator& ids_;
  const std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sb::jobs
