// Name resolution of a webhook's host, bounded by the delivery's timeout.
//
// getaddrinfo cannot be cancelled and may block for as long as the system's
// resolver likes (several servers, several tries each). ResolveWithin runs a
// HostResolver on a thread of its own and waits for it at most `timeout`: a
// lookup that takes longer is reported as kTimeout at the deadline and its
// answer, when it comes, is dropped. At most kMaxPendingLookups lookups may be
// outstanding at once (timed-out ones included); past that a lookup fails at
// once rather than piling up threads behind a resolver that does not answer.
//
// Thread-safety: ResolveWithin may be called from several threads at once;
// a HostResolver must be thread-safe (it is shared by those threads).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace sb::jobs {

struct Resolution {
  enum class Status {
    kOk,       // `addresses` holds at least one address
    kFailed,   // no address: the name does not exist, the resolver failed, ...
    kTimeout,  // no answer before the deadline
  };
  Status status = Status::kFailed;
  std::vector<std::string> addresses;  // numeric ("93.184.216.34", "2001:db8::1")
  std::string detail;                  // why it failed, for the server's log only
};

class HostResolver {
 public:
  virtual ~HostResolver() = default;
  // Blocks until `host` (a name, not an IP literal) is resolved for TCP to
  // `port`, or fails; never returns kTimeout itself.
  virtual Resolution Resolve(const std::string& host, int port) = 0;
};

// The system's resolver (getaddrinfo).
class SystemHostResolver final : public HostResolver {
 public:
  Resolution Resolve(const std::string& host, int port) override;
};

inline constexpr int kMaxPendingLookups = 32;

// `resolver`'s answer for host:port if it comes within `timeout`, else
// kTimeout (see above). `resolver` is kept alive until its lookup returns.
Resolution ResolveWithin(const std::shared_ptr<HostResolver>& resolver, const std::string& host,
                         int port, std::chrono::milliseconds timeout);

}  // namespace sb::jobs
