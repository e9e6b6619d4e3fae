#include "store/repositories/webhook_repository.hpp"

#include <gtest/gtest.h>

#include "services/contact_service.hpp"
#include "services/outbox_events.hpp"
#include "store/repositories/contact_repository.hpp"
#include "store/repositories/event_outbox.hpp"
#include "store/repositories/token_repository.hpp"
#include "store/repositories/webhook_test_fixture.hpp"
#include "support/engine_test.hpp"

namespace sb::store {
namespace outbox_events = services::outbox_events;
namespace {

class WebhookRepositoryTest : public WebhookStoreTest {
 protected:
  domain::Contact Person(const std::string& name, const std::string& phone) {
    domain::Contact c;
    c.name = name;
    c.phone_number = phone;
    return c;
  }
  Result<domain::Contact> CreateContact(int64_t org, const std::string& name,
                                        const std::string& phone) {
    TokenRepository tokens(*conn_, clock_, ids_);
    int64_t user = *tokens.EnsureUser(org, "u@example.com");
    // Through the service, which emits the contact.created event.
    return services::ContactService(*conn_, clock_, ids_)
        .Create(org, user, Person(name, phone), {});
  }
};

SB_INSTANTIATE_ENGINES(WebhookRepositoryTest);

TEST_P(WebhookRepositoryTest, CreateGetListUpdateDelete) {
  auto a = Subscribe(org_, {"contact.created"});
  auto b = Subscribe(org_, {"*"}, false);
  auto c = Subscribe(org_, {"call.recorded", "import.completed"});
  Subscribe(other_org_, {"*"});
  ASSERT_FALSE(a.uuid.empty());
  EXPECT_EQ(a.secret, "whsec_test_secret_0123456789");
  EXPECT_TRUE(a.active);
  EXPECT_FALSE(b.active);
  EXPECT_EQ(a.created_at, kNow);

  auto got = Webhooks().Get(org_, c.uuid);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->events, (std::vector<std::string>{"call.recorded", "import.completed"}));
  EXPECT_EQ(got->url, "https://hooks.example.com/in");
  EXPECT_EQ(Webhooks().Get(other_org_, c.uuid).error().code(), ErrorCode::kNotFound);

