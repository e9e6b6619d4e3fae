// IP networks (an address and a prefix length, "10.0.0.0/8", "2001:db8::/32",
// or a single address) and whether an address lies inside one: for deciding
// which peers are trusted proxies (serve --trusted-proxy). Pure; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb {

// An IPv4 or IPv6 address in network byte order. An IPv4-mapped IPv6 address
// (::ffff:a.b.c.d, how a dual-stack listener sees IPv4 peers) is kept as the
// IPv4 address it carries, so it matches IPv4 networks.
struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // the first 4 for IPv4

  // A strict dotted quad or an IPv6 literal (brackets allowed); nullopt for
  // anything else (host names, the legacy IPv4 forms "127.1", "0x7f.0.0.1").
  static std::optional<IpAddress> Parse(std::string_view text);
  size_t size() const { return v6 ? 16 : 4; }
};

class IpNetwork {
 public:
  // "ADDRESS" (the whole address: /32 or /128) or "ADDRESS/BITS", with BITS in
  // 0..32 for IPv4 and 0..128 for IPv6 (decimal, no sign or leading zeros).
  // Bits set past the prefix are cleared ("10.1.2.3/8" is 10.0.0.0/8).
  // nullopt when `text` is neither.
  static std::optional<IpNetwork> Parse(std::string_view text);

  bool Contains(const IpAddress& address) const;
  // False when `address` is not an IP literal.
  bool Contains(std::string_view address) const;

  // "10.0.0.0/8", "2001:db8::/32".
  std::string ToString() const;

 private:
  IpAddress base_;
  int prefix_ = 0;
};

// Whether `address` lies in any of `networks`.
bool AnyContains(const std::vector<IpNetwork>& networks, std::string_view address);

}  // namespace sb
