// /api/v1/contacts/{uuid}/messages end to end: recording and listing a
// contact's messages, validation, the contact's last_message_* fields and
// tenant isolation.
#include <gtest/gtest.h>

#include "e2e/contacts_e2e_util.hpp"
#include "e2e/server_test_fixture.hpp"
#include "e2e/test_server.hpp"

namespace sb::testing {
namespace {

using V = std::vector<std::string>;

class MessagesE2E : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    other_token_ = server_.CreateToken("Globex", "ops@globex.example");
    ann_ = CreateContact(server_, token_, R"({"name":"Ann","phone_number":"+14155552671"})");
    bob_ = CreateContact(server_, token_, R"({"name":"Bob","phone_number":"+14155552672"})");
  }

  std::string Path(const std::string& contact) {
    return "/api/v1/contacts/" + contact + "/messages";
  }

  std::string Record(const std::string& contact, const std::string& status,
                     const std::string& sent_at, const std::string& body = "Hi") {
    auto res = server_.Post(Path(contact),
                            R"({"channel":"sms","status":")" + status + R"(","sent_at":")" +
                                sent_at + R"(","body":")" + body + R"("})",
                            token_);
    EXPECT_EQ(res.status, 201) << res.body;
    return res.status == 201 ? res.data()["uuid"].GetString() : "";
  }

  std::string other_token_;
  std::string ann_;
  std::string bob_;
};

SB_INSTANTIATE_ENGINES(MessagesE2E);

TEST_P(MessagesE2E, CreateReturnsTheMessageWithEveryField) {
  server_.clock().Advance(30);
  auto res = server_.Post(Path(ann_),
                          R"({"channel":"whatsapp","direction":"inbound","body":"Call me at 5",)"
                          R"("status":"received","sent_at":"2024-03-01T11:15:00Z",)"
                          R"("uuid":"ignored","contact_uuid":"ignored","created_at":"x"})",
                          token_);
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_STREQ(res.json["message"].GetString(), "Message created successfully");
  std::string uuid = res.data()["uuid"].GetString();
  EXPECT_EQ(ToJson(res.data()), R"({"uuid":")" + uuid + R"(","contact_uuid":")" + ann_ +
                                    R"(","channel":"whatsapp","direction":"inbound",)"
                                    R"("body":"Call me at 5","status":"received",)"
                                    R"("sent_at":"2024-03-01T11:15:00Z",)"
                                    R"("created_at":"2024-03-01T12:00:30Z"})");
}

TEST_P(MessagesE2E, CreateAppliesDefaults) {
  auto res = server_.Post(Path(ann_), R"({"channel":"sms","status":"queued"})", token_);
  ASSERT_EQ(res.status, 201) << res.body;
  std::string uuid = res.data()["uuid"].GetString();
  EXPECT_EQ(ToJson(res.data()), R"({"uuid":")" + uuid + R"(","contact_uuid":")" + ann_ +
                                    R"(","channel":"sms","direction":"outbound","body":"",)"
                                    R"("status":"queued","sent_at":"2024-03-01T12:00:00Z",)"
                                    R"("created_at":"2024-03-01T12:00:00Z"})");
  for (const char* status : {"queued", "sent", "delivered", "read", "failed", "received"}) {
    auto each = server_.Post(
        Path(ann_), R"({"channel":"whatsapp","status":")" + std::string(status) + "\"}", token_);
    EXPECT_EQ(each.status, 201) << status << ": " << each.body;
  }
}

TEST_P(MessagesE2E, ValidationNamesTheField) {
  struct Case {
    std::string body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {R"({"status":"sent"})", "channel"},
      {R"({"channel":"email","status":"sent"})", "channel"},
      {R"({"channel":"SMS","status":"sent"})", "channel"},
      {R"({"channel":"sms"})", "status"},
      {R"({"channel":"sms","status":"seen"})", "status"},
      {R"({"channel":"sms","status":"sent","direction":"up"})", "direction"},
      {R"({"channel":"sms","status":"sent","body":7})", "body"},
      {R"({"channel":"sms","status":"sent","body":")" + std::string(4097, 'x') + "\"}", "body"},
      {R"({"channel":"sms","status":"sent","sent_at":"soon"})", "sent_at"},
      {R"({"channel":"sms","status":"sent","sent_at":1709294400})", "sent_at"},
  };
  for (const auto& c : cases) {
    auto res = server_.Post(Path(ann_), c.body, token_);
    EXPECT_EQ(res.status, 422) << c.body.substr(0, 120) << " -> " << res.body.substr(0, 300);
    EXPECT_EQ(ErrorField(res), c.field) << c.body.substr(0, 120);
  }
  auto list = server_.Get(Path(ann_), token_);
  EXPECT_EQ(list.data()["total"].GetInt(), 0);
  EXPECT_TRUE(server_.Get("/api/v1/contacts/" + ann_, token_).data()["last_message_at"].IsNull());

  // 4096 characters (not bytes) is the limit.
  std::string longest;
  for (int i = 0; i < 4096; ++i) longest += "\xc3\xa9";  // é
  auto edge = server_.Post(
      Path(ann_), R"({"channel":"sms","status":"sent","body":")" + longest + "\"}", token_);
  ASSERT_EQ(edge.status, 201) << edge.body.substr(0, 200);
  EXPECT_EQ(edge.data()["body"].GetString(), longest);

  auto bad_page = server_.Get(Path(ann_) + "?per_page=101", token_);
  EXPECT_EQ(bad_page.status, 422);
  EXPECT_EQ(ErrorField(bad_page), "per_page");
  EXPECT_EQ(ErrorField(server_.Get(Path(ann_) + "?page=x", token_)), "page");
}

