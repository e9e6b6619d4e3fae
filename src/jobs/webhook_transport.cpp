#include "jobs/webhook_transport.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <netdb.h>
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

struct Resolved {
  std::vector<std::string> addresses;  // numeric
  std::string refused;                 // why the host may not be used, or empty
  std::string error;                   // resolution failed, or empty
};

// Resolves `host` and checks every address it has.
Resolved Resolve(const std::string& host, int port, bool allow_private) {
  Resolved out;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  if (rc != 0) {
    out.error = std::string("cannot resolve ") + host + ": " + gai_strerror(rc);
    return out;
  }
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    if (!allow_private) {
      AddressScope scope = ClassifySocketAddress(a->ai_addr);
      if (!IsPublicScope(scope)) {
        out.refused =
            std::string("the target resolves to a ") + AddressScopeName(scope) + " address";
        break;
      }
    }
    char text[NI_MAXHOST];
    if (getnameinfo(a->ai_addr, a->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) ==
        0) {
      out.addresses.emplace_back(text);
    }
  }
  freeaddrinfo(found);
  if (out.refused.empty() && out.addresses.empty()) out.error = "no address for " + host;
  return out;
}

}  // namespace

CurlWebhookTransport::CurlWebhookTransport(bool allow_private, std::chrono::milliseconds timeout)
    : allow_private_(allow_private), timeout_(timeout) {
  GlobalInit();
}

WebhookPostResult CurlWebhookTransport::Post(const WebhookPost& post) {
  WebhookPostResult out;
  auto url = domain::ParseWebhookUrl(post.url);
  if (!url) {
    out.outcome = WebhookPostResult::Outcome::kRefused;
    out.error = "the URL is not an absolute http or https URL";
    return out;
  }
  SlistPtr pinned;
  if (!ClassifyIpLiteral(url->host)) {
    Resolved resolved = Resolve(url->host, url->port, allow_private_);
    if (!resolved.refused.empty()) {
      out.outcome = WebhookPostResult::Outcome::kRefused;
      out.error = resolved.refused;
      return out;
    }
    if (!resolved.error.empty()) {
      out.error = resolved.error;
      return out;
    }
    std::string entry = url->host + ":" + std::to_string(url->port) + ":";
    for (size_t i = 0; i < resolved.addresses.size(); ++i) {
      if (i > 0) entry += ',';
      entry += resolved.addresses[i];
    }
    Append(pinned, entry);
  }

  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    out.error = "cannot start an HTTP client";
    return out;
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
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
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
    out.outcome = WebhookPostResult::Outcome::kRefused;
    out.error = guard.refused;
    return out;
  }
  if (rc != CURLE_OK) {
    out.error = rc == CURLE_OPERATION_TIMEDOUT ? "timed out" : curl_easy_strerror(rc);
    return out;
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  out.outcome = WebhookPostResult::Outcome::kResponse;
  out.status = static_cast<int>(status);
  return out;
}

}  // namespace sb::jobs
