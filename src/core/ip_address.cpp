#include "core/ip_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

namespace sb {
namespace {

AddressScope ClassifyV4(uint32_t a) {  // host byte order
  auto in = [a](uint32_t net, int bits) {
    uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
    return (a & mask) == net;
  };
  if (in(0x00000000, 8)) return AddressScope::kUnspecified;
  if (in(0x7F000000, 8)) return AddressScope::kLoopback;
  if (in(0x0A000000, 8) || in(0xAC100000, 12) || in(0xC0A80000, 16) || in(0x64400000, 10)) {
    return AddressScope::kPrivate;
  }
  if (in(0xA9FE0000, 16)) return AddressScope::kLinkLocal;
  if (in(0xE0000000, 4)) return AddressScope::kMulticast;
  if (in(0xF0000000, 4) || in(0xC0000000, 24) || in(0xC6120000, 15) || in(0xC0000200, 24) ||
      in(0xC6336400, 24) || in(0xCB007100, 24)) {
    return AddressScope::kReserved;
  }
  return AddressScope::kPublic;
}

uint32_t V4At(const uint8_t* b) {
  return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | uint32_t{b[3]};
}

AddressScope ClassifyV6(const std::array<uint8_t, 16>& b) {
  auto zero = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      if (b[i] != 0) return false;
    }
    return true;
  };
  if (zero(0, 16)) return AddressScope::kUnspecified;
  if (zero(0, 15) && b[15] == 1) return AddressScope::kLoopback;
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible, deprecated), and the
  // NAT64 prefix 64:ff9b::/96 reach the IPv4 address they carry.
  if (zero(0, 10) && b[10] == 0xFF && b[11] == 0xFF) return ClassifyV4(V4At(&b[12]));
  if (zero(0, 12)) return ClassifyV4(V4At(&b[12]));
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && zero(4, 12)) {
    return ClassifyV4(V4At(&b[12]));
  }
  if ((b[0] & 0xFE) == 0xFC) return AddressScope::kUniqueLocal;
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return AddressScope::kLinkLocal;
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) return AddressScope::kReserved;  // site-local
  if (b[0] == 0xFF) return AddressScope::kMulticast;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) {
    return AddressScope::kReserved;  // 2001:db8::/32, documentation
  }
  return AddressScope::kPublic;
}

}  // namespace

std::optional<AddressScope> ClassifyIpLiteral(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::string s(text);
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) return ClassifyV4(ntohl(v4.s_addr));
  // The legacy IPv4 forms getaddrinfo also takes as literals ("127.1",
  // "2130706433", "0x7f.0.0.1").
  if (inet_aton(s.c_str(), &v4) != 0) return ClassifyV4(ntohl(v4.s_addr));
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::array<uint8_t, 16> b{};
    std::memcpy(b.data(), &v6, b.size());
    return ClassifyV6(b);
  }
  return std::nullopt;
}

AddressScope ClassifySocketAddress(const sockaddr* address) {
  if (address == nullptr) return AddressScope::kReserved;
  if (address->sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, address, sizeof in);
    return ClassifyV4(ntohl(in.sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, address, sizeof in6);
    std::array<uint8_t, 16> b{};
    std::memcpy(b.data(), &in6.sin6_addr, b.size());
    return ClassifyV6(b);
  }
  return AddressScope::kReserved;
}

const char* AddressScopeName(AddressScope scope) {
  switch (scope) {
    case AddressScope::kPublic:
      return "public";
    case AddressScope::kUnspecified:
      return "unspecified";
    case AddressScope::kLoopback:
      return "loopback";
    case AddressScope::kPrivate:
      return "private";
    case AddressScope::kLinkLocal:
      return "link-local";
    case AddressScope::kUniqueLocal:
      return "unique-local";
    case AddressScope::kMulticast:
      return "multicast";
    case AddressScope::kReserved:
      return "reserved";
  }
  return "reserved";
}

}  // namespace sb
