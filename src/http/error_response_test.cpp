#include "http/error_response.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "support/log_capture.hpp"

namespace sb::http {
namespace {

using api::ErrorStyle;

constexpr const char* kCause =
    "SELECT * FROM contacts WHERE id = 7: database disk image is malformed "
    "(/var/lib/switchboard/switchboard.db, host db-7.internal)";

std::string Header(const api::ApiResponse& res, const std::string& name) {
  for (const auto& [key, value] : res.headers) {
    if (key == name) return value;
  }
  return "";
}

TEST(ErrorResponseTest, A5xxBodySaysOnlyTheRequestIdAndAGenericMessage) {
  struct Case {
    Error error;
    ErrorStyle style;
    int status;
    std::string message;
  };
  for (const Case& c : {
           Case{Error::Internal(kCause), ErrorStyle::kPlatform, 500, "internal error"},
           Case{Error::Internal(kCause), ErrorStyle::kTether, 500, "internal error"},
           Case{Error::Internal(kCause), ErrorStyle::kCallab, 500, "internal error"},
           Case{Error(ErrorCode::kUnavailable, kCause, kCause), ErrorStyle::kPlatform, 503,
                "service unavailable, retry later"},
           Case{Error(ErrorCode::kUnavailable, kCause, kCause), ErrorStyle::kTether, 503,
                "service unavailable, retry later"},
           Case{Error(ErrorCode::kUnavailable, kCause, kCause), ErrorStyle::kCallab, 503,
                "service unavailable, retry later"},
       }) {
    SCOPED_TRACE(std::to_string(c.status) + " style " + std::to_string(static_cast<int>(c.style)));
    testing::LogCapture log;
    api::ApiResponse res = ErrorResponse(c.error, c.style, RequestRef{"req-1", "GET", "/x?y=1"});
    EXPECT_EQ(res.status, c.status);
    for (const char* secret : {"SELECT", "malformed", "/var/lib", "db-7", "contacts"}) {
      EXPECT_EQ(res.body.find(secret), std::string::npos) << secret << " in " << res.body;
    }
    rapidjson::Document json;
    json.Parse(res.body.c_str());
    ASSERT_TRUE(json.IsObject()) << res.body;
    EXPECT_EQ(std::string(json["message"].GetString()), c.message);
    switch (c.style) {
      case ErrorStyle::kPlatform:
        EXPECT_FALSE(json["success"].GetBool());
        EXPECT_EQ(std::string(json["error"]["request_id"].GetString()), "req-1");
        EXPECT_EQ(std::string(json["error"]["details"].GetString()), "");
        EXPECT_TRUE(json["error"]["code"].IsString());
        break;
      case ErrorStyle::kTether:
        EXPECT_FALSE(json["success"].GetBool());
        EXPECT_EQ(std::string(json["request_id"].GetString()), "req-1");
        EXPECT_EQ(json.MemberCount(), 3u) << res.body;
        break;
      case ErrorStyle::kCallab:
        EXPECT_EQ(std::string(json["status"].GetString()), "error");
        EXPECT_EQ(std::string(json["request_id"].GetString()), "req-1");
        EXPECT_EQ(json.MemberCount(), 3u) << res.body;
        break;
    }
    EXPECT_EQ(Header(res, "Retry-After").empty(), c.status != 503);
    // The cause goes to the log, on the line naming the request.
    const std::string text = log.text();
    EXPECT_NE(text.find("request_id=req-1 GET /x?y=1 -> " + std::to_string(c.status)),
              std::string::npos)
        << text;
    EXPECT_NE(text.find(kCause), std::string::npos) << text;
  }
}

TEST(ErrorResponseTest, A4xxKeepsItsMessageAndDetailsAndIsNotLogged) {
  testing::LogCapture log;
  api::ApiResponse res =
      ErrorResponse(Error(ErrorCode::kNotFound, "Not found", "No route for /nope"),
                    ErrorStyle::kPlatform, RequestRef{"req-2", "GET", "/nope"});
  EXPECT_EQ(res.status, 404);
  rapidjson::Document json;
  json.Parse(res.body.c_str());
  ASSERT_TRUE(json.IsObject()) << res.body;
  EXPECT_EQ(std::string(json["message"].GetString()), "Not found");
  EXPECT_EQ(std::string(json["error"]["details"].GetString()), "No route for /nope");
  EXPECT_FALSE(json["error"].HasMember("request_id"));
  EXPECT_EQ(log.text(), "");

  api::ApiResponse tether = ErrorResponse(Error::Validation("phone", "phone is required"),
                                          ErrorStyle::kTether, RequestRef{"req-3", "GET", "/"});
  EXPECT_EQ(tether.status, 422);
  EXPECT_EQ(tether.body, R"({"success":false,"message":"phone is required"})");
}

TEST(ErrorResponseTest, ARequestRefusedBeforeItsHeadIsLoggedWithDashes) {
  testing::LogCapture log;
  (void)ErrorResponse(Error::Internal("boom"), ErrorStyle::kPlatform, RequestRef{"req-4", {}, {}});
  EXPECT_NE(log.text().find("request_id=req-4 - - -> 500"), std::string::npos) << log.text();
}

}  // namespace
}  // namespace sb::http
