// The server's HTTP/1.1 transport, spoken raw over TCP: keep-alive and
// pipelining, when the connection closes, request bodies framed by
// Content-Length or chunked, Expect: 100-continue, bodies and heads refused
// for their size before they are read, and malformed requests. These specify
// the behaviour, whatever implements it (see src/http/server.cpp).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <initializer_list>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "e2e/raw_http.hpp"
#include "e2e/server_test_fixture.hpp"
#include "e2e/test_server.hpp"

namespace sb::testing {
namespace {

// The default body limit of a JSON route (ServerOptions::max_body_bytes).
constexpr size_t kJsonLimit = size_t{1} << 20;
// The import route's body limit (docs/API.md, "Contact imports").
constexpr size_t kImportLimit = size_t{512} << 20;
// The chunk size for big chunked bodies: many chunks, none of them tiny.
constexpr size_t kBigChunk = size_t{64} << 10;

// The string at `path` in the response's JSON body, or "" when there is none:
// a wrong answer then fails its comparison instead of a rapidjson assertion.
std::string JsonString(const RawResponse& res, std::initializer_list<const char*> path) {
  const auto doc = res.Json();
  const rapidjson::Value* v = &doc;
  for (const char* key : path) {
    if (!v->IsObject() || !v->HasMember(key)) return "";
    v = &(*v)[key];
  }
  return v->IsString() ? v->GetString() : "";
}

class HttpProtocolE2E : public ServerTest {
 protected:
  // A request head: the request line, Host, the token, `headers`, the blank line.
  std::string Head(const std::string& method, const std::string& target,
                   const std::vector<std::string>& headers = {}) const {
    std::string head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    head += "Authorization: Bearer " + token_ + "\r\n";
    for (const auto& h : headers) head += h + "\r\n";
    return head + "\r\n";
  }
  std::string MakeTag(const std::string& name) {
    auto tag = server_.Post("/api/v1/tags", R"({"name":")" + name + "\"}", token_);
    EXPECT_EQ(tag.status, 201) << tag.body;
    return tag.status == 201 ? tag.data()["uuid"].GetString() : "";
  }
  // How many tags the organization has (the list is not paginated).
  size_t TagCount() {
    auto list = server_.Get("/api/v1/tags", token_);
    return list.status == 200 && list.data().IsArray() ? list.data().Size() : 0;
  }
  // The files in the directory uploads are written to while they arrive.
  size_t UploadsArriving() {
    std::error_code ec;
    const std::filesystem::directory_iterator files(
        server_.import_worker().spool_dir() + "/incoming", ec);
    return ec ? 0 : static_cast<size_t>(std::distance(begin(files), end(files)));
  }
  // Waits (up to 10 s) until no upload is arriving: an abandoned one is
  // deleted once the server sees its connection close.
  bool NoUploadArriving() {
    for (int i = 0; i < 1000 && UploadsArriving() > 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return UploadsArriving() == 0;
  }
  // The import `queued` (a 202 from the upload) once the worker has run it.
  HttpResult RunImport(const RawResponse& queued) {
    EXPECT_EQ(server_.RunImports(), 1);
    return server_.Get("/api/v1/imports/" + JsonString(queued, {"data", "uuid"}), token_);
  }
};

SB_INSTANTIATE_ENGINES(HttpProtocolE2E);

TEST_P(HttpProtocolE2E, KeepAliveServesOneRequestAfterAnotherOnOneConnection) {
  RawConnection conn(server_.port());
  ASSERT_TRUE(conn.connected()) << conn.error();
  for (const char* target : {"/healthz", "/api/v1/tags"}) {
    SCOPED_TRACE(target);
    ASSERT_TRUE(conn.Send(Head("GET", target)));
    auto res = conn.Read();
    ASSERT_TRUE(res) << conn.error();
    EXPECT_EQ(res->status, 200) << res->body;
    ASSERT_TRUE(res->Header("content-length")) << "no Content-Length";
    EXPECT_EQ(*res->Header("content-length"), std::to_string(res->body.size()));
    EXPECT_TRUE(res->Json().IsObject()) << res->body;
  }
}

TEST_P(HttpProtocolE2E, PipelinedRequestsAreAnsweredInOrder) {
  const std::string first = MakeTag("first");
  const std::string third = MakeTag("third");
  RawConnection conn(server_.port());
  ASSERT_TRUE(conn.Send(Head("GET", "/api/v1/tags/" + first) + Head("GET", "/healthz") +
                        Head("GET", "/api/v1/tags/" + third)));
  auto responses = conn.Read(3);
  ASSERT_EQ(responses.size(), 3u) << conn.error();
  for (const auto& res : responses) EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(JsonString(responses[0], {"data", "name"}), "first");
  EXPECT_EQ(JsonString(responses[1], {"status"}), "ok");
  EXPECT_EQ(JsonString(responses[2], {"data", "name"}), "third");
}

TEST_P(HttpProtocolE2E, TheServerClosesAfterTheResponseWhenTheClientDoesNotKeepAlive) {
  struct Case {
    const char* name;
    std::string request;
  };
  const std::vector<Case> cases = {
      {"HTTP/1.1 with Connection: close",
       "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"},
      {"HTTP/1.0 without keep-alive", "GET /healthz HTTP/1.0\r\n\r\n"},
  };
  // A lambda, so that a case's failed ASSERT does not skip the next case.
  auto check = [this](const Case& c) {
    RawConnection conn(server_.port());
    ASSERT_TRUE(conn.Send(c.request));
    auto res = conn.Read();
    ASSERT_TRUE(res) << conn.error();
    EXPECT_EQ(res->status, 200) << res->body;
    EXPECT_TRUE(conn.ClosedByPeer()) << conn.error();
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    check(c);
  }
}

TEST_P(HttpProtocolE2E, AChunkedBodyIsTakenLikeAContentLengthOne) {
  RawConnection conn(server_.port());
  const std::string by_length = R"({"name":"by length"})";
  const std::string chunked = R"({"name":"chunked"})";
  ASSERT_TRUE(conn.Send(Head("POST", "/api/v1/tags",
                             {"Content-Type: application/json",
                              "Content-Length: " + std::to_string(by_length.size())}) +
                        by_length));
  // Small chunks, so the JSON is split mid-token.
  ASSERT_TRUE(conn.Send(Head("POST", "/api/v1/tags",
                             {"Content-Type: application/json", "Transfer-Encoding: chunked"}) +
                        Chunked(chunked, 5)));
  auto responses = conn.Read(2);
  ASSERT_EQ(responses.size(), 2u) << conn.error();
  EXPECT_EQ(responses[0].status, 201) << responses[0].body;
  EXPECT_EQ(responses[1].status, 201) << responses[1].body;
  EXPECT_EQ(JsonString(responses[1], {"data", "name"}), "chunked");
  EXPECT_EQ(TagCount(), 2u);
}

TEST_P(HttpProtocolE2E, ExpectContinueGets100BeforeTheBodyIsSent) {
  RawConnection conn(server_.port());
  const std::string body = R"({"name":"after continue"})";
  ASSERT_TRUE(conn.Send(Head("POST", "/api/v1/tags",
                             {"Content-Type: application/json", "Expect: 100-continue",
                              "Content-Length: " + std::to_string(body.size())})));
  auto interim = conn.Read();
  ASSERT_TRUE(interim) << "no 100 Continue: " << conn.error();
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(conn.Send(body));
  auto res = conn.Read();
  ASSERT_TRUE(res) << conn.error();
  EXPECT_EQ(res->status, 201) << res->body;
}

TEST_P(HttpProtocolE2E, ABodyAnnouncedOverTheLimitIsRefusedUnreadAndTheConnectionClosed) {
  RawConnection conn(server_.port());
  // Headers only: the answer must not wait for a body the server will not take.
  ASSERT_TRUE(conn.Send(Head(
      "POST", "/api/v1/tags",
      {"Content-Type: application/json", "Content-Length: " + std::to_string(2 * kJsonLimit)})));
  auto res = conn.Read();
  ASSERT_TRUE(res) << conn.error();
  EXPECT_EQ(res->status, 413) << res->body;
  EXPECT_TRUE(conn.ClosedByPeer()) << conn.error();
}

TEST_P(HttpProtocolE2E, AChunkedBodyGrowingPastTheLimitIsRefused) {
  RawConnection conn(server_.port());
  ASSERT_TRUE(conn.Send(Head("POST", "/api/v1/tags",
                             {"Content-Type: application/json", "Transfer-Encoding: chunked"})));
  const std::string body = R"({"name":")" + std::string(kJsonLimit + kJsonLimit / 2, 'x') + "\"}";
  conn.SendUntilAnswered(Chunked(body, kBigChunk));
  auto res = conn.Read();
  ASSERT_TRUE(res) << conn.error();
  EXPECT_EQ(res->status, 413) << res->body;
  EXPECT_EQ(TagCount(), 0u);
}

TEST_P(HttpProtocolE2E, TheRefusalOfABodyTooLargeIsTheErrorEnvelopeNamingTheLimit) {
  const std::string json = "Content-Type: application/json";
  struct Case {
    const char* name;
    std::string head;
    std::string body;
  };
  const std::vector<Case> cases = {
      {"announced by Content-Length",
       Head("POST", "/api/v1/tags", {json, "Content-Length: " + std::to_string(2 * kJsonLimit)}),
       ""},
      {"grown by chunks", Head("POST", "/api/v1/tags", {json, "Transfer-Encoding: chunked"}),
       Chunked(std::string(2 * kJsonLimit, ' '), kBigChunk)},
  };
  // A lambda, so that a case's failed ASSERT does not skip the next case.
  auto check = [this](const Case& c) {
    RawConnection conn(server_.port());
    ASSERT_TRUE(conn.Send(c.head));
    conn.SendUntilAnswered(c.body);
    auto res = conn.Read();
    ASSERT_TRUE(res) << conn.error();
    EXPECT_EQ(res->status, 413);
    EXPECT_EQ(res->Header("content-type").value_or(""), "application/json");
    auto doc = res->Json();
    ASSERT_TRUE(doc.IsObject() && doc.HasMember("success")) << res->body;
    EXPECT_TRUE(doc["success"].IsFalse()) << res->body;
    EXPECT_NE(JsonString(*res, {"message"}), "") << res->body;
    EXPECT_EQ(JsonString(*res, {"error", "code"}), "PAYLOAD_TOO_LARGE") << res->body;
    EXPECT_NE(JsonString(*res, {"error", "details"}).find(std::to_string(kJsonLimit)),
              std::string::npos)
        << res->body;
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    check(c);
  }
}

// No test can send 512 MiB, so the import route's limit is pinned where it
// acts first: the announced length, before any byte of the body.
TEST_P(HttpProtocolE2E, TheImportRouteTakesUpTo512MiBJudgedFromContentLength) {
  struct Case {
    const char* name;
    size_t content_length;
    bool expect_continue;
    int status;  // 413, or 100 (then the client gives up without sending the body)
  };
  const std::vector<Case> cases = {
      {"one byte over", kImportLimit + 1, false, 413},
      {"one byte over, waiting for 100 Continue", kImportLimit + 1, true, 413},
      {"exactly the limit, waiting for 100 Continue", kImportLimit, true, 100},
  };
  // A lambda, so that a case's failed ASSERT does not skip the next case.
  auto check = [this](const Case& c) {
    std::vector<std::string> headers = {"Content-Type: text/csv",
                                        "Content-Length: " + std::to_string(c.content_length)};
    if (c.expect_continue) headers.emplace_back("Expect: 100-continue");
    RawConnection conn(server_.port());
    // Headers only: the answer must not wait for a body.
    ASSERT_TRUE(conn.Send(Head("POST", "/api/v1/contacts/import", headers)));
    auto res = conn.Read();
    ASSERT_TRUE(res) << conn.error();
    ASSERT_EQ(res->status, c.status) << res->body;
    if (c.status == 413) {
      EXPECT_EQ(res->Header("content-type").value_or(""), "application/json");
      EXPECT_EQ(JsonString(*res, {"error", "code"}), "PAYLOAD_TOO_LARGE") << res->body;
      EXPECT_NE(JsonString(*res, {"error", "details"}).find(std::to_string(kImportLimit)),
                std::string::npos)
          << res->body;
      EXPECT_TRUE(conn.ClosedByPeer()) << conn.error();
      EXPECT_EQ(UploadsArriving(), 0u);  // refused before a file was opened for it
    } else {
      EXPECT_EQ(res->reason, "Continue");
      EXPECT_EQ(UploadsArriving(), 1u);  // the server is ready to write it
    }
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    check(c);  // closes the connection, abandoning any upload
  }
  EXPECT_TRUE(NoUploadArriving()) << UploadsArriving() << " upload files left";
  EXPECT_EQ(server_.Get("/api/v1/imports", token_).data()["total"].GetInt64(), 0);
}

TEST_P(HttpProtocolE2E, AMalformedRequestLineGets400AndAClose) {
  RawConnection conn(server_.port());
  ASSERT_TRUE(conn.Send("GARBAGE\r\n\r\n"));
  auto res = conn.Read();
  ASSERT_TRUE(res) << conn.error();
  EXPECT_EQ(res->status, 400) << res->body;
  EXPECT_TRUE(conn.ClosedByPeer()) << conn.error();
}

TEST_P(HttpProtocolE2E, HeadersOver64KiBGet431AndAClose) {
  RawConnection conn(server_.port());
  // Past 64 KiB, the most a server should buffer for one head.
  const std::string padding(size_t{70} << 10, 'a');
  conn.SendUntilAnswered(Head("GET", "/healthz", {"X-Padding: " + padding}));
  auto res = conn.Read();
  ASSERT_TRUE(res) << conn.error();
  EXPECT_EQ(res->status, 431) << res->body;
  EXPECT_TRUE(conn.ClosedByPeer()) << conn.error();
}

TEST_P(HttpProtocolE2E, AChunkedCsvUploadIsImported) {
  RawConnection conn(server_.port());
  const std::string csv =
      "name,phone_number\nAda,+14155550101\nBob,+14155550102\nCy,+14155550103\n";
  // 7-byte chunks: rows and even phone numbers straddle chunk boundaries.
  ASSERT_TRUE(conn.Send(Head("POST", "/api/v1/contacts/import?file_name=chunked.csv",
                             {"Content-Type: text/csv", "Transfer-Encoding: chunked"}) +
                        Chunked(csv, 7)));
  auto queued = conn.Read();
  ASSERT_TRUE(queued) << conn.error();
  ASSERT_EQ(queued->status, 202) << queued->body;
  auto done = RunImport(*queued);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_STREQ(done.data()["status"].GetString(), "completed");
  EXPECT_EQ(done.data()["progress"]["created"].GetInt64(), 3) << done.body;
}

TEST_P(HttpProtocolE2E, ALargeMultipartUploadSentAfter100ContinueIsImportedWhole) {
  constexpr int kRows = 20000;
  const std::string boundary = "sbProtocolBoundary9f3c";
  // ~3 MiB: name and email keep rows distinct, the notes give them weight.
  std::string csv = "name,email,notes\n";
  const std::string notes(100, 'n');
  for (int i = 0; i < kRows; ++i) {
    const std::string n = std::to_string(i);
    csv.append("Contact ").append(n).append(",c").append(n).append("@example.test,");
    csv.append(notes).append("\n");
  }
  const std::string part = "--" + boundary + "\r\nContent-Disposition: form-data; name=";
  const std::string body = part + "\"on_duplicate\"\r\n\r\nskip\r\n" + part +
                           "\"file\"; filename=\"big.csv\"\r\nContent-Type: text/csv\r\n\r\n" +
                           csv + "\r\n--" + boundary + "--\r\n";
  ASSERT_GT(body.size(), size_t{2} << 20);

  RawConnection conn(server_.port());
  ASSERT_TRUE(
      conn.Send(Head("POST", "/api/v1/contacts/import",
                     {"Content-Type: multipart/form-data; boundary=" + boundary,
                      "Content-Length: " + std::to_string(body.size()), "Expect: 100-continue"})));
  auto interim = conn.Read();
  ASSERT_TRUE(interim) << "no 100 Continue: " << conn.error();
  ASSERT_EQ(interim->status, 100);
  ASSERT_TRUE(conn.Send(body)) << conn.error();
  auto queued = conn.Read();
  ASSERT_TRUE(queued) << conn.error();
  ASSERT_EQ(queued->status, 202) << queued->body;
  auto done = RunImport(*queued);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_STREQ(done.data()["status"].GetString(), "completed");
  EXPECT_EQ(done.data()["progress"]["created"].GetInt64(), kRows) << done.body;
  EXPECT_EQ(server_.Get("/api/v1/contacts", token_).data()["total"].GetInt64(), kRows);
}

}  // namespace
}  // namespace sb::testing
