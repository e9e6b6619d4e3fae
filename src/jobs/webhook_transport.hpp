// The HTTP POST of a webhook delivery, behind an interface so the dispatcher
// can be tested without a network.
//
// CurlWebhookTransport (libcurl) posts with a total timeout (10 s by
// default) that covers the name resolution too (jobs/webhook_resolver.hpp:
// a host that does not resolve in time is a kTimeout, and what resolution
// took is taken off the time left for the request), follows no redirect (a
// 3xx is the answer), speaks only http and https, ignores proxy settings of
// the environment, and refuses targets in the server's own networks unless
// `allow_private`: it resolves the URL's host itself, refuses the delivery
// when any address it resolves to is not public (core/ip_address.hpp), pins
// curl to the vetted addresses (CURLOPT_RESOLVE) and checks again the address
// of every socket curl opens (CURLOPT_OPENSOCKETFUNCTION), so a DNS answer
// that changes between the check and the connection (DNS rebinding) cannot
// reach a private address.
//
// What went wrong is a WebhookFailure, whose code (a fixed vocabulary) is all
// a delivery records and shows; `detail` (resolved addresses, host names,
// libcurl's message) is for the server's log only.
//
// Thread-safety: Post may be called from several threads at once.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jobs/webhook_resolver.hpp"

namespace sb::jobs {

// Why a delivery got no answer. Its code is the delivery's last_error.
enum class WebhookFailure {
  kDnsFailed,       // "dns_failed": the host did not resolve
  kConnectFailed,   // "connect_failed": no connection to any address
  kTimeout,         // "timeout": resolution and request took longer than the timeout
  kTlsFailed,       // "tls_failed": the TLS handshake or the certificate failed
  kBlockedAddress,  // "blocked_address": the target is not a public address
  kInvalidUrl,      // "invalid_url": not an absolute http or https URL
  kRequestFailed,   // "request_failed": the connection broke before an answer
};

std::string_view WebhookFailureCode(WebhookFailure failure);
// "http_<status>": the last_error of a delivery the receiver answered with a
// status other than 2xx.
std::string WebhookStatusCode(int status);

struct WebhookPost {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
  std::string body;                                          // JSON
};

struct WebhookPostResult {
  enum class Outcome {
    kResponse,  // the receiver answered with `status`
    kFailed,    // no answer: DNS, connection, TLS or timeout (`failure` says which)
    kRefused,   // not sent: the target is not allowed (`failure` says why)
  };
  Outcome outcome = Outcome::kFailed;
  int status = 0;
  WebhookFailure failure = WebhookFailure::kRequestFailed;  // kFailed, kRefused
  std::string detail;  // for the server's log only, never for the API
};

class WebhookTransport {
 public:
  virtual ~WebhookTransport() = default;
  virtual WebhookPostResult Post(const WebhookPost& post) = 0;
};

class CurlWebhookTransport final : public WebhookTransport {
 public:
  // `resolver` resolves host names (null: the system's resolver).
  explicit CurlWebhookTransport(bool allow_private,
                                std::chrono::milliseconds timeout = std::chrono::seconds(10),
                                std::shared_ptr<HostResolver> resolver = nullptr);
  WebhookPostResult Post(const WebhookPost& post) override;

 private:
  const bool allow_private_;
  const std::chrono::milliseconds timeout_;
  const std::shared_ptr<HostResolver> resolver_;
};

}  // namespace sb::jobs
