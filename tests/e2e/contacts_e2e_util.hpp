// Helpers shared by the contacts end-to-end tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "e2e/test_server.hpp"

namespace sb::testing {

// Every key of a contact in /api/v1 responses, in order.
inline const std::vector<std::string> kContactKeys = {"uuid",
                                                      "name",
                                                      "surname",
                                                      "email",
                                                      "phone_number",
                                                      "number_type",
                                                      "country_code",
                                                      "timezone",
                                                      "primary_language",
                                                      "preferred_contact_channel",
                                                      "preferred_contact_time",
                                                      "status",
                                                      "stage_uuid",
                                                      "notes",
                                                      "metadata",
                                                      "created_at",
                                                      "updated_at",
                                                      "tags",
                                                      "last_call_status",
                                                      "last_call_at",
                                                      "last_call_duration",
                                                      "last_call_feedback",
                                                      "last_message_at",
                                                      "last_message_status",
                                                      "owner_uuid",
                                                      "created_by",
                                                      "assignee_uuids",
                                                      "source_name",
                                                      "lead_source",
                                                      "category",
                                                      "do_not_call",
                                                      "job_title"};

// POSTs a contact and returns its uuid (empty on failure, which is reported).
inline std::string CreateContact(TestServer& server, const std::string& token,
                                 const std::string& body) {
  auto res = server.Post("/api/v1/contacts", body, token);
  EXPECT_EQ(res.status, 201) << body << " -> " << res.body;
  if (res.status != 201) return "";
  return res.data()["uuid"].GetString();
}

inline std::string CreateTag(TestServer& server, const std::string& token,
                             const std::string& name) {
  auto res = server.Post("/api/v1/tags", R"({"name":")" + name + R"("})", token);
  EXPECT_EQ(res.status, 201) << res.body;
  if (res.status != 201) return "";
  return res.data()["uuid"].GetString();
}

// The sorted `name`s of the contacts in a list response's page.
inline std::vector<std::string> SortedNames(const HttpResult& list) {
  std::vector<std::string> out;
  if (!list.json.IsObject() || !list.json.HasMember("data") || !list.data().IsObject()) {
    ADD_FAILURE() << "not a paginated list: " << list.body;
    return out;
  }
  for (const auto& c : list.data()["data"].GetArray()) out.push_back(c["name"].GetString());
  std::sort(out.begin(), out.end());
  return out;
}

// The member names of a JSON object, in order.
inline std::vector<std::string> Keys(const rapidjson::Value& object) {
  std::vector<std::string> out;
  for (const auto& m : object.GetObject()) out.push_back(m.name.GetString());
  return out;
}

// The `error.field` of a 422 (empty when the response is not one).
inline std::string ErrorField(const HttpResult& res) {
  if (res.status != 422 || !res.json.IsObject() || !res.json.HasMember("error") ||
      !res.json["error"].HasMember("field")) {
    return "";
  }
  return res.json["error"]["field"].GetString();
}

}  // namespace sb::testing
