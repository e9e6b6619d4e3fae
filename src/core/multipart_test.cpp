#include "core/multipart.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace sb
