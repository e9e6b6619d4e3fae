// End-to-end tests of hostile input against a real, optimized `switchboard
// serve` process: JSON nested hundreds of thousands deep in a request body, in
// a CSV cell and in a query parameter, and a CSV record of 200 MB of empty
// cells. Each is refused (a 4xx, or a row error of its import) while the
// process stays up, keeps answering other requests and, for the long upload,
// keeps its memory bounded.
//
// The server is the optimized build when SWITCHBOARD_RELEASE_BINARY names one:
// allocation limits show at -O2 as they do in production, not as they do under
// the sanitizers (quarantined frees). Without it (scripts/test.sh, a plain
// ctest), the tests spawn this build's own executable, and the memory bound is
// relaxed when that one runs under AddressSanitizer; recursion fails sooner
// there (bigger frames), so the depth tests are stricter, not weaker.
//
// Each test starts its own server on port 0 over a fresh store (a SQLite file
// in a temporary directory, or a new PostgreSQL database), with its uploads in
// a temporary directory; the server is killed and reaped however the test ends.
#include <gtest/gtest.h>
#include <httplib.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/types.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <thread>

#include "e2e/cli_helpers.hpp"
#include "e2e/raw_http.hpp"
#include "e2e/subprocess.hpp"
#include "support/engine_test.hpp"
#include "support/temp_dir.hpp"
#include "support/test_db.hpp"

namespace sb::testing {
namespace {

// The executable under test: the optimized build when the caller names one,
// else this build's own.
std::string ServerBinary() {
  const char* release = std::getenv("SWITCHBOARD_RELEASE_BINARY");
  return release != nullptr && *release != '\0' ? std::string(release) : kBinary;
}

// True when the server is this build's own executable and this build runs
// under AddressSanitizer: its memory is then the sanitizer's, not the product's.
bool ServerUnderAsan() {
#if defined(__SANITIZE_ADDRESS__)
  const char* release = std::getenv("SWITCHBOARD_RELEASE_BINARY");
  return release == nullptr || *release == '\0';
#else
  return false;
#endif
}

constexpr int64_t kMiB = int64_t{1} << 20;
// The most the optimized server may hold at its peak through the 200 MB upload
// and its import; under AddressSanitizer (shadow memory, a 256 MiB quarantine
// of freed blocks) a looser bound that still tells bounded from unbounded.
const int64_t kPeakRssLimit = ServerUnderAsan() ? 1024 * kMiB : 256 * kMiB;
// A server past this is killed at once (and the test fails): an unbounded
// reader grows by gigabytes within seconds, which a shared machine should not
// have to survive.
const int64_t kRssKillCeiling = ServerUnderAsan() ? 2048 * kMiB : 1024 * kMiB;

// What the parser refuses, as json_parse.hpp words it.
constexpr std::string_view kDepthRefusal = "deeper than 64";

// The state letter of /proc/PID/stat (R, S, D, Z, ...); 0 when there is no such
// process.
char ProcessState(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // "PID (COMMAND) STATE ...": the command may hold spaces and parentheses.
  size_t paren = stat.rfind(')');
  if (paren == std::string::npos || paren + 2 >= stat.size()) return 0;
  return stat[paren + 2];
}

// A "VmRSS"/"VmHWM" line of /proc/PID/status, in bytes; -1 when unreadable.
int64_t ProcessMemory(pid_t pid, std::string_view key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(key) && line.size() > key.size() && line[key.size()] == ':') {
      return std::strtoll(line.c_str() + key.size() + 1, nullptr, 10) * 1024;
    }
  }
  return -1;
}

std::string Repeat(char c, size_t n) { return std::string(n, c); }

// JSON arrays nested `depth` deep, well formed: [[[...]]].
std::string NestedArrays(size_t depth) { return Repeat('[', depth) + Repeat(']', depth); }

// The phone number of row `i`: a valid US number, unique.
std::string Phone(int64_t i) { return "+1415" + std::to_string(2000000 + i); }

