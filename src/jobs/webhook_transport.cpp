#include "jobs/webhook_transport.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <sys/socket.h>

#include <memory>
#include <mutex>
#include <optional>

#include "core/ip_address.hpp"
#include "domain/webhook.hpp"

namespace sb::jobs {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

void Append(SlistPtr& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (grown != nullptr) {
    (void)list.release();
    list.reset(grown);
  }
}

struct SocketGuard {
  bool allow_private = false;
  std::string refused;  // set when a socket to a non-public address was refused
};

// CURLOPT_OPENSOCKETFUNCTION: the last check, on the very address curl is
// about to connect to.
curl_socket_t OpenSocket(void* clientp, curlsocktype /*purpose*/, curl_sockaddr* address) {
  auto* guard = static_cast<SocketGuard*>(clientp);
  if (!guard->allow_private) {
    AddressScope scope = ClassifySocketAddress(&address->addr);
    if (!IsPublicScope(scope)) {
      guard->refused =
          std::string("the target resolves to a ") + AddressScopeName(scope) + " address";
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype, address->protocol);
}

size_t DiscardBody(char* /*data*/, size_t size, size_t nmemb, void* /*userdata*/) {
  return size * nmemb;
}

// The failure a libcurl error stands for.
WebhookFailure FailureOf(CURLcode rc) {
  switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
      return WebhookFailure::kTimeout;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return WebhookFailure::kDnsFailed;
    case CURLE_COULDNT_CONNECT:
      return WebhookFailure::kConnectFailed;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
      return WebhookFailure::kTlsFailed;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return WebhookFailure::kInvalidUrl;
    default:
      return WebhookFailure::kRequestFailed;
  }
}

WebhookPostResult Failed(WebhookPostResult::Outcome outcome, WebhookFailure failure,
                         std::string detail) {
  WebhookPostResult out;
  out.outcome = outcome;
  out.failure = failure;
  out.detail = std::move(detail);
  return out;
}

}  // namespace

std::string_view WebhookFailureCode(WebhookFailure failure) {
  switch (failure) {
    case WebhookFailure::kDnsFailed:
      return "dns_failed";
    case WebhookFailure::kConnectFailed:
      return "connect_failed";
    case WebhookFailure::kTimeout:
      return "timeout";
    case WebhookFailure::kTlsFailed:
      return "tls_failed";
    case WebhookFailure::kBlockedAddress:
      return "blocked_address";
    case WebhookFailure::kInvalidUrl:
      return "invalid_url";
    case WebhookFailure::kRequestFailed:
      break;
  }
  return "request_failed";
}

std::string WebhookStatusCode(int status) { return "http_" + std::to_string(status); }

CurlWebhookTransport::CurlWebhookTransport(bool allow_private, std::chrono::milliseconds timeout,
                                           std::shared_ptr<HostResolver> resolver)
    : allow_private_(allow_private),
      timeout_(timeout),
      resolver_(resolver ? std::move(resolver) : std::make_shared<SystemHostResolver>()) {
  GlobalInit();
}

WebhookPostResult CurlWebhookTransport::Post(const WebhookPost& post) {
  using Outcome = WebhookPostResult::Outcome;
  // One deadline for the whole delivery: resolution, connection, request.
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  auto url = domain::ParseWebhookUrl(post.url);
  if (!url) {
    return Failed(Outcome::kRefused, WebhookFailure::kInvalidUrl,
                  "the URL is not an absolute http or https URL");
  }
  SlistPtr pinned;
  if (!ClassifyIpLiteral(url->host)) {
    Resolution resolved = ResolveWithin(resolver_, url->host, url->port, timeout_);
    if (resolved.status == Resolution::Status::kTimeout) {
      return Failed(Outcome::kFailed, WebhookFailure::kTimeout, resolved.detail);
    }
    if (resolved.status != Resolution::Status::kOk) {
      return Failed(Outcome::kFailed, WebhookFailure::kDnsFailed, resolved.detail);
    }
    std::string entry = url->host + ":" + std::to_string(url->port) + ":";
    for (size_t i = 0; i < resolved.addresses.size(); ++i) {
      const std::string& address = resolved.addresses[i];
      if (!allow_private_) {
        // Anything that is not a plain public address literal is refused.
        std::optional<AddressScope> scope = ClassifyIpLiteral(address);
        if (!scope || !IsPublicScope(*scope)) {
          return Failed(Outcome::kRefused, WebhookFailure::kBlockedAddress,
                        fmt::format("{} resolves to {} ({} address)", url->host, address,
                                    scope ? AddressScopeName(*scope) : "unrecognized"));
        }
      }
      if (i > 0) entry += ',';
      entry += address;
    }
    Append(pinned, entry);
  }
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) {
    return Failed(Outcome::kFailed, WebhookFailure::kTimeout,
                  "no time left after resolving " + url->host);
  }

  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    return Failed(Outcome::kFailed, WebhookFailure::kRequestFailed, "cannot start an HTTP client");
  }
  SlistPtr headers;
  Append(headers, "Content-Type: application/json");
  Append(headers, "Expect:");  // no 100-continue round trip
  for (const auto& [name, value] : post.headers)
    Append(headers, fmt::format("{}: {}", name, value));
  SocketGuard guard{allow_private_, {}};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, post.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROXY, "");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(left.count()));
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, post.body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_USERAGENT, "Switchboard-Webhooks/1");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, DiscardBody);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, OpenSocket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &guard);
  if (pinned) curl_easy_setopt(c, CURLOPT_RESOLVE, pinned.get());

  CURLcode rc = curl_easy_perform(c);
  if (!guard.refused.empty()) {
    return Failed(Outcome::kRefused, WebhookFailure::kBlockedAddress, guard.refused);
  }
  if (rc != CURLE_OK) {
    return Failed(Outcome::kFailed, FailureOf(rc),
                  fmt::format("{} ({})", curl_easy_strerror(rc), url->host));
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  WebhookPostResult out;
  out.outcome = Outcome::kResponse;
  out.status = static_cast<int>(status);
  return out;
}

}  // namespace sb::jobs
