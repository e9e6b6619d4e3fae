#include "jobs/webhook_resolver.hpp"

#include <netdb.h>
#include <sys/socket.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace sb::jobs {
namespace {

// Lookups started and not yet returned, timed-out ones included.
std::atomic<int> pending_lookups{0};

// What the waiting caller and the lookup's thread share: the caller may have
// given up (and gone) by the time the lookup returns.
struct Shared {
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  Resolution answer;
};

}  // namespace

Resolution SystemHostResolver::Resolve(const std::string& host, int port) {
  Resolution out;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  if (rc != 0) {
    out.detail = std::string("cannot resolve ") + host + ": " + gai_strerror(rc);
    return out;
  }
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    char text[NI_MAXHOST];
    if (getnameinfo(a->ai_addr, a->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) ==
        0) {
      out.addresses.emplace_back(text);
    }
  }
  freeaddrinfo(found);
  if (out.addresses.empty()) {
    out.detail = "no address for " + host;
    return out;
  }
  out.status = Resolution::Status::kOk;
  return out;
}

Resolution ResolveWithin(const std::shared_ptr<HostResolver>& resolver, const std::string& host,
                         int port, std::chrono::milliseconds timeout) {
  Resolution out;
  if (pending_lookups.fetch_add(1) >= kMaxPendingLookups) {
    pending_lookups.fetch_sub(1);
    out.detail = "too many name lookups pending; not resolving " + host;
    return out;
  }
  auto shared = std::make_shared<Shared>();
  try {
    std::thread([shared, resolver, host, port] {
      Resolution answer;
      try {
        answer = resolver->Resolve(host, port);
      } catch (const std::exception& e) {
        answer.detail = std::string("resolver failed: ") + e.what();
      } catch (...) {
        answer.detail = "resolver failed";
      }
      pending_lookups.fetch_sub(1);
      std::lock_guard<std::mutex> lock(shared->mu);
      shared->answer = std::move(answer);
      shared->done = true;
      shared->done_cv.notify_all();
    }).detach();
  } catch (const std::system_error& e) {
    pending_lookups.fetch_sub(1);
    out.detail = std::string("cannot start a name lookup: ") + e.what();
    return out;
  }
  std::unique_lock<std::mutex> lock(shared->mu);
  if (!shared->done_cv.wait_for(lock, timeout, [&] { return shared->done; })) {
    out.status = Resolution::Status::kTimeout;
    out.detail = "resolving " + host + " took longer than the delivery timeout";
    return out;
  }
  out = std::move(shared->answer);
  if (out.status == Resolution::Status::kTimeout) out.status = Resolution::Status::kFailed;
  if (out.status == Resolution::Status::kOk && out.addresses.empty()) {
    out.status = Resolution::Status::kFailed;
    out.detail = "no address for " + host;
  }
  return out;
}

}  // namespace sb::jobs
