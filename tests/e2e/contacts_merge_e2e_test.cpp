// POST /api/v1/contacts/{uuid}/merge end to end: what moves, what is filled,
// what the answer is, and the errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "e2e/contacts_e2e_util.hpp"
#include "e2e/pool_e2e_helpers.hpp"
#include "e2e/server_test_fixture.hpp"
#include "e2e/test_server.hpp"

namespace sb::testing {
namespace {

class ContactsMergeE2E : public ServerTest {
 protected:
  HttpResult Merge(const std::string& target, const std::string& body,
                   const std::string& token = "") {
    return server_.Post("/api/v1/contacts/" + target + "/merge", body,
                        token.empty() ? token_ : token);
  }
  std::string From(const std::string& uuid) { return R"({"from_uuid":")" + uuid + R"("})"; }
};

SB_INSTANTIATE_ENGINES(ContactsMergeE2E);

TEST_P(ContactsMergeE2E, MovesTagsPoolsCallsAndMessagesAndFillsEmptyFields) {
  std::string vip = CreateTag(server_, token_, "VIP");
  std::string target = CreateContact(
      server_, token_, R"({"name":"Ann","email":"ann@acme.test","metadata":{"tier":"gold"}})");
  std::string source = CreateContact(server_, token_,
                                     R"({"name":"Annie","surname":"Smith",)"
                                     R"("phone_number":"+14155550100",)"
                                     R"("metadata":{"tier":"silver","vip":true},)"
                                     R"("tag_uuids":[")" +
                                         vip + R"("]})");
  std::string pool = MakePool(server_, token_, "Spring");
  ASSERT_EQ(server_
                .Post("/api/v1/pools/" + pool + "/contacts",
                      R"({"contact_uuids":[")" + source + R"("]})", token_)
                .status,
            200);
  ASSERT_EQ(server_
                .Post("/api/v1/calls",
                      R"({"contact_uuid":")" + source +
                          R"(","status":"busy","started_at":"2024-02-28T10:00:00Z"})",
                      token_)
                .status,
            201);
  ASSERT_EQ(server_
                .Post("/api/v1/contacts/" + source + "/messages",
                      R"({"channel":"sms","status":"sent","sent_at":"2024-02-29T10:00:00Z",)"
                      R"("body":"Hi"})",
                      token_)
                .status,
            201);
  server_.clock().Advance(60);

  auto res = Merge(target, From(source));
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_STREQ(res.json["message"].GetString(), "Contacts merged successfully");
  const auto& c = res.data();
  EXPECT_EQ(Keys(c), kContactKeys);
  EXPECT_EQ(std::string(c["uuid"].GetString()), target);
  EXPECT_STREQ(c["name"].GetString(), "Ann");
  EXPECT_STREQ(c["surname"].GetString(), "Smith");
  EXPECT_STREQ(c["email"].GetString(), "ann@acme.test");
  EXPECT_STREQ(c["phone_number"].GetString(), "+14155550100");
  EXPECT_STREQ(c["metadata"]["tier"].GetString(), "gold");
  EXPECT_TRUE(c["metadata"]["vip"].GetBool());
  ASSERT_EQ(c["tags"].Size(), 1u);
  EXPECT_EQ(std::string(c["tags"][0]["uuid"].GetString()), vip);
  EXPECT_STREQ(c["last_call_status"].GetString(), "busy");
  EXPECT_STREQ(c["last_call_at"].GetString(), "2024-02-28T10:00:00Z");
  EXPECT_STREQ(c["last_message_at"].GetString(), "2024-02-29T10:00:00Z");
  EXPECT_STREQ(c["updated_at"].GetString(), "2024-03-01T12:01:00Z");
  // The answer is the contact as GET shows it.
  EXPECT_EQ(ToJson(c), ToJson(server_.Get("/api/v1/contacts/" + target, token_).data()));

  EXPECT_EQ(server_.Get("/api/v1/contacts/" + source, token_).status, 404);
  auto members = server_.Get("/api/v1/pools/" + pool + "/contacts", token_);
  ASSERT_EQ(members.status, 200) << members.body;
  ASSERT_EQ(members.data()["data"].Size(), 1u);
  EXPECT_EQ(std::string(members.data()["data"][0]["contact_uuid"].GetString()), target);
  auto calls = server_.Get("/api/v1/contacts/" + target + "/calls", token_);
  ASSERT_EQ(calls.status, 200) << calls.body;
  EXPECT_EQ(calls.data()["total"].GetInt(), 1);
  auto messages = server_.Get("/api/v1/contacts/" + target + "/messages", token_);
  ASSERT_EQ(messages.status, 200) << messages.body;
  EXPECT_EQ(messages.data()["total"].GetInt(), 1);
  auto list = server_.Get("/api/v1/contacts", token_);
  EXPECT_EQ(list.data()["total"].GetInt(), 1);
}

TEST_P(ContactsMergeE2E, ErrorsNameTheFieldOrAnswer404) {
  std::string a = CreateContact(server_, token_, R"({"name":"A","phone_number":"+14155550100"})");
  std::string b = CreateContact(server_, token_, R"({"name":"B","phone_number":"+14155550101"})");
  std::string globex = server_.CreateToken("Globex", "g@globex.test");
  std::string theirs =
      CreateContact(server_, globex, R"({"name":"G","phone_number":"+14155550102"})");
  std::string unknown = "0190a0a0-0000-7000-8000-0000000000ff";
  EXPECT_EQ(ErrorField(Merge(a, From(a))), "from_uuid");
  EXPECT_EQ(ErrorField(Merge(a, "{}")), "from_uuid");
  EXPECT_EQ(ErrorField(Merge(a, R"({"from_uuid":"nope"})")), "from_uuid");
  EXPECT_EQ(Merge(a, From(unknown)).status, 404);
  EXPECT_EQ(Merge(unknown, From(a)).status, 404);
  EXPECT_EQ(Merge(a, From(theirs)).status, 404);
  EXPECT_EQ(Merge(theirs, From(a)).status, 404);
  EXPECT_EQ(server_.Get("/api/v1/contacts/" + b, token_).status, 200);
  EXPECT_EQ(server_.Get("/api/v1/contacts/" + theirs, globex).status, 200);
  EXPECT_EQ(server_.Get("/api/v1/contacts", token_).data()["total"].GetInt(), 2);
}

}  // namespace
}  // namespace sb::testing
