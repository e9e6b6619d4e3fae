#include "core/ip_network.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sb {
namespace {

TEST(IpNetworkTest, ParsesNetworksAndRefusesTheRest) {
  struct Case {
    std::string text;
    std::optional<std::string> canonical;  // nullopt: refused
  };
  for (const Case& c : {
           Case{"127.0.0.1", "127.0.0.1/32"},
           Case{"127.0.0.1/32", "127.0.0.1/32"},
           Case{"10.0.0.0/8", "10.0.0.0/8"},
           Case{"10.1.2.3/8", "10.0.0.0/8"},  // host bits cleared
           Case{"0.0.0.0/0", "0.0.0.0/0"},
           Case{"192.168.1.129/25", "192.168.1.128/25"},
           Case{"::1", "::1/128"},
           Case{"[::1]", "::1/128"},
           Case{"2001:db8::/32", "2001:db8::/32"},
           Case{"2001:db8:ffff::1/33", "2001:db8:8000::/33"},
           Case{"::/0", "::/0"},
           Case{"::ffff:10.0.0.1", "10.0.0.1/32"},  // mapped: the IPv4 address
           Case{"::ffff:10.0.0.0/104", "10.0.0.0/8"},
           Case{"10.0.0.0/33", std::nullopt},
           Case{"::/129", std::nullopt},
           Case{"10.0.0.0/", std::nullopt},
           Case{"10.0.0.0/-1", std::nullopt},
           Case{"10.0.0.0/+8", std::nullopt},
           Case{"10.0.0.0/08", std::nullopt},
           Case{"10.0.0.0/8x", std::nullopt},
           Case{"10.0.0.0/8/8", std::nullopt},
           Case{"127.1", std::nullopt},  // legacy forms are not taken
           Case{"0x7f.0.0.1", std::nullopt},
           Case{"2130706433", std::nullopt},
           Case{"localhost", std::nullopt},
           Case{"", std::nullopt},
           Case{"/8", std::nullopt},
           Case{"10.0.0.1 ", std::nullopt},
       }) {
    std::optional<IpNetwork> parsed = IpNetwork::Parse(c.text);
    ASSERT_EQ(parsed.has_value(), c.canonical.has_value()) << c.text;
    if (parsed) {
      EXPECT_EQ(parsed->ToString(), *c.canonical) << c.text;
    }
  }
}

TEST(IpNetworkTest, MatchesAddressesInside) {
  struct Case {
    std::string network;
    std::string address;
    bool inside;
  };
  for (const Case& c : {
           Case{"127.0.0.1/32", "127.0.0.1", true},
           Case{"127.0.0.1/32", "127.0.0.2", false},
           Case{"127.0.0.0/8", "127.255.255.255", true},
           Case{"10.0.0.0/8", "11.0.0.0", false},
           Case{"192.168.1.128/25", "192.168.1.127", false},
           Case{"192.168.1.128/25", "192.168.1.200", true},
           Case{"172.16.0.0/12", "172.31.255.255", true},
           Case{"172.16.0.0/12", "172.32.0.0", false},
           Case{"0.0.0.0/0", "8.8.8.8", true},
           Case{"0.0.0.0/0", "::1", false},  // families do not mix
           Case{"::/0", "10.0.0.1", false},
           Case{"::1", "::1", true},
           Case{"::1", "[::1]", true},
           Case{"::1", "::2", false},
           Case{"2001:db8::/32", "2001:db8:1234::5", true},
           Case{"2001:db8::/32", "2001:db9::5", false},
           Case{"fe80::/10", "febf::1", true},
           Case{"fe80::/10", "fec0::1", false},
           Case{"127.0.0.1/32", "::ffff:127.0.0.1", true},  // a dual-stack peer
           Case{"10.0.0.0/8", "::ffff:10.9.8.7", true},
           Case{"127.0.0.1/32", "not an address", false},
           Case{"127.0.0.1/32", "", false},
           Case{"127.0.0.1/32", "127.1", false},
       }) {
    std::optional<IpNetwork> network = IpNetwork::Parse(c.network);
    ASSERT_TRUE(network) << c.network;
    EXPECT_EQ(network->Contains(c.address), c.inside) << c.network << " " << c.address;
  }
}

TEST(IpNetworkTest, AnyContainsLooksAtEveryNetwork) {
  std::vector<IpNetwork> networks = {*IpNetwork::Parse("10.0.0.0/8"),
                                     *IpNetwork::Parse("2001:db8::/32")};
  EXPECT_TRUE(AnyContains(networks, "10.1.1.1"));
  EXPECT_TRUE(AnyContains(networks, "2001:db8::1"));
  EXPECT_FALSE(AnyContains(networks, "192.168.0.1"));
  EXPECT_FALSE(AnyContains({}, "10.1.1.1"));
}

}  // namespace
}  // namespace sb
