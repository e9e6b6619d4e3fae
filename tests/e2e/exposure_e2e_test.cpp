// What an error or a URL may reveal: page URLs come from the configured public
// URL or the server's own address, never from Host (X-Forwarded-* only from a
// trusted proxy); every response carries an X-Request-Id, the client's when
// well formed; a 5xx tells the client only that id and a generic message,
// while the log has the id and the cause.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "e2e/raw_http.hpp"
#include "e2e/test_server.hpp"
#include "http/request_id.hpp"
#include "support/engine_test.hpp"
#include "support/log_capture.hpp"

namespace sb::testing {
namespace {

std::string Str(const rapidjson::Value& v) {
  return v.IsString() ? v.GetString() : "(not a string)";
}

std::optional<std::string> HeaderOf(const HttpResult& res, const std::string& name) {
  auto it = res.headers.find(name);
  if (it == res.headers.end()) return std::nullopt;
  return it->second;
}

TestServerOptions WithUrl(const std::string& public_url, const std::vector<std::string>& trusted) {
  TestServerOptions options;
  options.server.public_url = public_url;
  for (const auto& text : trusted)
    options.server.trusted_proxies.push_back(*IpNetwork::Parse(text));
  return options;
}

class ExposureE2E : public ::sb::testing::EngineTest {
 protected:
  // GET /api/v1/contacts with `headers` besides the token; the page object.
  HttpResult List(TestServer& server, httplib::Headers headers) {
    const std::string token = server.CreateToken("Acme");
    headers.emplace("Authorization", "Bearer " + token);
    return server.Send("GET", "/api/v1/contacts?per_page=5", "", headers);
  }
  static void ExpectPageUrlsUnder(const HttpResult& res, const std::string& base) {
    ASSERT_EQ(res.status, 200) << res.body;
    const auto& page = res.data();
    EXPECT_EQ(Str(page["first_page_url"]), base + "/api/v1/contacts?per_page=5&page=1");
    EXPECT_EQ(Str(page["last_page_url"]), base + "/api/v1/contacts?per_page=5&page=1");
    EXPECT_EQ(Str(page["path"]), base + "/api/v1/contacts");
  }
};

SB_INSTANTIATE_ENGINES(ExposureE2E);

TEST_P(ExposureE2E, TheHostHeaderNeverReachesPageUrls) {
  TestServer server;
  const std::string own = "http://127.0.0.1:" + std::to_string(server.port());
  auto res = List(server, {{"Host", "evil.example"}});
  ExpectPageUrlsUnder(res, own);
  EXPECT_EQ(res.body.find("evil.example"), std::string::npos) << res.body;
  // Forwarded headers from a peer nobody said to trust count for nothing.
  res = List(server, {{"Host", "evil.example"},
                      {"X-Forwarded-Host", "evil.example"},
                      {"X-Forwarded-Proto", "https"}});
  ExpectPageUrlsUnder(res, own);
  EXPECT_EQ(res.body.find("evil.example"), std::string::npos) << res.body;
}

TEST_P(ExposureE2E, APublicUrlDecidesPageUrls) {
  // Trusting the peer changes nothing: a configured public URL always wins.
  TestServer server(WithUrl("https://api.example.com/sb", {"127.0.0.1/32"}));
  auto res = List(server, {{"Host", "evil.example"},
                           {"X-Forwarded-Host", "evil.example"},
                           {"X-Forwarded-Proto", "http"}});
  ExpectPageUrlsUnder(res, "https://api.example.com/sb");
  EXPECT_EQ(res.body.find("evil.example"), std::string::npos) << res.body;
}

TEST_P(ExposureE2E, ForwardedHeadersCountOnlyFromATrustedPeer) {
  {
    SCOPED_TRACE("untrusted: the proxies are elsewhere");
    TestServer server(WithUrl("", {"10.0.0.0/8", "2001:db8::/32"}));
    auto res =
        List(server, {{"X-Forwarded-Host", "proxy.example:8443"}, {"X-Forwarded-Proto", "https"}});
    ExpectPageUrlsUnder(res, "http://127.0.0.1:" + std::to_string(server.port()));
  }
  {
    SCOPED_TRACE("trusted");
    TestServer server(WithUrl("", {"127.0.0.1/32"}));
    auto res = List(server, {{"Host", "evil.example"},
                             {"X-Forwarded-Host", "proxy.example:8443"},
                             {"X-Forwarded-Proto", "https"}});
    ExpectPageUrlsUnder(res, "https://proxy.example:8443");
    // A forwarded host that is not a host[:port] is ignored.
    res = List(server,
               {{"X-Forwarded-Host", "evil.example/phish?x="}, {"X-Forwarded-Proto", "https"}});
    ExpectPageUrlsUnder(res, "https://127.0.0.1:" + std::to_string(server.port()));
  }
}

TEST_P(ExposureE2E, AWellFormedRequestIdIsEchoed) {
  TestServer server;
  auto ok = server.Send("GET", "/healthz", "", {{"X-Request-Id", "client-42.a_b:c"}});
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(HeaderOf(ok, "X-Request-Id"), "client-42.a_b:c");
  auto missing = server.Send("GET", "/no/such/route", "", {{"X-Request-Id", "abc"}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(HeaderOf(missing, "X-Request-Id"), "abc");
  auto unauth = server.Send("GET", "/api/v1/contacts", "", {{"X-Request-Id", "no-token"}});
  EXPECT_EQ(unauth.status, 401);
  EXPECT_EQ(HeaderOf(unauth, "X-Request-Id"), "no-token");
}

TEST_P(ExposureE2E, AMalformedRequestIdIsReplaced) {
  TestServer server;
  auto none = server.Send("GET", "/healthz", "", {});
  ASSERT_TRUE(HeaderOf(none, "X-Request-Id"));
  EXPECT_TRUE(http::IsWellFormedRequestId(*HeaderOf(none, "X-Request-Id")));
  const std::string long_id(200, 'a');
  auto too_long = server.Send("GET", "/healthz", "", {{"X-Request-Id", long_id}});
  ASSERT_TRUE(HeaderOf(too_long, "X-Request-Id"));
  EXPECT_NE(*HeaderOf(too_long, "X-Request-Id"), long_id);
  EXPECT_TRUE(http::IsWellFormedRequestId(*HeaderOf(too_long, "X-Request-Id")));
  EXPECT_NE(HeaderOf(too_long, "X-Request-Id"), HeaderOf(none, "X-Request-Id"));

  // Bytes no HTTP client library lets through: a CR inside the value, and a
  // value folded over two lines.
  for (const std::string& header : {std::string("X-Request-Id: evil\rX-Injected: 1"),
                                    std::string("X-Request-Id: evil\r\n X-Injected: 1"),
                                    std::string("X-Request-Id: evil<script>")}) {
    SCOPED_TRACE(header);
    RawConnection conn(server.port());
    ASSERT_TRUE(conn.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + header + "\r\n\r\n"));
    auto res = conn.Read();
    ASSERT_TRUE(res) << conn.error();
    ASSERT_TRUE(res->Header("x-request-id"));
    EXPECT_TRUE(http::IsWellFormedRequestId(*res->Header("x-request-id")))
        << *res->Header("x-request-id");
    EXPECT_EQ(res->Header("x-request-id")->find("evil"), std::string::npos);
    EXPECT_FALSE(res->Header("x-injected"));
  }
}

TEST_P(ExposureE2E, PipelinedRequestsEachGetTheirOwnId) {
  TestServer server;
  RawConnection conn(server.port());
  const std::string head = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  ASSERT_TRUE(conn.Send(head + "X-Request-Id: first\r\n\r\n" + head + "\r\n" + head +
                        "X-Request-Id: third\r\n\r\n" + "NOT HTTP AT ALL\r\n\r\n"));
  auto responses = conn.Read(4);
  ASSERT_EQ(responses.size(), 4u) << conn.error();
  EXPECT_EQ(responses[0].Header("x-request-id"), "first");
  ASSERT_TRUE(responses[1].Header("x-request-id"));
  EXPECT_NE(responses[1].Header("x-request-id"), "first");
  EXPECT_TRUE(http::IsWellFormedRequestId(*responses[1].Header("x-request-id")));
  EXPECT_EQ(responses[2].Header("x-request-id"), "third");
  // The parser's own 400 (the head was not even read) has a fresh id.
  EXPECT_EQ(responses[3].status, 400) << responses[3].body;
  ASSERT_TRUE(responses[3].Header("x-request-id"));
  EXPECT_NE(responses[3].Header("x-request-id"), "third");
  EXPECT_NE(responses[3].Header("x-request-id"), responses[1].Header("x-request-id"));
}

// The causes the store's failures carry, which must reach the log only.
void ExpectNoCause(const std::string& body) {
  for (const char* secret : {"injected", "SELECT", "FROM", "contacts c", "sqlite", "postgres",
                             "Store error", "exception"}) {
    EXPECT_EQ(body.find(secret), std::string::npos) << secret << " in " << body;
  }
}

// The log lines naming `id` ("" when there is none).
std::string LogLineWith(const std::string& log, const std::string& id) {
  std::string lines;
  size_t start = 0;
  while (start < log.size()) {
    size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    const std::string line = log.substr(start, end - start);
    if (line.find("request_id=" + id + " ") != std::string::npos) lines += line + "\n";
    start = end + 1;
  }
  return lines;
}

TEST_P(ExposureE2E, AStoreFailureIsA500WithTheRequestIdAndNothingElse) {
  LogCapture log;  // before the server's threads start
  TestServerOptions options;
  options.failing_store = true;
  TestServer server(options);
  const std::string token = server.CreateToken("Acme");
  server.failing()->RefuseEvery("contacts");
  auto res = server.Send("GET", "/api/v1/contacts", "",
                         {{"Authorization", "Bearer " + token}, {"X-Request-Id", "store-fail-1"}});
  ASSERT_EQ(res.status, 500) << res.body;
  EXPECT_EQ(HeaderOf(res, "X-Request-Id"), "store-fail-1");
  EXPECT_EQ(Str(res.json["message"]), "internal error");
  EXPECT_EQ(Str(res.json["error"]["request_id"]), "store-fail-1");
  EXPECT_EQ(Str(res.json["error"]["details"]), "");
  ExpectNoCause(res.body);
  const std::string line = LogLineWith(log.text(), "store-fail-1");
  EXPECT_NE(line.find("injected refusal of: "), std::string::npos) << log.text();
  EXPECT_NE(line.find("contacts"), std::string::npos) << line;
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1) << "logged once: " << line;

  // The Tether dialect keeps its flat shape, the id beside the message.
  auto tether = server.Send("GET", "/api/contacts", "",
                            {{"Authorization", "Bearer " + token}, {"X-Request-Id", "tether-1"}});
  ASSERT_EQ(tether.status, 500) << tether.body;
  EXPECT_FALSE(tether.json["success"].GetBool());
  EXPECT_EQ(Str(tether.json["message"]), "internal error");
  EXPECT_EQ(Str(tether.json["request_id"]), "tether-1");
  EXPECT_FALSE(tether.json.HasMember("error"));
  ExpectNoCause(tether.body);
  EXPECT_NE(LogLineWith(log.text(), "tether-1").find("injected refusal"), std::string::npos);

  // An exception in the handler: its what() stays in the log too.
  server.failing()->ThrowOnEvery("contacts");
  auto thrown = server.Send("GET", "/api/v1/contacts", "", {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(thrown.status, 500) << thrown.body;
  ASSERT_TRUE(HeaderOf(thrown, "X-Request-Id"));
  const std::string id = *HeaderOf(thrown, "X-Request-Id");
  EXPECT_EQ(Str(thrown.json["error"]["request_id"]), id);
  ExpectNoCause(thrown.body);
  EXPECT_NE(LogLineWith(log.text(), id).find("injected exception"), std::string::npos)
      << log.text();
}

TEST_P(ExposureE2E, AnUnavailableStoreIsA503WithTheRequestId) {
  LogCapture log;
  TestServerOptions options;
  options.failing_store = true;
  TestServer server(options);
  const std::string token = server.CreateToken("Acme");
  server.failing()->FailAt("contacts", 1);
  auto res = server.Send("GET", "/api/v1/contacts", "",
                         {{"Authorization", "Bearer " + token}, {"X-Request-Id", "gone-1"}});
  ASSERT_EQ(res.status, 503) << res.body;
  EXPECT_TRUE(HeaderOf(res, "Retry-After"));
  EXPECT_EQ(Str(res.json["message"]), "service unavailable, retry later");
  EXPECT_EQ(Str(res.json["error"]["request_id"]), "gone-1");
  ExpectNoCause(res.body);
  EXPECT_NE(LogLineWith(log.text(), "gone-1").find("injected failure"), std::string::npos)
      << log.text();
}

}  // namespace
}  // namespace sb::testing
