// End-to-end tests of a loaded server, against a real, optimized `switchboard
// serve` process over a demo organization: slow readers of exports do not
// freeze anyone else, and an upload from a stranger is refused before any of
// its body is sent.
//
// The server is SWITCHBOARD_RELEASE_BINARY when set (an optimized build, as
// for the hostile-input tests), else this build's own executable: under the
// sanitizers (scripts/test.sh) the slowest answer seen was near 130 ms, well
// inside the second the test allows. Each test seeds its own store (a SQLite file or a new
// PostgreSQL database) with `switchboard demo`, and the server is stopped
// (killed if need be) however the test ends.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "e2e/cli_helpers.hpp"
#include "e2e/raw_http.hpp"
#include "e2e/subprocess.hpp"
#include "support/engine_test.hpp"
#include "support/temp_dir.hpp"
#include "support/test_db.hpp"

namespace sb::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

std::string ServerBinary() {
  const char* release = std::getenv("SWITCHBOARD_RELEASE_BINARY");
  return release != nullptr && *release != '\0' ? std::string(release) : kBinary;
}

// The stream caps `serve` has by default (http::ServerOptions).
constexpr int kStreamsPerOrg = 8;

class ServerLoadE2E : public ::sb::testing::EngineTest {
 protected:
  // Seeds `contacts` demo contacts and starts `serve` with `flags`.
  void Start(int64_t contacts, const std::vector<std::string>& flags = {}) {
    ASSERT_TRUE(store_.ok()) << store_.error();
    // Seeding is test setup: no fsync per commit, and time for a sanitizer
    // build on a loaded machine.
    RunResult demo = sb::testing::Run({binary_, "demo", "--db", store_.target(), "--durability",
                                       "normal", "--contacts", std::to_string(contacts)},
                                      300);
    ASSERT_EQ(demo.status.exit_code, 0) << Describe(demo);
    token_ = demo.out.substr(0, demo.out.find('\n'));
    ASSERT_TRUE(token_.starts_with("sb_")) << Describe(demo);
    std::vector<std::string> args{binary_,     "serve",     "--db",         store_.target(),
                                  "--host",    "127.0.0.1", "--port",       "0",
                                  "--threads", "2",         "--import-dir", dir_.File("imports")};
    args.insert(args.end(), flags.begin(), flags.end());
    server_ = std::make_unique<Subprocess>(args);
    ASSERT_TRUE(server_->running()) << server_->error();
    auto line = server_->WaitForStderrLine("listening on", SecondsFromNow(60));
    std::smatch m;
    ASSERT_TRUE(line && std::regex_search(*line, m, std::regex(R"(127\.0\.0\.1:(\d+))")))
        << "no port reported; stderr:\n"
        << server_->err();
    port_ = static_cast<uint16_t>(std::stoi(m[1].str()));
  }

  void TearDown() override {
    if (!server_ || !server_->running()) return;
    server_->Signal(SIGTERM);
    ExitStatus stopped = server_->Wait(SecondsFromNow(60));
    EXPECT_EQ(stopped.exit_code, 0) << "a SIGTERM ends serve cleanly\n" << server_->err();
  }

  // One request on a connection of its own; its status (0: no answer) and
  // how long the answer took.
  struct Timed {
    int status = 0;
    milliseconds took{0};
    std::string body;
  };
  Timed Request(const std::string& method, const std::string& path, const std::string& body = "") {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(std::chrono::seconds(30));
    httplib::Headers headers{{"Authorization", "Bearer " + token_}};
    const auto start = steady_clock::now();
    httplib::Result res = method == "GET" ? client.Get(path, headers)
                                          : client.Post(path, headers, body, "application/json");
    Timed out;
    out.took = std::chrono::duration_cast<milliseconds>(steady_clock::now() - start);
    if (res) {
      out.status = res->status;
      out.body = res->body;
    }
    return out;
  }

  // A request whose body is never sent: its head only, Content-Length
  // announcing `declared` bytes.
  static std::string UploadHead(size_t declared, const std::string& authorization,
                                bool expect_continue) {
    return "POST /api/v1/contacts/import HTTP/1.1\r\nHost: t\r\n" + authorization +
           "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: " +
           std::to_string(declared) + "\r\n" + (expect_continue ? "Expect: 100-continue\r\n" : "") +
           "\r\n";
  }

  TestStore store_;
  TempDir dir_;
  std::string binary_ = ServerBinary();
  std::string token_;
  std::unique_ptr<Subprocess> server_;
  uint16_t port_ = 0;
};

SB_INSTANTIATE_ENGINES(ServerLoadE2E);

