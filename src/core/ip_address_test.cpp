#include "core/ip_address.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <string>

#include "core/hmac.hpp"

namespace sb {
namespace {

using S = AddressScope;

TEST(WebhookAddressScope, ClassifiesLiterals) {
  struct Case {
    std::string text;
    S scope;
  };
  for (const Case& c : {
           Case{"127.0.0.1", S::kLoopback},
           Case{"127.255.0.9", S::kLoopback},
           Case{"10.0.0.1", S::kPrivate},
           Case{"10.255.255.255", S::kPrivate},
           Case{"172.16.0.1", S::kPrivate},
           Case{"172.31.255.254", S::kPrivate},
           Case{"172.15.255.255", S::kPublic},
           Case{"172.32.0.1", S::kPublic},
           Case{"192.168.1.1", S::kPrivate},
           Case{"192.169.0.1", S::kPublic},
           Case{"169.254.169.254", S::kLinkLocal},
           Case{"100.64.0.1", S::kPrivate},
           Case{"100.127.255.255", S::kPrivate},
           Case{"100.63.255.255", S::kPublic},
           Case{"100.128.0.0", S::kPublic},
           Case{"0.0.0.0", S::kUnspecified},
           Case{"0.1.2.3", S::kUnspecified},
           Case{"224.0.0.1", S::kMulticast},
           Case{"239.255.255.250", S::kMulticast},
           Case{"255.255.255.255", S::kReserved},
           Case{"240.0.0.1", S::kReserved},
           Case{"8.8.8.8", S::kPublic},
           Case{"93.184.216.34", S::kPublic},
           Case{"1.1.1.1", S::kPublic},
           Case{"::1", S::kLoopback},
           Case{"[::1]", S::kLoopback},
           Case{"::", S::kUnspecified},
           Case{"fc00::1", S::kUniqueLocal},
           Case{"fdff:ffff::1", S::kUniqueLocal},
           Case{"fe80::1", S::kLinkLocal},
           Case{"febf::1", S::kLinkLocal},
           Case{"ff02::1", S::kMulticast},
           Case{"::ffff:127.0.0.1", S::kLoopback},
           Case{"::ffff:10.1.2.3", S::kPrivate},
           Case{"::ffff:8.8.8.8", S::kPublic},
           Case{"64:ff9b::a00:1", S::kPrivate},  // NAT64 of 10.0.0.1
           Case{"2001:4860:4860::8888", S::kPublic},
           Case{"2606:4700:4700::1111", S::kPublic},
           // Legacy IPv4 spellings that resolvers accept as literals.
           Case{"127.1", S::kLoopback},
           Case{"2130706433", S::kLoopback},
           Case{"0x7f.0.0.1", S::kLoopback},
       }) {
    auto scope = ClassifyIpLiteral(c.text);
    ASSERT_TRUE(scope.has_value()) << c.text;
    EXPECT_EQ(*scope, c.scope) << c.text << " is " << AddressScopeName(*scope);
    EXPECT_EQ(IsPublicScope(*scope), c.scope == S::kPublic) << c.text;
  }
}

TEST(WebhookAddressScope, HostNamesAreNotLiterals) {
  for (const char* host :
       {"example.com", "localhost", "hooks.example.org", "", "[::1", "1.2.3.4.5"}) {
    EXPECT_FALSE(ClassifyIpLiteral(host).has_value()) << host;
  }
}

TEST(WebhookAddressScope, ClassifiesSocketAddresses) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  ASSERT_EQ(inet_pton(AF_INET, "192.168.0.10", &v4.sin_addr), 1);
  EXPECT_EQ(ClassifySocketAddress(reinterpret_cast<const sockaddr*>(&v4)), S::kPrivate);
  ASSERT_EQ(inet_pton(AF_INET, "8.8.4.4", &v4.sin_addr), 1);
  EXPECT_EQ(ClassifySocketAddress(reinterpret_cast<const sockaddr*>(&v4)), S::kPublic);
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  ASSERT_EQ(inet_pton(AF_INET6, "::ffff:169.254.169.254", &v6.sin6_addr), 1);
  EXPECT_EQ(ClassifySocketAddress(reinterpret_cast<const sockaddr*>(&v6)), S::kLinkLocal);
  ASSERT_EQ(inet_pton(AF_INET6, "2001:4860::1", &v6.sin6_addr), 1);
  EXPECT_EQ(ClassifySocketAddress(reinterpret_cast<const sockaddr*>(&v6)), S::kPublic);
  EXPECT_EQ(ClassifySocketAddress(nullptr), S::kReserved);
}

// Vectors computed independently:
//   printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
//   printf '%s' 'The quick brown fox jumps over the lazy dog' | openssl dgst -sha256 -hmac key
TEST(WebhookSignature, HmacSha256MatchesKnownVectors) {
  EXPECT_EQ(HmacSha256Hex("secret", R"(1700000000.{"a":1})"),
            "49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686");
  EXPECT_EQ(HmacSha256Hex("key", "The quick brown fox jumps over the lazy dog"),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
}

TEST(WebhookSignature, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

}  // namespace
}  // namespace sb
