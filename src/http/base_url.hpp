// The base of every absolute URL the server writes (page URLs: first_page_url,
// path, ...): "scheme://host[:port][/prefix]", never taken from the request's
// Host header, which any client sets as it likes.
//
// Precedence, first that applies:
//   1. the configured public URL (serve --public-url), always;
//   2. X-Forwarded-Proto / X-Forwarded-Host, only when the direct peer's
//      address is inside a trusted proxy network (serve --trusted-proxy); each
//      counts only when sent once and well formed (proto http or https, host a
//      valid host[:port]); one that does not is replaced by the default's part;
//   3. the default: http://<listen address>:<bound port>, with "localhost"
//      for an unspecified listen address (0.0.0.0, ::).
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip_network.hpp"
#include "core/result.hpp"

namespace sb::http {

// "host", "host:port", "[v6]" or "[v6]:port": a DNS name (labels of letters,
// digits and inner hyphens, 253 characters at most), a dotted quad or a
// bracketed IPv6 literal; the port 1..65535.
bool IsValidHostPort(std::string_view text);

// A public URL as serve --public-url takes it: http or https, a host (see
// IsValidHostPort; no user info), an optional port and path prefix, no query
// or fragment. The answer is normalized: scheme and host lowercase, no
// trailing slash. kBadRequest saying what is wrong otherwise.
Result<std::string> ParsePublicUrl(std::string_view text);

// "http://<host>:<port>" for a server listening on `listen_host`.
std::string DefaultBaseUrl(std::string_view listen_host, uint16_t port);

struct BaseUrlPolicy {
  std::string public_url;   // normalized (ParsePublicUrl); empty: none
  std::string default_url;  // DefaultBaseUrl(...)
  std::vector<IpNetwork> trusted_proxies;
};

// The headers a trusted proxy may set; null when absent or sent more than once.
struct ForwardedHeaders {
  const std::string* proto = nullptr;
  const std::string* host = nullptr;
};

// The base URL for a request from `peer_address` (the socket's peer, an IP
// literal), by the precedence above.
std::string ResolveBaseUrl(const BaseUrlPolicy& policy, std::string_view peer_address,
                           const ForwardedHeaders& forwarded);

}  // namespace sb::http