class HostileInputE2E : public ::sb::testing::EngineTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.ok()) << store_.error();
    RunResult token =
        sb::testing::Run({binary_, "token", "create", "--db", store_.target(), "--org", "Acme"});
    ASSERT_EQ(token.status.exit_code, 0) << Describe(token);
    ASSERT_TRUE(token.out.starts_with("sb_")) << Describe(token);
    bearer_ = "Bearer " + token.out.substr(0, token.out.find('\n'));

    server_ = std::make_unique<Subprocess>(std::vector<std::string>{
        binary_, "serve", "--db", store_.target(), "--host", "127.0.0.1", "--port", "0",
        "--threads", "2", "--import-dir", dir_.File("imports")});
    ASSERT_TRUE(server_->running()) << server_->error();
    auto line = server_->WaitForStderrLine("listening on", SecondsFromNow(60));
    std::smatch m;
    ASSERT_TRUE(line && std::regex_search(*line, m, std::regex(R"(127\.0\.0\.1:(\d+))")))
        << "no port reported; stderr:\n"
        << server_->err();
    port_ = static_cast<uint16_t>(std::stoi(m[1].str()));
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_read_timeout(std::chrono::seconds(30));
    client_->set_write_timeout(std::chrono::seconds(30));
  }

  void TearDown() override {
    // A server still up stops as it would in production; one that is not is
    // reaped by the Subprocess (killed first if it hangs).
    if (server_ && Alive()) {
      server_->Signal(SIGTERM);
      ExitStatus stopped = server_->Wait(SecondsFromNow(30));
      EXPECT_EQ(stopped.exit_code, 0) << "a SIGTERM ends serve cleanly: " << Ending(stopped) << "\n"
                                      << server_->err();
    }
  }

  // The server process exists and is not a zombie.
  bool Alive() const {
    char state = ProcessState(server_->pid());
    return state != 0 && state != 'Z' && state != 'X';
  }

  static std::string Ending(const ExitStatus& st) {
    return "exit " + std::to_string(st.exit_code) + ", signal " + std::to_string(st.signal) +
           (st.signal == SIGSEGV ? " (SIGSEGV)" : "") + (st.signal == SIGKILL ? " (SIGKILL)" : "") +
           (st.timed_out ? ", timed out" : "");
  }

  // Why the server is gone: reaps it and says how it ended.
  std::string Obituary() {
    ExitStatus st = server_->Wait(SecondsFromNow(10));
    return "the server died (" + Ending(st) + ")\nstderr:\n" + server_->err();
  }

  // Why a request got no answer: a server that dies (its connections close
  // before it is gone, e.g. while it dumps core) within 5 s is reported dead.
  std::string NoAnswer() {
    const Deadline deadline = SecondsFromNow(5);
    while (Alive() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return Alive() ? "the server is still running" : Obituary();
  }

  // The server is up and answers: /healthz and the contacts list are 200.
  ::testing::AssertionResult Serving(const std::string& when) {
    if (!Alive()) return ::testing::AssertionFailure() << when << ": " << Obituary();
    auto health = client_->Get("/healthz");
    if (!health || health->status != 200) {
      return ::testing::AssertionFailure()
             << when << ": GET /healthz "
             << (health ? std::to_string(health->status) : httplib::to_string(health.error()));
    }
    auto list = client_->Get("/api/v1/contacts", {{"Authorization", bearer_}});
    if (!list || list->status != 200) {
      return ::testing::AssertionFailure()
             << when << ": GET /api/v1/contacts "
             << (list ? std::to_string(list->status) + " " + list->body
                      : httplib::to_string(list.error()));
    }
    return ::testing::AssertionSuccess();
  }

  // GET `path` with the token: the status (0 when nothing came back) and the
  // body as JSON.
  std::pair<int, rapidjson::Document> GetJson(const std::string& path) {
    auto res = client_->Get(path, {{"Authorization", bearer_}});
    if (!res) return {0, rapidjson::Document()};
    return {res->status, ParseJson(res->body)};
  }

  // Polls the import until it leaves queued/running (or the server dies, or
  // 60 s pass); calls `tick` between polls. Null when it did not end.
  template <typename Tick>
  rapidjson::Document WaitForImport(const std::string& uuid, Tick tick) {
    const Deadline deadline = SecondsFromNow(60);
    auto next_poll = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() < deadline) {
      if (!tick() || !Alive()) break;
      if (std::chrono::steady_clock::now() >= next_poll) {
        auto [status, doc] = GetJson("/api/v1/imports/" + uuid);
        if (status == 200 && doc.IsObject() && doc["data"]["status"].IsString()) {
          std::string_view s = doc["data"]["status"].GetString();
          if (s != "queued" && s != "running") return std::move(doc);
        }
        next_poll = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return rapidjson::Document();
  }
  rapidjson::Document WaitForImport(const std::string& uuid) {
    return WaitForImport(uuid, [] { return true; });
  }

  // The import's row errors (at most 100).
  rapidjson::Document ImportErrors(const std::string& uuid) {
    auto [status, doc] = GetJson("/api/v1/imports/" + uuid + "/errors?per_page=100");
    EXPECT_EQ(status, 200);
    return std::move(doc);
  }

  // The row errors, for a failure's message.
  static std::string ErrorsText(const rapidjson::Value& errors) {
    rapidjson::StringBuffer out;
    rapidjson::Writer<rapidjson::StringBuffer> writer(out);
    errors.Accept(writer);
    return std::string(out.GetString(), out.GetSize()).substr(0, 2000);
  }

  // The organization's contact count (-1 when the list fails).
  int64_t ContactCount() {
    auto [status, doc] = GetJson("/api/v1/contacts");
    if (status != 200 || !doc.IsObject() || !doc["data"].IsObject()) return -1;
    return doc["data"]["total"].GetInt64();
  }

  const std::string binary_ = ServerBinary();
  TestStore store_;
  TempDir dir_;
  std::string bearer_;
  // Declared after the store: destroyed (killed, reaped) before the store
  // drops its database.
  std::unique_ptr<Subprocess> server_;
  uint16_t port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

SB_INSTANTIATE_ENGINES(HostileInputE2E);

// 300 000 '[' in a contact's body: refused as JSON nested too deep, not
// parsed one stack frame per '['.
TEST_P(HostileInputE2E, ABodyNested300000DeepIsA400AndTheServerStaysUp) {
  auto res = client_->Post("/api/v1/contacts", {{"Authorization", bearer_}}, Repeat('[', 300000),
                           "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error()) << "\n" << NoAnswer();
  EXPECT_EQ(res->status, 400) << res->body.substr(0, 500);
  rapidjson::Document doc = ParseJson(res->body);
  ASSERT_TRUE(doc.IsObject() && doc.HasMember("error")) << res->body.substr(0, 500);
  EXPECT_STREQ(doc["error"]["code"].GetString(), "MALFORMED_JSON");
  std::string said =
      std::string(doc["message"].GetString()) + " / " +
      (doc["error"]["details"].IsString() ? doc["error"]["details"].GetString() : "");
  EXPECT_NE(said.find(kDepthRefusal), std::string::npos) << said;
  EXPECT_TRUE(Serving("after the nested body"));
  EXPECT_EQ(ContactCount(), 0);
}

// A metadata cell holding well-formed JSON nested 400 000 deep (800 KB, under
// the 1 MiB record limit) among ordinary rows: that row is rejected, the others
// imported, the import completed.
TEST_P(HostileInputE2E, AMetadataCellNested400000DeepIsARowErrorAndTheOtherRowsImport) {
  constexpr int kRows = 6;
  constexpr int kDeepRow = 2;  // 0-based: line 4 of the file
  std::string csv = "name,phone_number,metadata.note\n";
  for (int i = 0; i < kRows; ++i) {
    csv += "Lead " + std::to_string(i) + "," + Phone(i) + ",";
    // The others hold ordinary JSON (quoted, as CSV wants a cell with quotes).
    csv += i == kDeepRow ? NestedArrays(400000) : R"("{""plan"": ""pro""}")";
    csv += "\n";
  }
  ASSERT_LT(csv.size(), static_cast<size_t>(kMiB)) << "the deep record must stay under 1 MiB";
  auto res =
      client_->Post("/api/v1/contacts/import", {{"Authorization", bearer_}}, csv, "text/csv");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  ASSERT_EQ(res->status, 202) << res->body.substr(0, 500);
  rapidjson::Document queued = ParseJson(res->body);
  const std::string uuid = queued["data"]["uuid"].GetString();

  rapidjson::Document done = WaitForImport(uuid);
  ASSERT_TRUE(Alive()) << "while importing: " << Obituary();
  ASSERT_TRUE(done.IsObject()) << "the import did not end within 60 s";
  const auto& data = done["data"];
  EXPECT_STREQ(data["status"].GetString(), "completed");
  EXPECT_EQ(data["progress"]["rows_read"].GetInt64(), kRows);
  EXPECT_EQ(data["progress"]["created"].GetInt64(), kRows - 1);
  EXPECT_EQ(data["progress"]["failed"].GetInt64(), 1);

  rapidjson::Document errors = ImportErrors(uuid);
  ASSERT_TRUE(errors.IsObject() && errors["data"]["data"].IsArray());
  const auto& list = errors["data"]["data"];
  ASSERT_EQ(list.Size(), 1u) << ErrorsText(errors);
  EXPECT_EQ(list[0]["line"].GetInt64(), kDeepRow + 2);
  const std::string reason = list[0]["reason"].IsString() ? list[0]["reason"].GetString() : "";
  // The cell's own bound is one level less (its value sits inside the
  // contact's metadata): the reason names the depth, and the 64 of the whole.
  EXPECT_NE(reason.find("deeper than"), std::string::npos) << reason;
  EXPECT_NE(reason.find("64"), std::string::npos) << reason;

  EXPECT_TRUE(Serving("after the import"));
  EXPECT_EQ(ContactCount(), kRows - 1);
}

// A CSV record of 200 MB of empty cells: the upload goes to disk, the import
// rejects that record (too many cells, or too long) without building its
// cells, the rows around it import, and the server's memory stays bounded.
// The body is streamed 1 MiB at a time, never held whole.
TEST_P(HostileInputE2E, A200MegabyteRecordOfEmptyCellsIsARowErrorInBoundedMemory) {
  const std::string head = "name,phone_number\nLead 0," + Phone(0) + "\n";
  const std::string tail = "\nLead 1," + Phone(1) + "\n";
  constexpr int64_t kCommaMiB = 200;
  const std::string mib_of_commas = Repeat(',', static_cast<size_t>(kMiB));
  const int64_t length = static_cast<int64_t>(head.size() + tail.size()) + kCommaMiB * kMiB;

  // Samples the server's memory; false once it has to be killed.
  const pid_t pid = server_->pid();
  int64_t peak = 0;
  bool killed = false;
  auto watch = [&] {
    int64_t rss = ProcessMemory(pid, "VmRSS");
    peak = std::max(peak, ProcessMemory(pid, "VmHWM"));
    if (rss > kRssKillCeiling) {
      killed = true;
      server_->Signal(SIGKILL);
      server_->Wait(SecondsFromNow(30));
      return false;
    }
    return true;
  };

  const auto started = std::chrono::steady_clock::now();
  std::string uuid;
  {
    RawConnection conn(port_, 60);
    ASSERT_TRUE(conn.connected()) << conn.error();
    ASSERT_TRUE(conn.Send(
        "POST /api/v1/contacts/import HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Authorization: " +
        bearer_ + "\r\nContent-Type: text/csv\r\nContent-Length: " + std::to_string(length) +
        "\r\n\r\n" + head))
        << conn.error();
    for (int64_t i = 0; i < kCommaMiB; ++i) {
      ASSERT_TRUE(conn.Send(mib_of_commas)) << "after " << i << " MiB: " << conn.error() << "\n"
                                            << NoAnswer();
      ASSERT_TRUE(watch()) << "RSS over " << kRssKillCeiling / kMiB << " MiB during the upload";
      if (i == kCommaMiB / 2) {
        ASSERT_TRUE(Serving("halfway through the upload"));
      }
    }
    ASSERT_TRUE(conn.Send(tail)) << conn.error();
    auto queued = conn.Read();
    ASSERT_TRUE(queued) << conn.error() << "\n" << NoAnswer();
    ASSERT_EQ(queued->status, 202) << queued->body.substr(0, 500);
    rapidjson::Document doc = queued->Json();
    ASSERT_TRUE(doc.IsObject() && doc["data"]["uuid"].IsString()) << queued->body.substr(0, 500);
    uuid = doc["data"]["uuid"].GetString();
  }
  const auto uploaded = std::chrono::steady_clock::now();

  // While it imports, the server keeps answering (checked every half second).
  auto next_check = std::chrono::steady_clock::now();
  bool answered = true;
  rapidjson::Document done = WaitForImport(uuid, [&] {
    if (!watch()) return false;
    if (std::chrono::steady_clock::now() >= next_check) {
      auto health = client_->Get("/healthz");
      answered = answered && health && health->status == 200;
      next_check = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
    }
    return true;
  });
  watch();
  auto seconds = [](auto from, auto to) {
    return std::chrono::duration<double>(to - from).count();
  };
  RecordProperty("server_peak_rss_kib", std::to_string(peak / 1024));
  std::printf(
      "[ HostileInputE2E ] 200 MB record: server peak RSS %lld KiB (limit %lld KiB); upload "
      "%.1f s, import %.1f s\n",
      static_cast<long long>(peak / 1024), static_cast<long long>(kPeakRssLimit / 1024),
      seconds(started, uploaded), seconds(uploaded, std::chrono::steady_clock::now()));
  ASSERT_FALSE(killed) << "the server's RSS passed " << kRssKillCeiling / kMiB
                       << " MiB while importing: killed";
  ASSERT_TRUE(Alive()) << "while importing: " << Obituary();
  EXPECT_TRUE(answered) << "GET /healthz failed while the import ran";
  ASSERT_TRUE(done.IsObject()) << "the import did not end within 60 s";
  EXPECT_LT(peak, kPeakRssLimit) << "peak RSS " << peak / kMiB << " MiB";

  const auto& data = done["data"];
  EXPECT_STREQ(data["status"].GetString(), "completed");
  EXPECT_EQ(data["progress"]["rows_read"].GetInt64(), 3);
  EXPECT_EQ(data["progress"]["created"].GetInt64(), 2) << "the rows before and after it";
  EXPECT_EQ(data["progress"]["failed"].GetInt64(), 1);
  rapidjson::Document errors = ImportErrors(uuid);
  ASSERT_TRUE(errors.IsObject() && errors["data"]["data"].IsArray());
  const auto& list = errors["data"]["data"];
  ASSERT_EQ(list.Size(), 1u) << ErrorsText(errors);
  EXPECT_EQ(list[0]["line"].GetInt64(), 3);
  const std::string reason = list[0]["reason"].IsString() ? list[0]["reason"].GetString() : "";
  EXPECT_TRUE(reason.find("cells") != std::string::npos ||
              reason.find("bytes") != std::string::npos)
      << reason;

  EXPECT_TRUE(Serving("after the import"));
  EXPECT_EQ(ContactCount(), 2);
}

// A JSON query parameter (the Tether list's dateRange) nested 10 000 deep, as
// deep as a request line of at most 64 KiB allows: refused naming the limit.
TEST_P(HostileInputE2E, AQueryParameterNestedDeepIsRefusedNamingTheLimit) {
  constexpr size_t kDepth = 10000;
  std::string range;
  range.reserve(kDepth * 6);
  for (size_t i = 0; i < kDepth; ++i) range += "%5B";
  for (size_t i = 0; i < kDepth; ++i) range += "%5D";
  RawConnection conn(port_, 30);
  ASSERT_TRUE(conn.connected()) << conn.error();
  ASSERT_TRUE(conn.Send("GET /api/contacts?ownerFilter=all&dateRange=" + range +
                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + bearer_ +
                        "\r\nConnection: close\r\n\r\n"))
      << conn.error();
  auto res = conn.Read();
  ASSERT_TRUE(res) << conn.error() << "\n" << NoAnswer();
  EXPECT_TRUE(res->status == 400 || res->status == 422) << res->status << " " << res->body;
  EXPECT_NE(res->body.find(kDepthRefusal), std::string::npos) << res->body;
  EXPECT_TRUE(Serving("after the nested query parameter"));
}

}  // namespace
}  // namespace sb::testing
