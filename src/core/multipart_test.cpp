#include "core/multipart.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/file_byte_source.hpp"

#include "support/temp_dir.hpp"

namespace sb {
namespace {

TEST(Multipart, MediaTypeAndBoundaryOfAContentType) {
  struct Case {
    const char* content_type;
    const char* media;
    std::optional<std::string> boundary;
  };
  const std::vector<Case> cases = {
      {"multipart/form-data; boundary=abc", "multipart/form-data", "abc"},
      {"Multipart/Form-Data;boundary=\"a b;c\"", "multipart/form-data", "a b;c"},
      {"multipart/form-data; charset=utf-8; BOUNDARY=x1", "multipart/form-data", "x1"},
      {"multipart/form-data", "multipart/form-data", std::nullopt},
      {"multipart/form-data; boundary=", "multipart/form-data", std::nullopt},
      {" text/csv ; charset=utf-8", "text/csv", std::nullopt},
      {"", "", std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.content_type);
    EXPECT_EQ(MediaType(c.content_type), c.media);
    EXPECT_EQ(MultipartBoundary(c.content_type), c.boundary);
  }
}

TEST(Multipart, PartsAreViewsIntoTheBodyWithTheirNamesAndFileNames) {
  const std::string body =
      "preamble to ignore\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"on_duplicate\"\r\n\r\n"
      "update\r\n"
      "--XyZ\r\n"
      "content-disposition: form-data; name=\"file\"; filename=\"my \\\"leads\\\".csv\"\r\n"
      "Content-Type: text/csv\r\n\r\n"
      "name,notes\r\nAda,\"--XyZ is not a delimiter here\r\nbut this line is data\"\r\n\r\n"
      "--XyZ--\r\n"
      "epilogue";
  auto parts = ParseMultipart(body, "XyZ");
  ASSERT_TRUE(parts.ok()) << parts.error().details();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "on_duplicate");
  EXPECT_EQ((*parts)[0].data, "update");
  EXPECT_FALSE((*parts)[0].filename.has_value());
  EXPECT_EQ((*parts)[1].name, "file");
  EXPECT_EQ((*parts)[1].filename, "my \"leads\".csv");
  EXPECT_EQ((*parts)[1].content_type, "text/csv");
  EXPECT_EQ((*parts)[1].data,
            "name,notes\r\nAda,\"--XyZ is not a delimiter here\r\nbut this line is data\"\r\n");
  EXPECT_GE((*parts)[1].data.data(), body.data());  // a view, not a copy
  EXPECT_LT((*parts)[1].data.data(), body.data() + body.size());
}

TEST(Multipart, MalformedBodiesAreBadRequests) {
  const std::vector<std::pair<const char*, std::string>> cases = {
      {"no boundary at all", "name,phone\r\nAda,1\r\n"},
      {"no closing delimiter", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx"},
      {"no end of headers", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n"},
      {"a part without a name", "--b\r\nContent-Type: text/csv\r\n\r\nx\r\n--b--\r\n"},
  };
  for (const auto& [name, body] : cases) {
    SCOPED_TRACE(name);
    auto parts = ParseMultipart(body, "b");
    ASSERT_FALSE(parts.ok());
    EXPECT_EQ(parts.error().code(), ErrorCode::kBadRequest);
  }
  auto empty = ParseMultipart("--b--\r\n", "b");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

// Records the largest read it is asked for.
class RecordingSource final : public ByteSource {
 public:
  explicit RecordingSource(const ByteSource& inner) : inner_(inner) {}
  uint64_t size() const override { return inner_.size(); }
  Result<size_t> ReadAt(uint64_t offset, char* out, size_t n) const override {
    largest_read_ = std::max(largest_read_, n);
    return inner_.ReadAt(offset, out, n);
  }
  size_t largest_read() const { return largest_read_; }

 private:
  const ByteSource& inner_;
  mutable size_t largest_read_ = 0;
};

class FailingSource final : public ByteSource {
 public:
  uint64_t size() const override { return 100; }
  Result<size_t> ReadAt(uint64_t /*offset*/, char* /*out*/, size_t /*n*/) const override {
    return Error::Internal("cannot read the disk");
  }
};

// A part's headers for `name` (with `filename` when not empty).
std::string PartHeaders(const std::string& boundary, const std::string& name,
                        const std::string& filename = "") {
  std::string h = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"";
  if (!filename.empty()) h += "; filename=\"" + filename + "\"\r\nContent-Type: text/csv";
  return h + "\r\n\r\n";
}

// The ranges as comparable text, or the error's code and details.
std::string Describe(const Result<std::vector<MultipartRange>>& r) {
  if (!r.ok()) {
    return "error " + std::to_string(static_cast<int>(r.error().code())) + " " +
           r.error().details();
  }
  std::string out;
  for (const auto& p : *r) {
    out += p.name + "|" + p.filename.value_or("-") + "|" + p.content_type + "|" +
           std::to_string(p.offset) + "+" + std::to_string(p.length) + "\n";
  }
  return out;
}

// Bodies of every shape ParseMultipart's tests use, and a few more.
std::vector<std::string> SampleBodies() {
  return {
      "preamble\r\n" + PartHeaders("b", "a") + "1\r\n" + PartHeaders("b", "f", "x.csv") +
          "n,p\r\n--b is data\r\n\r\n--b--\r\nepilogue",
      PartHeaders("b", "empty") + "\r\n--b--",
      "--b--\r\n",
      "\r\n--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--b--",
      "name,phone\r\nAda,1\r\n",
      "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx",
      "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n",
      "--b\r\nContent-Type: text/csv\r\n\r\nx\r\n--b--\r\n",
      "--b",
      "",
  };
}

TEST(MultipartScan, AFileAndAStringOfTheSameBodyHaveTheSameParts) {
  sb::testing::TempDir dir;
  int n = 0;
  for (const std::string& body : SampleBodies()) {
    SCOPED_TRACE(body);
    auto file = FileByteSource::Open(dir.Write(std::to_string(n++), body));
    ASSERT_TRUE(file.ok()) << file.error().details();
    const std::string expected = Describe(ScanMultipart(StringByteSource(body), "b"));
    EXPECT_EQ(Describe(ScanMultipart(**file, "b")), expected);
    // Blocks of every size up to the body's, so every delimiter is split by one.
    for (size_t block = 1; block <= body.size(); ++block) {
      EXPECT_EQ(Describe(ScanMultipart(**file, "b", block)), expected) << "block " << block;
    }
  }
}

TEST(MultipartScan, DelimitersThatStraddleTheDefaultBlockAreFound) {
  constexpr size_t kBlock = kMultipartScanBlockSize;
  const std::string boundary = "----formdata-7MA4YWxkTrZu0gW";
  const size_t delimiter = boundary.size() + 4;  // "\r\n--boundary"
  // Blocks start where the search does: the body's start, then each part's data.
  const std::string preamble(kBlock - 2, 'p');
  const std::string small(kBlock - 3, 's');
  const std::string large(2 * kBlock - delimiter + 1, 'l');  // its delimiter's last byte over
  const std::string body = preamble + "\r\n" + PartHeaders(boundary, "small") + small + "\r\n" +
                           PartHeaders(boundary, "file", "big.csv") + large + "\r\n--" + boundary +
                           "--\r\n";
  sb::testing::TempDir dir;
  auto file = FileByteSource::Open(dir.Write("big", body));
  ASSERT_TRUE(file.ok()) << file.error().details();
  RecordingSource recorded(**file);
  auto parts = ScanMultipart(recorded, boundary);
  ASSERT_TRUE(parts.ok()) << parts.error().details();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "small");
  EXPECT_EQ(ReadRange(**file, (*parts)[0].offset, (*parts)[0].length).value_or(""), small);
  EXPECT_EQ((*parts)[1].filename, "big.csv");
  EXPECT_EQ((*parts)[1].length, large.size());
  EXPECT_EQ(ReadRange(**file, (*parts)[1].offset, (*parts)[1].length).value_or(""), large);
  EXPECT_EQ(Describe(parts), Describe(ScanMultipart(StringByteSource(body), boundary)));
  // Memory stays a block, whatever the body's size.
  EXPECT_LE(recorded.largest_read(), kBlock + delimiter - 1);
}

TEST(MultipartScan, BoundaryTextWithoutTheLeadingCrlfIsData) {
  const std::string data = "--XyZ\r\nx--XyZ--\r\n\n--XyZ\r--XyZ\r\n-XyZ\r\n--XyY";
  const std::string body = PartHeaders("XyZ", "file", "a.csv") + data + "\r\n--XyZ--";
  sb::testing::TempDir dir;
  auto file = FileByteSource::Open(dir.Write("body", body));
  ASSERT_TRUE(file.ok()) << file.error().details();
  for (size_t block : {size_t{1}, size_t{5}, size_t{6}, size_t{7}, kMultipartScanBlockSize}) {
    SCOPED_TRACE(block);
    auto parts = ScanMultipart(**file, "XyZ", block);
    ASSERT_TRUE(parts.ok()) << parts.error().details();
    ASSERT_EQ(parts->size(), 1u);
    EXPECT_EQ(ReadRange(**file, (*parts)[0].offset, (*parts)[0].length).value_or(""), data);
  }
}

TEST(MultipartScan, HeadersOver16KiBAreRefused) {
  // The header section runs from the end of the delimiter to the blank line.
  auto section = [](size_t size) {
    std::string s = "\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: ";
    s += std::string(size - s.size() - 4, 'h');
    return s + "\r\n\r\n";
  };
  const std::vector<std::pair<std::string, bool>> cases = {
      {"--b" + section(kMaxMultipartHeaderBytes) + "x\r\n--b--", true},
      {"--b" + section(kMaxMultipartHeaderBytes + 1) + "x\r\n--b--", false},
      {"--b" + std::string(kMaxMultipartHeaderBytes + 10, 'h') + "\r\n\r\nx\r\n--b--", false},
      {"--b\r\n" + std::string(3 * kMaxMultipartHeaderBytes, 'h'), false},
  };
  sb::testing::TempDir dir;
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(i);
    const auto& [body, ok] = cases[i];
    auto file = FileByteSource::Open(dir.Write(std::to_string(i), body));
    ASSERT_TRUE(file.ok()) << file.error().details();
    auto parts = ScanMultipart(**file, "b");
    ASSERT_EQ(parts.ok(), ok);
    if (ok) continue;
    EXPECT_EQ(parts.error().code(), ErrorCode::kBadRequest);
    EXPECT_EQ(parts.error().message(), "Malformed multipart body");
    EXPECT_EQ(parts.error().details(), "A part's headers exceed 16 KiB.");
    EXPECT_FALSE(ParseMultipart(body, "b").ok());
  }
}

TEST(MultipartScan, ABodyOfMoreThanTheMostPartsIsRefused) {
  // Tiny parts: what a body would hold to grow the server's memory cheaply.
  auto body = [](size_t parts) {
    std::string b;
    for (size_t i = 0; i < parts; ++i) b += PartHeaders("b", "f" + std::to_string(i)) + "x\r\n";
    return b + "--b--\r\n";
  };
  const std::string at_cap = body(kMaxMultipartParts);
  auto parts = ScanMultipart(StringByteSource(at_cap), "b");
  ASSERT_TRUE(parts.ok()) << parts.error().details();
  EXPECT_EQ(parts->size(), kMaxMultipartParts);
  EXPECT_EQ(parts->back().name, "f" + std::to_string(kMaxMultipartParts - 1));

  const std::string over = body(kMaxMultipartParts + 1);
  for (size_t block : {size_t{7}, kMultipartScanBlockSize}) {
    SCOPED_TRACE(block);
    auto refused = ScanMultipart(StringByteSource(over), "b", block);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code(), ErrorCode::kBadRequest);
    EXPECT_EQ(refused.error().message(), "Malformed multipart body");
    EXPECT_EQ(refused.error().details(), "The body has more than 1000 parts.");
  }
  EXPECT_FALSE(ParseMultipart(over, "b").ok());
}

TEST(MultipartScan, AReadFailureIsTheSourcesError) {
  auto parts = ScanMultipart(FailingSource(), "b");
  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(parts.error().code(), ErrorCode::kInternal);
  EXPECT_EQ(parts.error().details(), "cannot read the disk");
}

TEST(MultipartScan, ReadRangeReadsWithinTheBodyOnly) {
  const StringByteSource source("0123456789");
  EXPECT_EQ(ReadRange(source, 2, 3).value_or("?"), "234");
  EXPECT_EQ(ReadRange(source, 10, 0).value_or("?"), "");
  for (auto [offset, length] : {std::pair<uint64_t, uint64_t>{8, 3}, {11, 0}, {1, UINT64_MAX}}) {
    auto r = ReadRange(source, offset, length);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), ErrorCode::kInternal);
  }
}

}  // namespace
}  // namespace sb
