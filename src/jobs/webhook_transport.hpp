// The HTTP POST of a webhook delivery, behind an interface so the dispatcher
// can be tested without a network.
//
// CurlWebhookTransport (libcurl) posts with a total timeout (10 s by
// default), follows no redirect (a 3xx is the answer), speaks only http and
// https, ignores proxy settings of the environment, and refuses targets in
// the server's own networks unless `allow_private`: it resolves the URL's
// host itself, refuses the delivery when any address it resolves to is not
// public (core/ip_address.hpp), pins curl to the vetted addresses
// (CURLOPT_RESOLVE) and checks again the address of every socket curl opens
// (CURLOPT_OPENSOCKETFUNCTION), so a DNS answer that changes between the
// check and the connection (DNS rebinding) cannot reach a private address.
//
// Thread-safety: Post may be called from several threads at once.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace sb::jobs {

struct WebhookPost {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
  std::string body;                                          // JSON
};

struct WebhookPostResult {
  enum class Outcome {
    kResponse,  // the receiver answered with `status`
    kFailed,    // no answer: DNS, connection, TLS or timeout (`error` says which)
    kRefused,   // not sent: the target is not allowed (`error` says why)
  };
  Outcome outcome = Outcome::kFailed;
  int status = 0;
  std::string error;
};

class WebhookTransport {
 public:
  virtual ~WebhookTransport() = default;
  virtual WebhookPostResult Post(const WebhookPost& post) = 0;
};

class CurlWebhookTransport final : public WebhookTransport {
 public:
  explicit CurlWebhookTransport(bool allow_private,
                                std::chrono::milliseconds timeout = std::chrono::seconds(10));
  WebhookPostResult Post(const WebhookPost& post) override;

 private:
  const bool allow_private_;
  const std::chrono::milliseconds timeout_;
};

}  // namespace sb::jobs
