#include "store/repositories/message_repository.hpp"

#include <gtest/gtest.h>

#include "store/repositories/pool_test_fixture.hpp"
#include "store/repositories/store_util.hpp"
#include "support/engine_test.hpp"

namespace sb::store {
namespace {

using V = std::vector<std::string>;

constexpr int64_t kHour = 3600;

struct LastMessage {
  std::optional<int64_t> at;
  std::optional<std::string> status;
  bool operator==(const LastMessage&) const = default;
};

class MessageRepositoryTest : public PoolStoreTest {
 protected:
  void SetUp() override {
    PoolStoreTest::SetUp();
    ann_ = AddContact(org_, "Ann");
    bob_ = AddContact(org_, "Bob");
  }

  MessageRepository Repo() { return MessageRepository(*conn_, clock_, ids_); }

  domain::Message Record(const TestContact& to, const std::string& status, int64_t sent_at,
                         const std::string& body = "Hello") {
    domain::NewMessage m;
    m.channel = "sms";
    m.body = body;
    m.status = status;
    m.sent_at = sent_at;
    auto message = Repo().Create(org_, to.uuid, m);
    EXPECT_TRUE(message.ok()) << (message.ok() ? "" : message.error().details());
    return message.ok() ? *message : domain::Message{};
  }

  LastMessage LastMessageOf(const TestContact& c) {
    auto rows = conn_->Query(
        "SELECT last_message_at, last_message_status FROM contacts WHERE id = ?", {c.id});
    EXPECT_TRUE(rows.ok());
    EXPECT_TRUE((*rows)->Next().value());
    return LastMessage{(*rows)->OptTime(0), (*rows)->OptString(1)};
  }

  V Uuids(int64_t org, const TestContact& c, domain::PageRequest page = {1, 100}) {
    auto list = Repo().List(org, c.uuid, page);
    EXPECT_TRUE(list.ok());
    V out;
    if (list.ok()) {
      for (const auto& m : *list) out.push_back(m.uuid);
    }
    return out;
  }

  TestContact ann_;
  TestContact bob_;
};

SB_INSTANTIATE_ENGINES(MessageRepositoryTest);

TEST_P(MessageRepositoryTest, CreateStoresEveryField) {
  domain::NewMessage m;
  m.channel = "whatsapp";
  m.direction = "inbound";
  m.body = "Call me tomorrow";
  m.status = "received";
  m.sent_at = kNow - kHour;
  clock_.Advance(5);
  auto message = Repo().Create(org_, ann_.uuid, m);
  ASSERT_TRUE(message.ok());
  EXPECT_FALSE(message->uuid.empty());
  EXPECT_EQ(message->contact_uuid, ann_.uuid);
  EXPECT_EQ(message->channel, "whatsapp");
  EXPECT_EQ(message->direction, "inbound");
  EXPECT_EQ(message->body, "Call me tomorrow");
  EXPECT_EQ(message->status, "received");
  EXPECT_EQ(message->sent_at, kNow - kHour);
  EXPECT_EQ(message->created_at, kNow + 5);
  EXPECT_EQ(LastMessageOf(ann_), (LastMessage{kNow - kHour, std::string("received")}));
  EXPECT_EQ(LastMessageOf(bob_), LastMessage{});
}

TEST_P(MessageRepositoryTest, OlderMessageRecordedAfterANewerOneKeepsTheNewer) {
  Record(ann_, "delivered", kNow - kHour);
  Record(ann_, "failed", kNow - 2 * kHour);
  EXPECT_EQ(LastMessageOf(ann_), (LastMessage{kNow - kHour, std::string("delivered")}));
}

TEST_P(MessageRepositoryTest, NewerMessageRecordedAfterAnOlderOneReplacesIt) {
  Record(ann_, "failed", kNow - 2 * kHour);
  Record(ann_, "delivered", kNow - kHour);
  EXPECT_EQ(LastMessageOf(ann_), (LastMessage{kNow - kHour, std::string("delivered")}));
  Record(ann_, "read", kNow - kHour);  // same time, recorded later
  EXPECT_EQ(LastMessageOf(ann_), (LastMessage{kNow - kHour, std::string("read")}));
}

TEST_P(MessageRepositoryTest, ListsTheContactsMessagesNewestFirst) {
  domain::Message a = Record(ann_, "sent", kNow - 2 * kHour);
  domain::Message b = Record(ann_, "sent", kNow);
  domain::Message c = Record(ann_, "sent", kNow - kHour);
  domain::Message d = Record(ann_, "sent", kNow);  // same time as b, recorded later
  Record(bob_, "sent", kNow);
  EXPECT_EQ(Uuids(org_, ann_), (V{d.uuid, b.uuid, c.uuid, a.uuid}));
  EXPECT_EQ(Uuids(org_, ann_, {2, 3}), (V{a.uuid}));
  EXPECT_EQ(*Repo().Count(org_, ann_.uuid), 4);
  EXPECT_EQ(*Repo().Count(org_, bob_.uuid), 1);
}

TEST_P(MessageRepositoryTest, AnotherOrganizationsContactIsNotFound) {
  Record(ann_, "sent", kNow);
  domain::NewMessage m;
  m.channel = "sms";
  m.status = "sent";
  m.sent_at = kNow;
  auto foreign = Repo().Create(other_org_, ann_.uuid, m);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code(), ErrorCode::kNotFound);
  auto list = Repo().List(other_org_, ann_.uuid, {1, 15});
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(*Repo().Count(other_org_, ann_.uuid), 0);
  EXPECT_EQ(*Repo().Count(org_, ann_.uuid), 1);  // nothing written by the refused create
}

TEST_P(MessageRepositoryTest, DeletingTheContactDeletesItsMessagesAndBumpsTheGeneration) {
  int64_t before = *CurrentGeneration(*conn_, org_);
  ASSERT_TRUE(InUnitOfWork([&]() -> Status {
                Record(ann_, "sent", kNow);
                return OkStatus();
              }).ok());
  EXPECT_EQ(*CurrentGeneration(*conn_, org_), before + 1);
  ASSERT_TRUE(conn_->Exec("DELETE FROM contacts WHERE id = ?", {ann_.id}).ok());
  EXPECT_EQ(*conn_->QueryInt("SELECT COUNT(*) FROM messages", {}), 0);
}

}  // namespace
}  // namespace sb::store
