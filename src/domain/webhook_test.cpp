#include "domain/webhook.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sb::domain {
namespace {

TEST(WebhookSignature, HeaderSignsTimestampDotBody) {
  // printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
  EXPECT_EQ(WebhookSignature("secret", 1700000000, R"({"a":1})"),
            "t=1700000000,v1=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686");
  EXPECT_NE(WebhookSignature("secret", 1700000001, R"({"a":1})"),
            WebhookSignature("secret", 1700000000, R"({"a":1})"));
  EXPECT_NE(WebhookSignature("other", 1700000000, R"({"a":1})"),
            WebhookSignature("secret", 1700000000, R"({"a":1})"));
}

TEST(WebhookRetrySchedule, DoublesFromThirtySecondsUpToAnHour) {
  const std::vector<int64_t> expected = {30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600};
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(WebhookRetryDelay(static_cast<int64_t>(i) + 1, 0.0), expected[i]) << i + 1;
  }
  EXPECT_EQ(WebhookRetryDelay(1000, 0.0), 3600);  // no overflow
}

TEST(WebhookRetrySchedule, JitterShortensByUpToAQuarter) {
  EXPECT_EQ(WebhookRetryDelay(1, 0.5), 30 - 3);      // 30 * 0.5 / 4 = 3.75
  EXPECT_EQ(WebhookRetryDelay(3, 0.999), 120 - 29);  // 120 * 0.999 / 4 = 29.97
  EXPECT_EQ(WebhookRetryDelay(8, 0.5), 3600 - 450);
  for (double j : {0.0, 0.1, 0.5, 0.9, 0.9999}) {
    for (int64_t n = 1; n < 12; ++n) {
      const int64_t full = WebhookRetryDelay(n, 0.0);
      const int64_t d = WebhookRetryDelay(n, j);
      EXPECT_LE(d, full);
      EXPECT_GE(d, full * 3 / 4);
    }
  }
}

TEST(WebhookRetrySchedule, StopsAtTheDeadline) {
  const int64_t t0 = 1700000000;
  const int64_t deadline = t0 + 86400;
  EXPECT_EQ(WebhookNextAttempt(1, t0, deadline, 0.0), t0 + 30);
  EXPECT_EQ(WebhookNextAttempt(9, t0, deadline, 0.0), t0 + 3600);
  // The last retry is at the deadline, not after it.
  EXPECT_EQ(WebhookNextAttempt(30, deadline - 100, deadline, 0.0), deadline);
  EXPECT_EQ(WebhookNextAttempt(30, deadline, deadline, 0.0), std::nullopt);
  EXPECT_EQ(WebhookNextAttempt(30, deadline + 5, deadline, 0.0), std::nullopt);
}

TEST(WebhookUrl, ParsesHttpAndHttps) {
  auto u = ParseWebhookUrl("https://Hooks.Example.com/in?x=1");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "hooks.example.com");
  EXPECT_EQ(u->port, 443);
  u = ParseWebhookUrl("HTTP://127.0.0.1:8081");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "http");
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 8081);
  u = ParseWebhookUrl("http://[::1]:9/x");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, 9);
  for (const char* bad :
       {"", "example.com/hook", "ftp://example.com/", "https://", "https:///x", "http://a b/",
        "https://user:pw@example.com/", "http://example.com:0/", "http://example.com:65536/",
        "http://example.com:/", "http://example.com:x/", "http://[::1/", "http://[::1]x/",
        "http://evil.com\\@127.0.0.1/", "file:///etc/passwd", "javascript:alert(1)"}) {
    EXPECT_FALSE(ParseWebhookUrl(bad)) << bad;
  }
}

TEST(WebhookUrl, RefusesPrivateLiteralsUnlessAllowed) {
  for (const char* url : {"http://127.0.0.1/", "http://10.1.2.3/", "http://[::1]:80/",
                          "http://169.254.169.254/latest", "http://[fd00::1]/", "http://0.0.0.0/",
                          "http://192.168.0.1:8080/", "http://100.64.1.1/", "http://127.1/"}) {
    Status refused = ValidateWebhookUrl("url", url, /*allow_private=*/false);
    ASSERT_FALSE(refused.ok()) << url;
    EXPECT_EQ(refused.error().field(), "url");
    EXPECT_TRUE(ValidateWebhookUrl("url", url, /*allow_private=*/true).ok()) << url;
  }
  // Host names are checked when delivering, against what they resolve to.
  EXPECT_TRUE(ValidateWebhookUrl("url", "http://localhost:8080/", false).ok());
  EXPECT_TRUE(ValidateWebhookUrl("url", "https://8.8.8.8/hook", false).ok());
  EXPECT_EQ(ValidateWebhookUrl("url", "nope", true).error().field(), "url");
  EXPECT_FALSE(ValidateWebhookUrl("url", "https://e.com/" + std::string(2040, 'a'), true).ok());
}

TEST(WebhookEvents, KnownTypesOrAStar) {
  EXPECT_TRUE(ValidateWebhookEvents("events", {"contact.created"}).ok());
  EXPECT_TRUE(
      ValidateWebhookEvents("events", {"contact.created", "contact.updated", "contact.deleted",
                                       "pool_member.status_changed", "call.recorded",
                                       "campaign.status_changed", "import.completed"})
          .ok());
  EXPECT_TRUE(ValidateWebhookEvents("events", {"*"}).ok());
  for (const std::vector<std::string>& bad :
       std::vector<std::vector<std::string>>{{},
                                             {"contact.exploded"},
                                             {"*", "contact.created"},
                                             {"webhook.test"},
                                             {"contact.created", "contact.created"},
                                             {"Contact.Created"}}) {
    Status st = ValidateWebhookEvents("events", bad);
    ASSERT_FALSE(st.ok()) << bad.size();
    EXPECT_EQ(st.error().field(), "events");
  }
}

TEST(WebhookEvents, SecretsAreRandom) {
  std::string a = NewWebhookSecret();
  std::string b = NewWebhookSecret();
  EXPECT_EQ(a.rfind("whsec_", 0), 0u);
  EXPECT_EQ(a.size(), 6u + 48u);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace sb::domain
