// Helpers for the pool, pool member and campaign end-to-end tests: creating
// pools and contacts through the API and reading list responses.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {

// The suite of pools_e2e_test.cpp and pool_duplicate_e2e_test.cpp, on both engines (instantiated in
// the first).
class PoolsE2E : public EngineTest {};

// Creates a pool named `name` (and `extra` JSON members, e.g. R"("type":"LIFO")")
// and returns its uuid.
inline std::string MakePool(TestServer& server, const std::string& token, const std::string& name,
                            const std::string& extra = "") {
  // A description is required; supply an empty one unless `extra` has its own.
  bool has_description = extra.find("\"description\"") != std::string::npos;
  std::string body = R"({"name":")" + name + "\"" +
                     (has_description ? "" : R"(,"description":"")") +
                     (extra.empty() ? "" : "," + extra) + "}";
  auto res = server.Post("/api/v1/pools", body, token);
  EXPECT_EQ(res.status, 201) << res.body;
  if (res.status != 201) return "";
  return res.data()["uuid"].GetString();
}

// Creates a contact through the contacts API; `extra` adds JSON members.
inline std::string MakeContact(TestServer& server, const std::string& token,
                               const std::string& name, const std::string& phone,
                               const std::string& extra = "") {
  std::string body = R"({"name":")" + name + R"(","phone_number":")" + phone + "\"" +
                     (extra.empty() ? "" : "," + extra) + "}";
  auto res = server.Post("/api/v1/contacts", body, token);
  EXPECT_EQ(res.status, 201) << res.body;
  if (res.status != 201) return "";
  return res.data()["uuid"].GetString();
}

// A JSON array of strings: ["a","b"].
inline std::string JsonArray(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ",\"" : "\"") + items[i] + "\"";
  return out + "]";
}

// The values of `key` in each object of `array`.
inline std::vector<std::string> Strings(const rapidjson::Value& array, const char* key) {
  std::vector<std::string> out;
  if (!array.IsArray()) return out;
  for (const auto& item : array.GetArray()) out.emplace_back(item[key].GetString());
  return out;
}

// The strings of a JSON array of strings.
inline std::vector<std::string> Strings(const rapidjson::Value& array) {
  std::vector<std::string> out;
  if (!array.IsArray()) return out;
  for (const auto& item : array.GetArray()) out.emplace_back(item.GetString());
  return out;
}

// Expects the error envelope with `status`, `code` and (when given) `field`.
inline void ExpectError(const HttpResult& res, int status, const char* code,
                        const char* field = nullptr) {
  ASSERT_EQ(res.status, status) << res.body;
  ASSERT_TRUE(res.json.IsObject()) << res.body;
  EXPECT_FALSE(res.json["success"].GetBool());
  EXPECT_TRUE(res.json["message"].IsString());
  EXPECT_STREQ(res.json["error"]["code"].GetString(), code) << res.body;
  if (field) {
    ASSERT_TRUE(res.json["error"].HasMember("field")) << res.body;
    EXPECT_STREQ(res.json["error"]["field"].GetString(), field) << res.body;
  }
}

// Checks a short paginator (pools, campaigns, rules, ...): exactly the keys
// current_page, last_page, per_page, total and data, with these values.
inline void ExpectShortPage(const rapidjson::Value& page, int current, int last, int per_page,
                            int total) {
  EXPECT_EQ(page.MemberCount(), 5u);
  EXPECT_EQ(page["current_page"].GetInt(), current);
  EXPECT_EQ(page["last_page"].GetInt(), last);
  EXPECT_EQ(page["per_page"].GetInt(), per_page);
  EXPECT_EQ(page["total"].GetInt(), total);
  EXPECT_TRUE(page["data"].IsArray());
}

}  // namespace sb::testing
