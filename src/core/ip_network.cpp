#include "core/ip_network.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace sb {
namespace {

constexpr std::array<uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};

}  // namespace

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  // The longest IPv6 literal with an embedded IPv4 is 45 characters.
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string s(text);
  IpAddress out;
  in_addr v4{};
  // inet_pton takes only the strict dotted quad, unlike inet_aton.
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    std::memcpy(out.bytes.data(), &v4, 4);
    return out;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) != 1) return std::nullopt;
  std::memcpy(out.bytes.data(), &v6, 16);
  if (std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), out.bytes.begin())) {
    IpAddress mapped;
    std::copy(out.bytes.begin() + 12, out.bytes.end(), mapped.bytes.begin());
    return mapped;
  }
  out.v6 = true;
  return out;
}

std::optional<IpNetwork> IpNetwork::Parse(std::string_view text) {
  const size_t slash = text.find('/');
  std::optional<IpAddress> address = IpAddress::Parse(text.substr(0, slash));
  if (!address) return std::nullopt;
  const int max_bits = static_cast<int>(address->size() * 8);
  int bits = max_bits;
  if (slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3 || (digits.size() > 1 && digits[0] == '0')) {
      return std::nullopt;
    }
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
    if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    // A mapped address written with an IPv6 prefix ("::ffff:10.0.0.0/104")
    // keeps its meaning on the IPv4 address it carries.
    if (!address->v6 && text.substr(0, slash).find(':') != std::string_view::npos) bits -= 96;
    if (bits < 0 || bits > max_bits) return std::nullopt;
  }
  IpNetwork network;
  network.base_ = *address;
  network.prefix_ = bits;
  for (size_t i = 0; i < network.base_.bytes.size(); ++i) {
    const int kept = std::clamp(bits - static_cast<int>(i) * 8, 0, 8);
    network.base_.bytes[i] &= static_cast<uint8_t>(0xFF00 >> kept);
  }
  return network;
}

bool IpNetwork::Contains(const IpAddress& address) const {
  if (address.v6 != base_.v6) return false;
  for (size_t i = 0; i < address.size(); ++i) {
    const int kept = std::clamp(prefix_ - static_cast<int>(i) * 8, 0, 8);
    if (kept == 0) return true;
    const auto mask = static_cast<uint8_t>(0xFF00 >> kept);
    if ((address.bytes[i] & mask) != base_.bytes[i]) return false;
  }
  return true;
}

bool IpNetwork::Contains(std::string_view address) const {
  std::optional<IpAddress> parsed = IpAddress::Parse(address);
  return parsed && Contains(*parsed);
}

std::string IpNetwork::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(base_.v6 ? AF_INET6 : AF_INET, base_.bytes.data(), buf, sizeof buf);
  return std::string(buf) + "/" + std::to_string(prefix_);
}

bool AnyContains(const std::vector<IpNetwork>& networks, std::string_view address) {
  std::optional<IpAddress> parsed = IpAddress::Parse(address);
  if (!parsed) return false;
  for (const IpNetwork& network : networks) {
    if (network.Contains(*parsed)) return true;
  }
  return false;
}

}  // namespace sb
