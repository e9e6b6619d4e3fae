#include "core/file_byte_source.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "support/temp_dir.hpp"

namespace sb {
namespace {

class FileByteSourceTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& bytes) const { return tmp_.Write("file", bytes); }

  sb::testing::TempDir tmp_;
  const std::string dir_ = tmp_.path();
};

TEST_F(FileByteSourceTest, ReadsAtAnyOffsetAndShortOnlyAtTheEnd) {
  auto source = FileByteSource::Open(Write("0123456789"));
  ASSERT_TRUE(source.ok()) << source.error().details();
  EXPECT_EQ((*source)->size(), 10u);
  struct Case {
    uint64_t offset;
    size_t n;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {0, 10, "0123456789"}, {3, 4, "3456"}, {7, 10, "789"}, {10, 5, ""}, {50, 5, ""}, {2, 0, ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.offset);
    std::string out(c.n, '?');
    auto got = (*source)->ReadAt(c.offset, out.data(), c.n);
    ASSERT_TRUE(got.ok()) << got.error().details();
    EXPECT_EQ(out.substr(0, *got), c.expected);
  }
  EXPECT_EQ(ReadRange(**source, 4, 6).value_or("?"), "456789");
}

TEST_F(FileByteSourceTest, WhatCannotBeOpenedIsAnInternalErrorNamingThePath) {
  for (const std::string& path : {dir_ + "/missing", dir_}) {
    SCOPED_TRACE(path);
    auto source = FileByteSource::Open(path);
    ASSERT_FALSE(source.ok());
    EXPECT_EQ(source.error().code(), ErrorCode::kInternal);
    EXPECT_NE(source.error().details().find(path), std::string::npos) << source.error().details();
  }
  auto missing = FileByteSource::Open(dir_ + "/missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().details().find("No such file"), std::string::npos);
}

}  // namespace
}  // namespace sb
