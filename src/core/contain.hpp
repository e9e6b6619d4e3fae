// Containment of exceptions in work that runs outside a request handler: an
// I/O thread's loop, a callback of one client connection, one webhook
// delivery, one lease sweep. This project reports failures as Error
// (core/result.hpp), so an exception reaching one of these places is a bug (or
// std::bad_alloc); unchecked, it would end the process, and with it the calls
// of every organization. Contain() ends only the unit of work it ran: it logs
// the exception with what was running, counts it for its site, and returns
// false, so that the caller releases what the unit held and carries on.
//
// Thread-safety: everything here may be called from any thread at once. The
// counters are process-wide atomics that only grow (tests read them, and so
// can metrics).
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace sb {

// Where an exception was contained; each site has its own counter.
enum class ContainSite {
  kIoThread,    // escaped an HTTP I/O thread's event loop (io_context::run)
  kConnection,  // a callback of one HTTP connection; the connection is closed
  kWebhook,     // one webhook delivery, or a round of the dispatcher's loop
  kLeaseSweep,  // one round of the lease sweeper
};
inline constexpr size_t kContainSiteCount = 4;

// A stable name for logs and metrics: "io_thread", "connection", "webhook",
// "lease_sweep".
std::string_view ContainSiteName(ContainSite site);

// Exceptions contained at `site` since the process started.
int64_t ContainedExceptions(ContainSite site);
// At all sites together.
int64_t ContainedExceptions();

namespace contain_detail {

// Logs (error level) and counts one contained exception. Never throws.
void Report(ContainSite site, std::string_view what, std::string_view reason) noexcept;

template <typename What>
void ReportAs(ContainSite site, const What& what, std::string_view reason) noexcept {
  if constexpr (std::is_invocable_v<const What&>) {
    std::string text;
    try {
      text = what();
    } catch (...) {
      text = "work that could not be described";
    }
    Report(site, text, reason);
  } else {
    Report(site, std::string_view(what), reason);
  }
}

}  // namespace contain_detail

// Runs `work()`. True when it returned; false when an exception escaped it,
// which is then logged as "<what>: unexpected exception: <why> (contained at
// <site>)" and counted for `site`. `what` names the unit of work ("webhook delivery
// 0190...", "connection 10.0.0.1:5555 read"): a string, or a callable that
// returns one, called only when an exception was caught, so that the normal
// path formats nothing. What `work` returns is ignored.
template <typename What, typename Work>
bool Contain(ContainSite site, const What& what, Work&& work) noexcept {
  try {
    static_cast<void>(std::forward<Work>(work)());
    return true;
  } catch (const std::exception& e) {
    contain_detail::ReportAs(site, what, e.what());
  } catch (...) {
    contain_detail::ReportAs(site, what, "an exception not derived from std::exception");
  }
  return false;
}

}  // namespace sb