  EXPECT_EQ(*Webhooks().Count(org_), 3);
  auto page = Webhooks().List(org_, domain::PageRequest{1, 2});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].uuid, c.uuid);  // newest first
  EXPECT_EQ((*page)[1].uuid, b.uuid);
  EXPECT_EQ(Webhooks().List(org_, domain::PageRequest{2, 2})->front().uuid, a.uuid);

  clock_.Advance(60);
  WebhookChanges ch;
  ch.url = "https://other.example.com/x";
  ch.events = std::vector<std::string>{"contact.deleted"};
  ch.secret = "whsec_rotated_secret_abcdef";
  ch.active = false;
  auto updated = Webhooks().Update(org_, a.uuid, ch);
  ASSERT_TRUE(updated.ok()) << updated.error().details();
  EXPECT_EQ(updated->url, "https://other.example.com/x");
  EXPECT_EQ(updated->events, std::vector<std::string>{"contact.deleted"});
  EXPECT_EQ(updated->secret, "whsec_rotated_secret_abcdef");
  EXPECT_FALSE(updated->active);
  EXPECT_EQ(updated->updated_at, kNow + 60);
  EXPECT_EQ(updated->created_at, kNow);
  EXPECT_EQ(Webhooks().Update(other_org_, a.uuid, ch).error().code(), ErrorCode::kNotFound);

  EXPECT_EQ(Webhooks().Delete(other_org_, a.uuid).error().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(Webhooks().Delete(org_, a.uuid).ok());
  EXPECT_EQ(Webhooks().Get(org_, a.uuid).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Webhooks().Delete(org_, a.uuid).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(*Webhooks().Count(org_), 2);
}

TEST_P(WebhookRepositoryTest, WritesBumpTheGeneration) {
  const int64_t before = Count("SELECT write_generation FROM organizations WHERE id = ?", {org_});
  domain::Webhook w;
  ASSERT_TRUE(InUnitOfWork([&]() -> Status {
                w = Subscribe(org_, {"*"});
                return OkStatus();
              }).ok());
  WebhookChanges ch;
  ch.active = false;
  ASSERT_TRUE(InUnitOfWork([&] { return Webhooks().Update(org_, w.uuid, ch); }).ok());
  ASSERT_TRUE(InUnitOfWork([&] { return Webhooks().Delete(org_, w.uuid); }).ok());
  EXPECT_EQ(Count("SELECT write_generation FROM organizations WHERE id = ?", {org_}), before + 3);
}

TEST_P(WebhookRepositoryTest, AnEventIsWrittenWithItsChangeAndFansOut) {
  auto all = Subscribe(org_, {"*"});
  auto created = Subscribe(org_, {"contact.created", "contact.deleted"});
  Subscribe(org_, {"contact.updated"});
  auto contact = CreateContact(org_, "Ada", "+14155552671");
  ASSERT_TRUE(contact.ok()) << contact.error().details();
  EXPECT_EQ(Events("contact.created"), 1);
  EXPECT_EQ(Deliveries(), 2);  // "*" and contact.created; not contact.updated
  EXPECT_EQ(Count("SELECT COUNT(*) FROM webhook_deliveries d JOIN webhooks w ON w.id ="
                  " d.webhook_id WHERE w.uuid IN (?, ?) AND d.status = 'pending'"
                  " AND d.attempts = 0 AND d.next_attempt_at = ? AND d.expires_at = ?",
                  {all.uuid, created.uuid, db::Timestamp{kNow},
                   db::Timestamp{kNow + kWebhookDeliveryWindowSeconds}}),
            2);
  auto data = EventData("contact.created");
  ASSERT_EQ(data.size(), 1u);
  EXPECT_NE(data[0].find("\"contact\":{\"uuid\":\"" + contact->uuid + "\",\"name\":\"Ada\""),
            std::string::npos)
      << data[0];
  EXPECT_NE(data[0].find("\"phone_number\":\"+14155552671\""), std::string::npos) << data[0];
  EXPECT_NE(data[0].find("\"created_at\":\"2024-03-01T12:00:00Z\""), std::string::npos);
}

TEST_P(WebhookRepositoryTest, ARolledBackChangeLeavesNoEvent) {
  Subscribe(org_, {"*"});
  ASSERT_TRUE(CreateContact(org_, "Ada", "+14155552671").ok());
  ASSERT_EQ(Events(), 1);
  // The same number again: the create fails (409) after its insert was tried,
  // and its transaction takes everything back.
  auto dup = CreateContact(org_, "Bob", "+14155552671");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(Events(), 1);
  EXPECT_EQ(Deliveries(), 1);

  // A change and its events in a transaction that is rolled back.
  {
    db::Transaction tx(*conn_);
    ASSERT_TRUE(tx.Begin().ok());
    TestContact c = AddContact(org_, "Cy");
    EventOutbox outbox(*conn_, org_, kNow, ids_);
    ASSERT_TRUE(
        outbox_events::Contacts(outbox, *conn_, org_, outbox_events::kContactCreated, {c.id}).ok());
    ASSERT_TRUE(EmitEvent(*conn_, org_, "import.completed", R"({"import":{}})", kNow, ids_).ok());
    EXPECT_EQ(Events(), 3);  // visible inside
    EXPECT_EQ(Deliveries(), 3);
  }
  EXPECT_EQ(Events(), 1);
  EXPECT_EQ(Deliveries(), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contacts WHERE name = 'Cy'"), 0);
  ASSERT_TRUE(db::InTransaction(*conn_, [&] {
                return EmitEvent(*conn_, org_, "import.completed", R"({"import":{}})", kNow, ids_);
              }).ok());
  EXPECT_EQ(Events("import.completed"), 1);
  EXPECT_EQ(Deliveries(), 2);
}

TEST_P(WebhookRepositoryTest, NothingIsWrittenWhenNobodySubscribes) {
  ASSERT_TRUE(CreateContact(org_, "Ada", "+14155552671").ok());
  EXPECT_EQ(Events(), 0);
  Subscribe(org_, {"contact.deleted"});        // another type
  Subscribe(org_, {"*"}, /*active=*/false);    // inactive
  Subscribe(other_org_, {"contact.created"});  // another organization
  ASSERT_TRUE(CreateContact(org_, "Bob", "+14155552672").ok());
  EXPECT_EQ(Events(), 0);
  EXPECT_EQ(Deliveries(), 0);
  ASSERT_TRUE(db::InTransaction(*conn_, [&] {
                return EmitEvent(*conn_, org_, "import.completed", "{}", kNow, ids_);
              }).ok());
  EXPECT_EQ(Events(), 0);

  // An outbox reads the subscriptions once: Wants answers from what it read.
  ASSERT_TRUE(db::InTransaction(*conn_, [&]() -> Status {
                EventOutbox outbox(*conn_, org_, kNow, ids_);
                SB_ASSIGN_OR_RETURN(bool created, outbox.Wants("contact.created"));
                SB_ASSIGN_OR_RETURN(bool deleted, outbox.Wants("contact.deleted"));
                EXPECT_FALSE(created);
                EXPECT_TRUE(deleted);
                return OkStatus();
              }).ok());
}

TEST_P(WebhookRepositoryTest, DeactivatingFailsPendingDeliveries) {
  auto w = Subscribe(org_, {"contact.created"});
  ASSERT_TRUE(CreateContact(org_, "Ada", "+14155552671").ok());
  ASSERT_EQ(Deliveries(), 1);
  WebhookChanges ch;
  ch.active = false;
  ASSERT_TRUE(Webhooks().Update(org_, w.uuid, ch).ok());
  auto list = Webhooks().ListDeliveries(org_, w.uuid, domain::PageRequest{1, 15});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().status, "failed");
  EXPECT_EQ(list->front().last_error, "webhook deactivated");
  EXPECT_EQ(list->front().next_attempt_at, std::nullopt);
  // No new deliveries, and no test to an inactive webhook.
  ASSERT_TRUE(CreateContact(org_, "Bob", "+14155552672").ok());
  EXPECT_EQ(Deliveries(), 1);
  EXPECT_EQ(Webhooks().SendTest(org_, w.uuid).error().code(), ErrorCode::kConflict);
}

TEST_P(WebhookRepositoryTest, TestDeliveryAndDeliveryList) {
  auto w = Subscribe(org_, {"import.completed"});
  auto other = Subscribe(org_, {"*"});
  auto test = Webhooks().SendTest(org_, w.uuid);
  ASSERT_TRUE(test.ok()) << test.error().details();
  EXPECT_EQ(test->event_type, "webhook.test");
  EXPECT_EQ(test->status, "pending");
  EXPECT_EQ(test->attempts, 0);
  EXPECT_EQ(test->next_attempt_at, kNow);
  EXPECT_EQ(test->webhook_uuid, w.uuid);
  EXPECT_EQ(Deliveries(), 1);  // to that webhook only
  clock_.Advance(1);
  ASSERT_TRUE(Webhooks().SendTest(org_, w.uuid).ok());
  auto list = Webhooks().ListDeliveries(org_, w.uuid, domain::PageRequest{1, 15});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(list->back().uuid, test->uuid);  // newest first
  EXPECT_EQ(*Webhooks().CountDeliveries(org_, w.uuid), 2);
  EXPECT_EQ(*Webhooks().CountDeliveries(org_, other.uuid), 0);
  EXPECT_EQ(Webhooks().ListDeliveries(other_org_, w.uuid, {}).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Webhooks().SendTest(other_org_, w.uuid).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Webhooks().GetDelivery(other_org_, test->uuid).error().code(), ErrorCode::kNotFound);

  // Deleting the webhook takes its deliveries along.
  ASSERT_TRUE(Webhooks().Delete(org_, w.uuid).ok());
  EXPECT_EQ(Deliveries(), 0);
}

}  // namespace
}  // namespace sb::store
