// An upload goes to disk while it arrives, not to memory: the import route's
// body is in a file under the upload directory before its last byte is sent,
// that file becomes the import's (moved, not copied), and an upload the
// client abandons leaves nothing behind. Idempotency keys know such a body by
// the digest taken while it arrived.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "e2e/raw_http.hpp"
#include "e2e/server_test_fixture.hpp"
#include "e2e/test_server.hpp"

namespace sb::testing {
namespace {

namespace fs = std::filesystem;

// A CSV of `rows` contacts.
std::string Csv(int rows) {
  std::string csv = "name,phone_number\n";
  for (int i = 0; i < rows; ++i) {
    csv += "Contact " + std::to_string(i) + ",+1415" + std::to_string(2000000 + i) + "\n";
  }
  return csv;
}

class UploadSpoolE2E : public ServerTest {
 protected:
  std::string IncomingDir() { return server_.import_worker().spool_dir() + "/incoming"; }
  // The size of each upload file in the upload directory.
  std::vector<uintmax_t> UploadSizes() {
    std::vector<uintmax_t> sizes;
    std::error_code ec;
    for (fs::directory_iterator it(IncomingDir(), ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code size_ec;
      uintmax_t size = fs::file_size(it->path(), size_ec);
      if (!size_ec) sizes.push_back(size);
    }
    return sizes;
  }
  // Waits (up to 10 s) until the upload directory holds exactly `sizes`.
  bool WaitForUploads(const std::vector<uintmax_t>& sizes) {
    for (int i = 0; i < 1000; ++i) {
      if (UploadSizes() == sizes) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  std::string Head(size_t content_length) const {
    return "POST /api/v1/contacts/import HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
           token_ +
           "\r\nContent-Type: text/csv\r\nContent-Length: " + std::to_string(content_length) +
           "\r\n\r\n";
  }
};

SB_INSTANTIATE_ENGINES(UploadSpoolE2E);

TEST_P(UploadSpoolE2E, TheBodyIsOnDiskBeforeItsLastByteArrivesAndBecomesTheImportsFile) {
  const std::string csv = Csv(6000);
  const size_t half = csv.size() / 2;
  RawConnection conn(server_.port(), 30);
  ASSERT_TRUE(conn.Send(Head(csv.size()) + csv.substr(0, half)));
  ASSERT_TRUE(WaitForUploads({half})) << "upload files: " << UploadSizes().size();

  ASSERT_TRUE(conn.Send(csv.substr(half)));
  auto queued = conn.Read();
  ASSERT_TRUE(queued.has_value()) << conn.error();
  ASSERT_EQ(queued->status, 202) << queued->body;
  EXPECT_TRUE(UploadSizes().empty());
  const auto doc = queued->Json();
  const std::string uuid = doc["data"]["uuid"].GetString();
  // Moved into the import directory whole.
  int csv_files = 0;
  for (const auto& entry : fs::directory_iterator(server_.import_worker().spool_dir())) {
    if (entry.is_regular_file()) {
      ++csv_files;
      EXPECT_EQ(entry.file_size(), csv.size());
    }
  }
  EXPECT_EQ(csv_files, 1);

  ASSERT_EQ(server_.RunImports(), 1);
  auto done = server_.Get("/api/v1/imports/" + uuid, token_);
  EXPECT_STREQ(done.data()["status"].GetString(), "completed");
  EXPECT_EQ(done.data()["progress"]["created"].GetInt64(), 6000);
}

TEST_P(UploadSpoolE2E, AnUploadTheClientAbandonsLeavesNoFile) {
  const std::string csv = Csv(5000);
  {
    RawConnection conn(server_.port(), 30);
    ASSERT_TRUE(conn.Send(Head(csv.size()) + csv.substr(0, 1000)));
    ASSERT_TRUE(WaitForUploads({1000}));
  }
  EXPECT_TRUE(WaitForUploads({}));
  EXPECT_EQ(server_.Get("/api/v1/imports", token_).data()["total"].GetInt64(), 0);
}

TEST_P(UploadSpoolE2E, AnIdempotentUploadReplaysForTheSameBytesAndRefusesOthers) {
  auto post = [&](const std::string& csv) {
    return server_.Send("POST", "/api/v1/contacts/import", csv,
                        {{"Authorization", "Bearer " + token_},
                         {"Content-Type", "text/csv"},
                         {"Idempotency-Key", "spring-list"}});
  };
  auto first = post(Csv(10));
  ASSERT_EQ(first.status, 202) << first.body;
  auto again = post(Csv(10));
  EXPECT_EQ(again.status, 202);
  EXPECT_EQ(again.body, first.body);
  auto other = post(Csv(11));
  EXPECT_EQ(other.status, 422) << other.body;
  EXPECT_STREQ(other.json["error"]["field"].GetString(), "Idempotency-Key");
  EXPECT_EQ(server_.Get("/api/v1/imports", token_).data()["total"].GetInt64(), 1);
}

}  // namespace
}  // namespace sb::testing
