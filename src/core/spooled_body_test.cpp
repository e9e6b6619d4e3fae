#include "core/spooled_body.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/ids.hpp"

#include "support/temp_dir.hpp"

namespace sb {
namespace {

namespace fs = std::filesystem;

class SpooledBodyTest : public ::testing::Test {
 protected:
  int Files() const {
    int n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++n;
    return n;
  }
  sb::testing::TempDir tmp_;
  const std::string dir_ = tmp_.path();
};

TEST_F(SpooledBodyTest, TheBodyIsWrittenAsItArrivesAndHashed) {
  auto writer = SpoolWriter::Create(dir_);
  ASSERT_TRUE(writer.ok()) << writer.error().details();
  std::string all;
  for (int i = 0; i < 100; ++i) {
    std::string piece = "piece " + std::to_string(i) + "\n";
    ASSERT_TRUE((*writer)->Append(piece).ok());
    all += piece;
  }
  EXPECT_EQ((*writer)->size(), all.size());
  auto body = (*writer)->Finish();
  ASSERT_TRUE(body.ok());
  EXPECT_EQ((*body)->size(), all.size());
  EXPECT_EQ((*body)->sha256(), Sha256Hex(all));
  std::ifstream in((*body)->path(), std::ios::binary);
  std::stringstream read;
  read << in.rdbuf();
  EXPECT_EQ(read.str(), all);
  EXPECT_EQ(fs::path((*body)->path()).parent_path(), fs::path(dir_));
  EXPECT_TRUE(fs::path((*body)->path()).filename().string().starts_with("upload-"));
}

TEST_F(SpooledBodyTest, TheFileGoesWithTheLastReferenceOrAnUnfinishedWriter) {
  {
    auto writer = SpoolWriter::Create(dir_);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append("cut short").ok());
    EXPECT_EQ(Files(), 1);
  }
  EXPECT_EQ(Files(), 0);
  auto writer = SpoolWriter::Create(dir_);
  ASSERT_TRUE(writer.ok());
  auto body = (*writer)->Finish();
  ASSERT_TRUE(body.ok());
  EXPECT_EQ((*body)->sha256(), Sha256Hex(""));
  std::shared_ptr<const SpooledBody> kept = *body;
  body = Error::Internal("released");
  EXPECT_EQ(Files(), 1);
  kept.reset();
  EXPECT_EQ(Files(), 0);
}

TEST_F(SpooledBodyTest, AMissingDirectoryIsAnErrorNamingIt) {
  auto writer = SpoolWriter::Create(dir_ + "/missing");
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.error().code(), ErrorCode::kInternal);
  EXPECT_NE(writer.error().details().find("missing"), std::string::npos);
}

TEST_F(SpooledBodyTest, StaleUploadsAreRemovedAndFreshOnesAndOtherFilesKept) {
  std::ofstream(dir_ + "/upload-old") << "x";
  std::ofstream(dir_ + "/upload-new") << "x";
  std::ofstream(dir_ + "/other-old") << "x";
  auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(48);
  fs::last_write_time(dir_ + "/upload-old", old_time);
  fs::last_write_time(dir_ + "/other-old", old_time);
  EXPECT_EQ(RemoveStaleUploads(dir_, 24 * 3600), 1);
  EXPECT_FALSE(fs::exists(dir_ + "/upload-old"));
  EXPECT_TRUE(fs::exists(dir_ + "/upload-new"));
  EXPECT_TRUE(fs::exists(dir_ + "/other-old"));
  EXPECT_EQ(RemoveStaleUploads(dir_ + "/missing", 0), 0);
}

}  // namespace
}  // namespace sb
