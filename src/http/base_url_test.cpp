#include "http/base_url.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace sb::http {
namespace {

TEST(BaseUrlTest, ValidatesHostPort) {
  struct Case {
    std::string text;
    bool valid;
  };
  for (const Case& c : {
           Case{"api.example.com", true},
           Case{"api.example.com:8443", true},
           Case{"localhost", true},
           Case{"10.0.0.1:80", true},
           Case{"[::1]", true},
           Case{"[2001:db8::1]:443", true},
           Case{"a-b.c", true},
           Case{"", false},
           Case{":80", false},
           Case{"host:", false},
           Case{"host:0", false},
           Case{"host:65536", false},
           Case{"host:080", false},
           Case{"host:8a", false},
           Case{"-bad.example", false},
           Case{"bad-.example", false},
           Case{"a..b", false},
           Case{"a.b.", false},
           Case{"under_score.example", false},
           Case{"evil.example/path", false},
           Case{"evil.example\r\nX: y", false},
           Case{"user@evil.example", false},
           Case{"evil.example, other.example", false},
           Case{"[::1", false},
           Case{"[not-v6]", false},
           Case{"[::1]x", false},
           Case{"::1", false},  // IPv6 needs brackets
           Case{std::string(64, 'a') + ".example", false},
           Case{std::string(63, 'a') + ".example", true},
       }) {
    EXPECT_EQ(IsValidHostPort(c.text), c.valid) << c.text;
  }
}

TEST(BaseUrlTest, ParsesPublicUrls) {
  struct Case {
    std::string text;
    std::optional<std::string> normalized;  // nullopt: refused
  };
  for (const Case& c : {
           Case{"https://api.example.com", "https://api.example.com"},
           Case{"https://api.example.com/", "https://api.example.com"},
           Case{"https://api.example.com/sb", "https://api.example.com/sb"},
           Case{"https://api.example.com/sb/", "https://api.example.com/sb"},
           Case{"HTTP://API.Example.COM:8080/Sb/v1", "http://api.example.com:8080/Sb/v1"},
           Case{"http://[::1]:8080", "http://[::1]:8080"},
           Case{"http://10.0.0.1", "http://10.0.0.1"},
           Case{"https://h.example/a%2Fb", "https://h.example/a%2Fb"},
           Case{"ftp://api.example.com", std::nullopt},
           Case{"api.example.com", std::nullopt},
           Case{"https://", std::nullopt},
           Case{"https:///sb", std::nullopt},
           Case{"https://api.example.com?x=1", std::nullopt},
           Case{"https://api.example.com/sb?x=1", std::nullopt},
           Case{"https://api.example.com/#top", std::nullopt},
           Case{"https://user:pw@api.example.com", std::nullopt},
           Case{"https://api.example.com:0", std::nullopt},
           Case{"https://api.example.com:99999", std::nullopt},
           Case{"https://api example.com", std::nullopt},
           Case{"https://api.example.com/a b", std::nullopt},
           Case{"https://api.example.com/a//b", std::nullopt},
           Case{"https://api.example.com/../b", std::nullopt},
           Case{"https://api.example.com/a/./b", std::nullopt},
           Case{"https://api.example.com/%zz", std::nullopt},
           Case{"https://api.example.com/\"x", std::nullopt},
           Case{"", std::nullopt},
       }) {
    Result<std::string> parsed = ParsePublicUrl(c.text);
    ASSERT_EQ(parsed.ok(), c.normalized.has_value()) << c.text;
    if (parsed.ok()) {
      EXPECT_EQ(*parsed, *c.normalized) << c.text;
    } else {
      EXPECT_FALSE(parsed.error().message().empty()) << c.text;
    }
  }
}

TEST(BaseUrlTest, DefaultsToTheListenAddress) {
  EXPECT_EQ(DefaultBaseUrl("127.0.0.1", 8080), "http://127.0.0.1:8080");
  EXPECT_EQ(DefaultBaseUrl("0.0.0.0", 80), "http://localhost:80");
  EXPECT_EQ(DefaultBaseUrl("::", 8080), "http://localhost:8080");
  EXPECT_EQ(DefaultBaseUrl("[::]", 8080), "http://localhost:8080");
  EXPECT_EQ(DefaultBaseUrl("", 8080), "http://localhost:8080");
  EXPECT_EQ(DefaultBaseUrl("::1", 9000), "http://[::1]:9000");
  EXPECT_EQ(DefaultBaseUrl("api.internal", 9000), "http://api.internal:9000");
}

TEST(BaseUrlTest, ResolvesByPrecedence) {
  const std::vector<IpNetwork> trusted = {*IpNetwork::Parse("10.0.0.0/8"),
                                          *IpNetwork::Parse("::1")};
  const std::string kDefault = "http://127.0.0.1:8080";
  struct Case {
    std::string label;
    std::string public_url;
    bool trust;  // trusted_proxies configured
    std::string peer;
    std::optional<std::string> proto;
    std::optional<std::string> host;
    std::string expected;
  };
  for (const Case& c : {
           Case{"nothing sent", "", true, "10.1.1.1", {}, {}, kDefault},
           Case{"untrusted peer", "", true, "192.168.0.1", "https", "api.example.com", kDefault},
           Case{"no proxies configured", "", false, "10.1.1.1", "https", "api.example.com",
                kDefault},
           Case{"trusted peer", "", true, "10.1.1.1", "https", "api.example.com",
                "https://api.example.com"},
           Case{"trusted v6 peer", "", true, "::1", "https", "api.example.com:8443",
                "https://api.example.com:8443"},
           Case{"trusted mapped peer", "", true, "::ffff:10.2.3.4", "https", "a.example",
                "https://a.example"},
           Case{"host only", "", true, "10.1.1.1", {}, "api.example.com", "http://api.example.com"},
           Case{"proto only", "", true, "10.1.1.1", "HTTPS", {}, "https://127.0.0.1:8080"},
           Case{"bogus proto", "", true, "10.1.1.1", "javascript", "api.example.com",
                "http://api.example.com"},
           Case{"bogus host", "", true, "10.1.1.1", "https", "evil.example/x?y",
                "https://127.0.0.1:8080"},
           Case{"host with CRLF", "", true, "10.1.1.1", {}, "a.example\r\nX: y", kDefault},
           Case{"host list", "", true, "10.1.1.1", {}, "a.example, b.example", kDefault},
           Case{"host lowercased",
                "",
                true,
                "10.1.1.1",
                {},
                "API.Example.com",
                "http://api.example.com"},
           Case{"public url wins over trusted peer", "https://pub.example/sb", true, "10.1.1.1",
                "http", "api.example.com", "https://pub.example/sb"},
           Case{"public url, untrusted peer",
                "https://pub.example/sb",
                true,
                "8.8.8.8",
                {},
                {},
                "https://pub.example/sb"},
           Case{"peer not an address", "", true, "", "https", "api.example.com", kDefault},
       }) {
    BaseUrlPolicy policy;
    policy.public_url = c.public_url;
    policy.default_url = kDefault;
    if (c.trust) policy.trusted_proxies = trusted;
    ForwardedHeaders forwarded;
    if (c.proto) forwarded.proto = &*c.proto;
    if (c.host) forwarded.host = &*c.host;
    EXPECT_EQ(ResolveBaseUrl(policy, c.peer, forwarded), c.expected) << c.label;
  }
}

TEST(BaseUrlTest, WithoutADefaultFallsBackToLocalhost) {
  EXPECT_EQ(ResolveBaseUrl(BaseUrlPolicy{}, "10.0.0.1", {}), "http://localhost");
}

}  // namespace
}  // namespace sb::http
