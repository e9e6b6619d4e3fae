#include "http/base_url.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>

namespace sb::http {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool IsDnsLabelChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

bool IsValidHostName(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  size_t start = 0;
  while (start <= host.size()) {
    size_t dot = host.find('.', start);
    if (dot == std::string_view::npos) dot = host.size();
    std::string_view label = host.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-' ||
        !std::all_of(label.begin(), label.end(), IsDnsLabelChar)) {
      return false;
    }
    start = dot + 1;
  }
  return true;
}

bool IsValidPort(std::string_view port) {
  if (port.empty() || port.size() > 5 || port.front() == '0') return false;
  int value = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return value >= 1 && value <= 65535;
}

bool IsPathChar(char c) {
  return IsDnsLabelChar(c) ||
         std::string_view("._~!$&'()*+,;=:@/%").find(c) != std::string_view::npos;
}

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// A path prefix: "/seg/seg", percent escapes well formed, no "." or ".."
// segment, no empty one but a trailing slash (which is dropped).
Result<std::string> ParsePathPrefix(std::string_view path) {
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  for (size_t i = 0; i < path.size(); ++i) {
    if (!IsPathChar(path[i])) {
      return Error(ErrorCode::kBadRequest, "the path may hold only URL path characters");
    }
    if (path[i] == '%' && (i + 2 >= path.size() || !IsHex(path[i + 1]) || !IsHex(path[i + 2]))) {
      return Error(ErrorCode::kBadRequest, "a % in the path must start an escape (%2F)");
    }
  }
  size_t start = 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view segment = path.substr(start, slash - start);
    if (segment.empty() || segment == "." || segment == "..") {
      return Error(ErrorCode::kBadRequest, "the path may not hold empty, . or .. segments");
    }
    start = slash + 1;
  }
  return std::string(path);
}

}  // namespace

bool IsValidHostPort(std::string_view text) {
  std::string_view host = text;
  std::string_view port;
  bool has_port = false;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos) return false;
    host = text.substr(0, close + 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      has_port = true;
      port = rest.substr(1);
    }
    const std::string literal(host.substr(1, host.size() - 2));
    in6_addr v6{};
    if (literal.empty() || inet_pton(AF_INET6, literal.c_str(), &v6) != 1) return false;
  } else {
    const size_t colon = text.find(':');
    if (colon != std::string_view::npos) {
      host = text.substr(0, colon);
      port = text.substr(colon + 1);
      has_port = true;
    }
    // A dotted quad is a valid host name too; the two need no telling apart.
    if (!IsValidHostName(host)) return false;
  }
  return !has_port || IsValidPort(port);
}

Result<std::string> ParsePublicUrl(std::string_view text) {
  const size_t sep = text.find("://");
  if (sep == std::string_view::npos) {
    return Error(ErrorCode::kBadRequest, "must be an absolute URL, http://HOST[:PORT][/PREFIX]");
  }
  const std::string scheme = Lower(text.substr(0, sep));
  if (scheme != "http" && scheme != "https") {
    return Error(ErrorCode::kBadRequest, "the scheme must be http or https");
  }
  std::string_view rest = text.substr(sep + 3);
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return Error(ErrorCode::kBadRequest, "may not have a query or a fragment");
  }
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (authority.find('@') != std::string_view::npos) {
    return Error(ErrorCode::kBadRequest, "may not hold user information (user@)");
  }
  if (!IsValidHostPort(authority)) {
    return Error(ErrorCode::kBadRequest, "needs a valid host, and a port in 1..65535 if any");
  }
  std::string path;
  if (slash != std::string_view::npos) {
    SB_ASSIGN_OR_RETURN(path, ParsePathPrefix(rest.substr(slash)));
  }
  return scheme + "://" + Lower(authority) + path;
}

std::string DefaultBaseUrl(std::string_view listen_host, uint16_t port) {
  std::string host(listen_host);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty() || host == "0.0.0.0" || host == "::" || host == "::0") {
    host = "localhost";
  } else if (host.find(':') != std::string::npos) {
    host = "[" + host + "]";
  }
  return "http://" + host + ":" + std::to_string(port);
}

std::string ResolveBaseUrl(const BaseUrlPolicy& policy, std::string_view peer_address,
                           const ForwardedHeaders& forwarded) {
  if (!policy.public_url.empty()) return policy.public_url;
  const std::string_view fallback =
      policy.default_url.empty() ? std::string_view("http://localhost") : policy.default_url;
  const size_t sep = fallback.find("://");
  if (sep == std::string_view::npos || policy.trusted_proxies.empty() ||
      !AnyContains(policy.trusted_proxies, peer_address)) {
    return std::string(fallback);
  }
  std::string scheme(fallback.substr(0, sep));
  std::string authority(fallback.substr(sep + 3));
  if (forwarded.proto != nullptr) {
    const std::string proto = Lower(*forwarded.proto);
    if (proto == "http" || proto == "https") scheme = proto;
  }
  if (forwarded.host != nullptr && IsValidHostPort(*forwarded.host)) {
    authority = Lower(*forwarded.host);
  }
  return scheme + "://" + authority;
}

}  // namespace sb::http
