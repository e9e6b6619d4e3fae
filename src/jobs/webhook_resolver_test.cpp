#include "jobs/webhook_resolver.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "jobs/webhook_transport.hpp"

namespace sb::jobs {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// Answers `answer` after `delay`, or as soon as released.
class ScriptedResolver final : public HostResolver {
 public:
  ScriptedResolver(milliseconds delay, Resolution answer)
      : delay_(delay), answer_(std::move(answer)) {}

  Resolution Resolve(const std::string& host, int /*port*/) override {
    std::unique_lock<std::mutex> lock(mu_);
    hosts_.push_back(host);
    cv_.wait_for(lock, delay_, [this] { return released_; });
    ++done_;
    cv_.notify_all();
    return answer_;
  }

  // Lets a waiting lookup return now, and waits until `n` lookups returned.
  void ReleaseAndWait(int n) {
    std::unique_lock<std::mutex> lock(mu_);
    released_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return done_ >= n; });
  }

  std::vector<std::string> hosts() {
    std::lock_guard<std::mutex> lock(mu_);
    return hosts_;
  }

 private:
  const milliseconds delay_;
  const Resolution answer_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool released_ = false;
  int done_ = 0;
  std::vector<std::string> hosts_;
};

Resolution Addresses(std::vector<std::string> addresses) {
  Resolution r;
  r.status = Resolution::Status::kOk;
  r.addresses = std::move(addresses);
  return r;
}

milliseconds Since(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
}

// A TCP socket on 127.0.0.1 that accepts connections (the kernel's backlog)
// and never answers.
class SilentListener {
 public:
  SilentListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), len), 0);
    EXPECT_EQ(listen(fd_, 16), 0);
    EXPECT_EQ(getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentListener() { close(fd_); }
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(WebhookResolver, AnAnswerWithinTheTimeoutIsReturned) {
  auto resolver = std::make_shared<ScriptedResolver>(milliseconds(0), Addresses({"192.0.2.1"}));
  Resolution r = ResolveWithin(resolver, "hooks.example.com", 443, milliseconds(5000));
  EXPECT_EQ(r.status, Resolution::Status::kOk);
  EXPECT_EQ(r.addresses, std::vector<std::string>{"192.0.2.1"});
  EXPECT_EQ(resolver->hosts(), std::vector<std::string>{"hooks.example.com"});
}

TEST(WebhookResolver, AFailedLookupIsAFailureNotATimeout) {
  Resolution nothing;
  nothing.detail = "cannot resolve hooks.example.com";
  auto resolver = std::make_shared<ScriptedResolver>(milliseconds(0), nothing);
  Resolution r = ResolveWithin(resolver, "hooks.example.com", 443, milliseconds(5000));
  EXPECT_EQ(r.status, Resolution::Status::kFailed);
  EXPECT_EQ(r.detail, "cannot resolve hooks.example.com");
  // An "answer" without any address is a failure too.
  auto empty = std::make_shared<ScriptedResolver>(milliseconds(0), Addresses({}));
  EXPECT_EQ(ResolveWithin(empty, "x.example.com", 443, milliseconds(5000)).status,
            Resolution::Status::kFailed);
}

TEST(WebhookResolver, ASlowLookupTimesOutAtTheDeadline) {
  auto resolver = std::make_shared<ScriptedResolver>(milliseconds(60000), Addresses({"192.0.2.1"}));
  const auto start = Clock::now();
  Resolution r = ResolveWithin(resolver, "slow.example.com", 443, milliseconds(200));
  const milliseconds took = Since(start);
  EXPECT_EQ(r.status, Resolution::Status::kTimeout);
  EXPECT_TRUE(r.addresses.empty());
  EXPECT_GE(took.count(), 190);
  EXPECT_LT(took.count(), 5000);
  resolver->ReleaseAndWait(1);  // the abandoned lookup still returns
}

TEST(WebhookTransportResolution, ASlowResolverFailsTheDeliveryWithTimeout) {
  auto resolver = std::make_shared<ScriptedResolver>(milliseconds(60000), Addresses({"192.0.2.1"}));
  CurlWebhookTransport transport(/*allow_private=*/false, milliseconds(300), resolver);
  const auto start = Clock::now();
  WebhookPostResult r = transport.Post({"https://slow.example.com/hook", {}, "{}"});
  const milliseconds took = Since(start);
  EXPECT_EQ(r.outcome, WebhookPostResult::Outcome::kFailed);
  EXPECT_EQ(r.failure, WebhookFailure::kTimeout);
  EXPECT_EQ(WebhookFailureCode(r.failure), "timeout");
  EXPECT_LT(took.count(), 5000);
  resolver->ReleaseAndWait(1);
}

TEST(WebhookTransportResolution, ResolutionTimeCountsAgainstTheRequest) {
  SilentListener silent;
  // Resolution takes most of the 1.5 s budget; what is left is all the
  // request gets (without that, 1.2 s + 1.5 s).
  auto resolver = std::make_shared<ScriptedResolver>(milliseconds(1200), Addresses({"127.0.0.1"}));
  CurlWebhookTransport transport(/*allow_private=*/true, milliseconds(1500), resolver);
  const auto start = Clock::now();
  WebhookPostResult r = transport.Post(
      {"http://silent.example.com:" + std::to_string(silent.port()) + "/hook", {}, "{}"});
  const milliseconds took = Since(start);
  EXPECT_EQ(r.outcome, WebhookPostResult::Outcome::kFailed);
  EXPECT_EQ(r.failure, WebhookFailure::kTimeout) << r.detail;
  EXPECT_GE(took.count(), 1400);
  EXPECT_LT(took.count(), 2300);
}

TEST(WebhookTransportResolution, ANonPublicAnswerIsABlockedAddress) {
  for (const std::string address : {"10.1.2.3", "127.0.0.1", "fe80::1%eth0", "not-an-ip"}) {
    SCOPED_TRACE(address);
    auto resolver =
        std::make_shared<ScriptedResolver>(milliseconds(0), Addresses({"93.184.216.34", address}));
    CurlWebhookTransport transport(/*allow_private=*/false, milliseconds(2000), resolver);
    WebhookPostResult r = transport.Post({"https://hooks.example.com/hook", {}, "{}"});
    EXPECT_EQ(r.outcome, WebhookPostResult::Outcome::kRefused);
    EXPECT_EQ(r.failure, WebhookFailure::kBlockedAddress);
    // The address is in the detail (for the log), never in the code.
    EXPECT_NE(r.detail.find(address), std::string::npos) << r.detail;
    EXPECT_EQ(WebhookFailureCode(r.failure), "blocked_address");
  }
}

TEST(WebhookTransportResolution, ANameThatDoesNotResolveIsDnsFailed) {
  Resolution nothing;
  nothing.detail = "cannot resolve internal.corp: Name or service not known";
  auto resolver = std::make_shared<ScriptedResolver>(milliseconds(0), nothing);
  CurlWebhookTransport transport(/*allow_private=*/false, milliseconds(2000), resolver);
  WebhookPostResult r = transport.Post({"https://internal.corp/hook", {}, "{}"});
  EXPECT_EQ(r.outcome, WebhookPostResult::Outcome::kFailed);
  EXPECT_EQ(r.failure, WebhookFailure::kDnsFailed);
  EXPECT_EQ(WebhookFailureCode(r.failure), "dns_failed");
}

}  // namespace
}  // namespace sb::jobs