TEST_P(MessagesE2E, ListsTheContactsMessagesNewestFirst) {
  std::string m1 = Record(ann_, "delivered", "2024-02-28T10:00:00Z");
  std::string m2 = Record(ann_, "read", "2024-03-01T09:00:00Z");
  std::string m3 = Record(ann_, "sent", "2024-02-29T10:00:00Z");
  std::string m4 = Record(ann_, "failed", "2024-03-01T09:00:00Z");  // same time as m2, later
  std::string theirs = Record(bob_, "sent", "2024-03-01T10:00:00Z");
  const std::vector<std::pair<std::string, V>> cases = {
      {"", {m4, m2, m3, m1}},     {"?per_page=3", {m4, m2, m3}},      {"?per_page=3&page=2", {m1}},
      {"?per_page=3&page=3", {}}, {"?status=sent", {m4, m2, m3, m1}},  // not a filter here: ignored
  };
  for (const auto& [query, expected] : cases) {
    EXPECT_EQ(PageUuids(server_.Get(Path(ann_) + query, token_)), expected) << query;
  }
  EXPECT_EQ(PageUuids(server_.Get(Path(bob_), token_)), (V{theirs}));
  auto page = server_.Get(Path(ann_) + "?per_page=3&page=2", token_);
  EXPECT_STREQ(page.json["message"].GetString(), "Messages retrieved successfully");
  EXPECT_EQ(Keys(page.data()), (V{"current_page", "last_page", "per_page", "total", "data"}));
  EXPECT_EQ(page.data()["current_page"].GetInt(), 2);
  EXPECT_EQ(page.data()["last_page"].GetInt(), 2);
  EXPECT_EQ(page.data()["per_page"].GetInt(), 3);
  EXPECT_EQ(page.data()["total"].GetInt(), 4);
  EXPECT_EQ(server_.Get(Path(ann_), token_).data()["per_page"].GetInt(), 15);
}

TEST_P(MessagesE2E, TheContactShowsItsLatestMessageWhateverTheRecordingOrder) {
  Record(ann_, "delivered", "2024-03-01T09:00:00Z");
  Record(ann_, "failed", "2024-02-25T09:00:00Z");  // older, recorded later
  auto ann = server_.Get("/api/v1/contacts/" + ann_, token_);
  ASSERT_EQ(ann.status, 200) << ann.body;
  EXPECT_STREQ(ann.data()["last_message_at"].GetString(), "2024-03-01T09:00:00Z");
  EXPECT_STREQ(ann.data()["last_message_status"].GetString(), "delivered");

  Record(ann_, "received", "2024-03-01T10:00:00Z");
  ann = server_.Get("/api/v1/contacts/" + ann_, token_);
  EXPECT_STREQ(ann.data()["last_message_at"].GetString(), "2024-03-01T10:00:00Z");
  EXPECT_STREQ(ann.data()["last_message_status"].GetString(), "received");
  auto bob = server_.Get("/api/v1/contacts/" + bob_, token_);
  EXPECT_TRUE(bob.data()["last_message_at"].IsNull());
  EXPECT_TRUE(bob.data()["last_message_status"].IsNull());
}

TEST_P(MessagesE2E, AnotherOrganizationCannotReadOrWrite) {
  std::string mine = Record(ann_, "sent", "2024-03-01T09:00:00Z");
  auto read = server_.Get(Path(ann_), other_token_);
  EXPECT_EQ(read.status, 404) << read.body;
  auto write = server_.Post(Path(ann_), R"({"channel":"sms","status":"read"})", other_token_);
  EXPECT_EQ(write.status, 404) << write.body;
  EXPECT_EQ(PageUuids(server_.Get(Path(ann_), token_)), (V{mine}));
  auto ann = server_.Get("/api/v1/contacts/" + ann_, token_);
  EXPECT_STREQ(ann.data()["last_message_status"].GetString(), "sent");

  const std::string unknown = Path("0190a000-0000-7000-8000-000000000000");
  EXPECT_EQ(server_.Get(unknown, token_).status, 404);
  EXPECT_EQ(server_.Post(unknown, R"({"channel":"sms","status":"sent"})", token_).status, 404);
}

TEST_P(MessagesE2E, DeletingAContactDeletesItsMessages) {
  Record(ann_, "sent", "2024-03-01T09:00:00Z");
  Record(bob_, "sent", "2024-03-01T09:00:00Z");
  ASSERT_EQ(server_.Delete("/api/v1/contacts/" + ann_, token_).status, 200);
  {
    auto conn = server_.database().Acquire();
    ASSERT_TRUE(conn.ok());
    EXPECT_EQ((*conn)->QueryInt("SELECT COUNT(*) FROM messages", {}).value(), 1);
  }
  EXPECT_EQ(server_.Get(Path(ann_), token_).status, 404);
}

}  // namespace
}  // namespace sb::testing
