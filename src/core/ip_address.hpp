// Classification of IP addresses, for refusing webhook targets inside the
// server's own network (server-side request forgery). Thread-safe; pure.
#pragma once

#include <sys/socket.h>

#include <optional>
#include <string_view>

namespace sb {

enum class AddressScope {
  kPublic,       // anything below does not hold
  kUnspecified,  // 0.0.0.0/8, ::
  kLoopback,     // 127.0.0.0/8, ::1
  kPrivate,      // RFC 1918 (10/8, 172.16/12, 192.168/16), CGNAT 100.64/10
  kLinkLocal,    // 169.254/16, fe80::/10
  kUniqueLocal,  // fc00::/7
  kMulticast,    // 224.0.0.0/4, ff00::/8
  kReserved,     // 240.0.0.0/4 and 255.255.255.255, 192.0.0.0/24, 198.18/15,
                 // the documentation ranges, site-local fec0::/10
};

// The scope of an IPv4 (dotted quad) or IPv6 literal, brackets allowed
// ("[::1]"); an IPv4-mapped or -compatible IPv6 address (::ffff:127.0.0.1) and
// NAT64 (64:ff9b::/96) have the scope of the IPv4 address they carry. nullopt
// when `text` is not an IP literal (a host name).
std::optional<AddressScope> ClassifyIpLiteral(std::string_view text);

// The scope of a socket address (AF_INET or AF_INET6); any other family is
// kReserved.
AddressScope ClassifySocketAddress(const sockaddr* address);

// Only public addresses may be webhook targets (unless explicitly allowed).
inline bool IsPublicScope(AddressScope scope) { return scope == AddressScope::kPublic; }

// "loopback", "private", ...: for error messages.
const char* AddressScopeName(AddressScope scope);

}  // namespace sb