// Item 1 of the issue: 24 clients ask for the export of 80 000 contacts (about
// 20 MB of CSV each, more than the socket buffers between them hold) and
// then read nothing. Up to the per-organization cap of them stream (each
// producer blocked on its client, holding no database connection); the rest
// are told 429 with Retry-After. Meanwhile /healthz, a page of the list and a
// paged Callab query keep answering within seconds, not after a stream.
TEST_P(ServerLoadE2E, SlowExportReadersDoNotFreezeOtherRequests) {
  Start(80000);
  constexpr int kReaders = 24;
  std::vector<std::unique_ptr<RawConnection>> readers;
  for (int i = 0; i < kReaders; ++i) {
    readers.push_back(std::make_unique<RawConnection>(port_, 30));
    ASSERT_TRUE(readers.back()->connected()) << readers.back()->error();
    ASSERT_TRUE(
        readers.back()->Send("GET /api/v1/contacts/export HTTP/1.1\r\nHost: t\r\n"
                             "Authorization: Bearer " +
                             token_ + "\r\n\r\n"));
  }
  // Every reader's answer has begun (its head is in), read no further.
  int streaming = 0;
  int refused = 0;
  for (auto& reader : readers) {
    auto head = reader->ReadHead();
    ASSERT_TRUE(head) << reader->error();
    if (head->status == 200) {
      ++streaming;
    } else {
      EXPECT_EQ(head->status, 429);
      EXPECT_TRUE(head->Header("retry-after").has_value());
      ++refused;
    }
  }
  EXPECT_EQ(streaming, kStreamsPerOrg);
  EXPECT_EQ(refused, kReaders - kStreamsPerOrg);

  // The streams now wait on clients that do not read. For 5 seconds, the
  // other requests answer as they would on an idle server.
  const auto until = steady_clock::now() + std::chrono::seconds(5);
  int rounds = 0;
  std::map<std::string, int64_t> slowest;  // ms, by request
  while (steady_clock::now() < until) {
    const std::vector<std::pair<std::string, Timed>> answers{
        {"/healthz", Request("GET", "/healthz")},
        {"list", Request("GET", "/api/v1/contacts?per_page=50")},
        {"Callab query", Request("POST", "/contact/query", R"({"page":0,"per_page":50})")}};
    for (const auto& [name, timed] : answers) {
      EXPECT_EQ(timed.status, 200) << name << ": " << timed.body;
      // Frozen means waiting on a stream (its 60 s write limit); under a
      // sanitizer build on a loaded machine an answer may take a second.
      EXPECT_LT(timed.took.count(), 5000) << name << " took " << timed.took.count() << " ms";
      slowest[name] = std::max(slowest[name], static_cast<int64_t>(timed.took.count()));
    }
    ++rounds;
    std::this_thread::sleep_for(milliseconds(200));
  }
  std::printf(
      "[ ServerLoadE2E ] %d rounds; slowest: /healthz %lld ms, list %lld ms, Callab %lld ms\n",
      rounds, static_cast<long long>(slowest["/healthz"]), static_cast<long long>(slowest["list"]),
      static_cast<long long>(slowest["Callab query"]));
  EXPECT_GE(rounds, 3);
}

// Item 2 of the issue: a stranger's 400 MB upload is refused from its head,
// before a byte of the body is sent, with or without Expect: 100-continue,
// and nothing was reserved or spooled for it.
TEST_P(ServerLoadE2E, AnUnauthenticatedUploadIsRefusedBeforeItsBody) {
  Start(10);
  constexpr size_t kDeclared = size_t{400} << 20;
  for (const std::string& authorization :
       {std::string(), std::string("Authorization: Bearer sb_not_a_token\r\n")}) {
    for (bool expect_continue : {false, true}) {
      SCOPED_TRACE((authorization.empty() ? "no token" : "a wrong token") +
                   std::string(expect_continue ? ", Expect: 100-continue" : ""));
      RawConnection conn(port_, 10);
      ASSERT_TRUE(conn.connected()) << conn.error();
      ASSERT_TRUE(conn.Send(UploadHead(kDeclared, authorization, expect_continue)));
      auto res = conn.Read();
      ASSERT_TRUE(res) << conn.error();
      EXPECT_EQ(res->status, 401) << res->body;
      EXPECT_TRUE(conn.ClosedByPeer()) << "the body is not read: the connection closes";
    }
  }
  // With the token, the same head is let through to its body.
  RawConnection conn(port_, 10);
  ASSERT_TRUE(conn.Send(UploadHead(kDeclared, "Authorization: Bearer " + token_ + "\r\n", true)));
  auto res = conn.Read();
  ASSERT_TRUE(res) << conn.error();
  EXPECT_EQ(res->status, 100);
}

}  // namespace
}  // namespace sb::testing
