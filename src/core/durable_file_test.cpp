#include "core/durable_file.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "support/temp_dir.hpp"

namespace sb {
namespace {

class DurableFileTest : public ::testing::Test {
 protected:
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  static void Write(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // The names in the directory, sorted.
  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir_)) {
      names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  sb::testing::TempDir tmp_;
  const std::string dir_ = tmp_.path();
};

// Bytes that differ at every offset, so a copy off by one shows.
std::string Pattern(size_t size) {
  std::string s(size, '\0');
  for (size_t i = 0; i < size; ++i) s[i] = static_cast<char>((i * 7 + i / 251) & 0xff);
  return s;
}

TEST_F(DurableFileTest, WriteFileDurablyWritesOrReplacesTheWholeFile) {
  ASSERT_TRUE(WriteFileDurably(Path("a"), "first").ok());
  ASSERT_TRUE(WriteFileDurably(Path("a"), "second").ok());
  EXPECT_EQ(Read(Path("a")), "second");
  EXPECT_EQ(Names(), std::vector<std::string>{"a"});
  auto failed = WriteFileDurably(Path("no/such/dir/a"), "x");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code(), ErrorCode::kInternal);
  EXPECT_NE(failed.error().details().find(Path("no/such/dir/a.partial")), std::string::npos);
}

TEST_F(DurableFileTest, CopyFileRangeDurablyCopiesExactlyTheRange) {
  // Larger than the fallback's 64 KiB buffer, so both copies take several turns.
  const std::string source = Pattern(300'000);
  Write(Path("from"), source);
  struct Case {
    uint64_t offset;
    uint64_t length;
  };
  const std::vector<Case> cases = {
      {0, source.size()},     {1, 100}, {70'000, 200'000}, {0, 0}, {source.size(), 0},
      {source.size() - 1, 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::to_string(c.offset) + "+" + std::to_string(c.length));
    auto copied = CopyFileRangeDurably(Path("from"), c.offset, c.length, Path("to"));
    ASSERT_TRUE(copied.ok()) << copied.error().details();
    EXPECT_EQ(Read(Path("to")), source.substr(c.offset, c.length));
    EXPECT_EQ(Names(), (std::vector<std::string>{"from", "to"}));
  }
}

TEST_F(DurableFileTest, CopyFileRangeDurablyAcrossFileSystemsCopiesThroughMemory) {
  // /dev/shm is a tmpfs: the kernel refuses copy_file_range between it and
  // another file system, so the read/write fallback does the copy.
  struct stat shm {};
  struct stat here {};
  if (::stat("/dev/shm", &shm) != 0 || ::stat(dir_.c_str(), &here) != 0 ||
      shm.st_dev == here.st_dev) {
    GTEST_SKIP() << "no second file system at /dev/shm";
  }
  std::string from = "/dev/shm/durable-XXXXXX";
  const int fd = mkstemp(from.data());
  ASSERT_GE(fd, 0);
  ::close(fd);
  const std::string source = Pattern(200'000);
  Write(from, source);
  auto copied = CopyFileRangeDurably(from, 5, 150'000, Path("to"));
  ::unlink(from.c_str());
  ASSERT_TRUE(copied.ok()) << copied.error().details();
  EXPECT_EQ(Read(Path("to")), source.substr(5, 150'000));
}

TEST_F(DurableFileTest, AFailedCopyLeavesNothingBehind) {
  Write(Path("from"), "0123456789");
  struct Case {
    const char* name;
    std::string from;
    uint64_t offset;
    uint64_t length;
    std::string to;
    std::string named;  // in the error
  };
  const std::vector<Case> cases = {
      {"a missing source", Path("missing"), 0, 0, Path("to"), Path("missing")},
      {"a range past the end", Path("from"), 5, 6, Path("to"), Path("from")},
      {"an offset past the end", Path("from"), 11, 0, Path("to"), Path("from")},
      {"a huge length", Path("from"), 1, UINT64_MAX, Path("to"), Path("from")},
      {"a directory for source", dir_, 0, 0, Path("to"), dir_},
      {"a missing directory", Path("from"), 0, 1, Path("no/to"), Path("no/to.partial")},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto copied = CopyFileRangeDurably(c.from, c.offset, c.length, c.to);
    ASSERT_FALSE(copied.ok());
    EXPECT_EQ(copied.error().code(), ErrorCode::kInternal);
    EXPECT_NE(copied.error().details().find(c.named), std::string::npos)
        << copied.error().details();
    EXPECT_EQ(Names(), std::vector<std::string>{"from"});
  }
}

TEST_F(DurableFileTest, MoveFileDurablyRenamesOverTheTarget) {
  Write(Path("spool"), "upload");
  Write(Path("target"), "old");
  ASSERT_TRUE(MoveFileDurably(Path("spool"), Path("target")).ok());
  EXPECT_EQ(Read(Path("target")), "upload");
  EXPECT_EQ(Names(), std::vector<std::string>{"target"});
}

TEST_F(DurableFileTest, AFailedMoveLeavesBothFilesAsTheyWere) {
  Write(Path("spool"), "upload");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {Path("missing"), Path("target")},
      {Path("spool"), Path("no/target")},
  };
  for (const auto& [from, to] : cases) {
    SCOPED_TRACE(to);
    auto moved = MoveFileDurably(from, to);
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().code(), ErrorCode::kInternal);
    EXPECT_NE(moved.error().details().find(from), std::string::npos) << moved.error().details();
    EXPECT_EQ(Names(), std::vector<std::string>{"spool"});
    EXPECT_EQ(Read(Path("spool")), "upload");
  }
}

}  // namespace
}  // namespace sb
