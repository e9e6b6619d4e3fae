// The events the use cases write into their unit of work's outbox: which
// changes emit which types, with which data (the contact ones are also
// covered by store/repositories/webhook_repository_test.cpp); repositories
// alone emit nothing.
#include "services/outbox_events.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "services/campaign_service.hpp"
#include "services/contact_service.hpp"
#include "services/dialer_service.hpp"
#include "services/pool_member_service.hpp"
#include "store/drivers/dialect.hpp"
#include "store/repositories/campaign_repository.hpp"
#include "store/repositories/contact_bulk.hpp"
#include "store/repositories/contact_repository.hpp"
#include "store/repositories/dialer_repository.hpp"
#include "store/repositories/pool_item_repository.hpp"
#include "store/repositories/token_repository.hpp"
#include "store/repositories/webhook_test_fixture.hpp"
#include "support/dialer_seed.hpp"
#include "support/engine_test.hpp"

namespace sb::store {
namespace {

constexpr const char* kPool = "00000000-0000-7000-8000-0000000000d1";
constexpr const char* kCampaign = "00000000-0000-7000-8000-0000000000e1";

std::string Member(int64_t id) { return fmt::format("00000000-0000-7000-8000-{:012}", id); }

rapidjson::Document Parse(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str());
  EXPECT_FALSE(d.HasParseError()) << json;
  return d;
}

// Organization 1 of the dialer seed: an Active campaign over a pool of two
// contacts in Paris (13:00 there at kNow, inside the calling window).
class WebhookEventsRepositoryTest : public WebhookStoreTest {
 protected:
  void SetUp() override {
    WebhookStoreTest::SetUp();
    // The seed writes organization 1 with fixed ids: start from an empty store.
    ASSERT_TRUE(conn_->Exec("DELETE FROM organizations").ok());
    testing::DialerSeed seed;
    seed.at = kNow - 3600;
    seed.lines = 10;
    ASSERT_TRUE(db::InTransaction(*conn_, [&]() -> Status {
                  SB_RETURN_IF_ERROR(testing::SeedDialingOrganization(*conn_, seed));
                  SB_RETURN_IF_ERROR(testing::SeedMember(*conn_, seed.at, 1, "+33611000001", "FR",
                                                         "Europe/Paris"));
                  return testing::SeedMember(*conn_, seed.at, 2, "+33611000002", "FR",
                                             "Europe/Paris");
                }).ok());
    // The seed chose the contacts' ids; later contacts come after them.
    const std::string sync = conn_->dialect().SyncIdSequence("contacts");
    if (!sync.empty()) {
      ASSERT_TRUE(conn_->ExecScript(sync).ok());
    }
  }
  services::DialerService Dialer() { return services::DialerService(*conn_, clock_, ids_); }
  void Apply(int64_t member, domain::DialerEventType type, const std::string& worker = "w1") {
    MemberEvent e;
    e.event.type = type;
    e.event.worker_id = worker;
    if (type == domain::DialerEventType::kSkip) e.event.reason = "wrong person";
    auto applied = Dialer().ReportEvent(1, kPool, Member(member), e);
    ASSERT_TRUE(applied.ok()) << applied.error().details();
  }
  // "previous_status>status" of every pool_member.status_changed, in order.
  std::vector<std::string> MemberMoves() {
    std::vector<std::string> out;
    for (const auto& json : EventData("pool_member.status_changed")) {
      auto d = Parse(json);
      out.push_back(std::string(d["pool_member"]["contact_uuid"].GetString()).substr(35) + ":" +
                    d["previous_status"].GetString() + ">" +
                    d["pool_member"]["status"].GetString());
    }
    return out;
  }
};

SB_INSTANTIATE_ENGINES(WebhookEventsRepositoryTest);

TEST_P(WebhookEventsRepositoryTest, DialerMovesCallsAndCampaignCompletion) {
  Subscribe(1, {"*"});
  auto claimed = Dialer().Claim(1, kCampaign, ClaimRequest{"w1", 60, 2});
  ASSERT_TRUE(claimed.ok()) << claimed.error().details();
  ASSERT_EQ(claimed->size(), 2u);
  Apply(1, domain::DialerEventType::kStarted);
  Apply(1, domain::DialerEventType::kCompleted);
  EXPECT_EQ(Events("call.recorded"), 1);
  EXPECT_EQ(Events("campaign.status_changed"), 0);  // member 2 is still held
  // Member 2's worker vanished: the sweeper puts it back.
  clock_.Advance(61);
  ASSERT_EQ(*Dialer().SweepExpiredLeases(10), 1);
  auto again = Dialer().Claim(1, kCampaign, ClaimRequest{"w2", 60, 2});
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->size(), 1u);
  Apply(2, domain::DialerEventType::kSkip, "w2");

  EXPECT_EQ(MemberMoves(), (std::vector<std::string>{"1:Pending>Processing", "2:Pending>Processing",
                                                     "1:Processing>In_Call", "1:In_Call>Completed",
                                                     "2:Processing>Pending", "2:Pending>Processing",
                                                     "2:Processing>Skipped"}));
  auto moves = EventData("pool_member.status_changed");
  auto first = Parse(moves[0]);
  EXPECT_STREQ(first["pool_member"]["pool_uuid"].GetString(), kPool);
  EXPECT_STREQ(first["pool_member"]["worker_id"].GetString(), "w1");
  EXPECT_EQ(first["pool_member"]["attempt_count"].GetInt64(), 0);

  auto call = Parse(EventData("call.recorded").at(0));
  EXPECT_EQ(std::string(call["call"]["contact_uuid"].GetString()), Member(1));
  EXPECT_STREQ(call["call"]["status"].GetString(), "picked-up");
  EXPECT_STREQ(call["call"]["campaign_uuid"].GetString(), kCampaign);
  EXPECT_STREQ(call["call"]["pool_uuid"].GetString(), kPool);
  EXPECT_EQ(call["call"]["attempt"].GetInt64(), 1);

  auto done = EventData("campaign.status_changed");
  ASSERT_EQ(done.size(), 1u);
  auto c = Parse(done[0]);
  EXPECT_STREQ(c["campaign"]["uuid"].GetString(), kCampaign);
  EXPECT_STREQ(c["campaign"]["status"].GetString(), "Completed");
  EXPECT_STREQ(c["previous_status"].GetString(), "Active");
}

TEST_P(WebhookEventsRepositoryTest, CampaignUpdatesAndManualMoves) {
  Subscribe(1, {"campaign.status_changed", "pool_member.status_changed"});
  services::CampaignService campaigns(*conn_, clock_, ids_);
  CampaignFields pause;
  pause.status = "Paused";
  ASSERT_TRUE(campaigns.Update(1, kCampaign, pause).ok());
  CampaignFields rename;
  rename.name = "Summer";
  ASSERT_TRUE(campaigns.Update(1, kCampaign, rename).ok());  // no status change
  ASSERT_TRUE(campaigns.Update(1, kCampaign, pause).ok());   // the same status again
  auto changes = EventData("campaign.status_changed");
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_STREQ(Parse(changes[0])["previous_status"].GetString(), "Active");

  services::PoolMemberService members(*conn_, clock_, ids_);
  MemberChange skip;
  skip.move = domain::ManualMove{"Skipped", std::nullopt, "operator"};
  ASSERT_TRUE(members.Update(1, kPool, Member(1), skip).ok());
  MemberChange notes;
  notes.notes = std::optional<std::string>("call after lunch");
  ASSERT_TRUE(members.Update(1, kPool, Member(2), notes).ok());  // no status change
  EXPECT_EQ(MemberMoves(), std::vector<std::string>{"1:Pending>Skipped"});
  EXPECT_EQ(Events(), 2);
}

TEST_P(WebhookEventsRepositoryTest, AnOptOutSkipsTheContactsOtherMemberships) {
  Subscribe(1, {"pool_member.status_changed"});
  ASSERT_TRUE(conn_
                  ->Exec("INSERT INTO pools (id, organization_id, uuid, name, type, created_at,"
                         " updated_at) VALUES (2, 1, '00000000-0000-7000-8000-0000000000d2',"
                         " 'Other', 'FIFO', ?, ?)",
                         {db::Timestamp{kNow}, db::Timestamp{kNow}})
                  .ok());
  ASSERT_TRUE(conn_
                  ->Exec("INSERT INTO pool_items (organization_id, pool_id, contact_id, status,"
                         " added_at, updated_at) VALUES (1, 2, 1, 'Retrying', ?, ?)",
                         {db::Timestamp{kNow}, db::Timestamp{kNow}})
                  .ok());
  ASSERT_EQ(Dialer().Claim(1, kCampaign, ClaimRequest{"w1", 60, 1})->size(), 1u);
  Apply(1, domain::DialerEventType::kStarted);
  Apply(1, domain::DialerEventType::kOptedOut);
  auto moves = MemberMoves();
  ASSERT_EQ(moves.size(), 4u);
  EXPECT_EQ(moves[3], "1:Retrying>Skipped");
  auto skipped = Parse(EventData("pool_member.status_changed").back());
  EXPECT_STREQ(skipped["pool_member"]["pool_uuid"].GetString(),
               "00000000-0000-7000-8000-0000000000d2");
  EXPECT_STREQ(skipped["pool_member"]["skip_reason"].GetString(), "opted_out");
}

TEST_P(WebhookEventsRepositoryTest, BulkWritesAndMergeEmitAContactEventEach) {
  Subscribe(1, {"contact.created", "contact.updated", "contact.deleted"});
  services::ContactService bulk(*conn_, clock_, ids_);
  // Status Active to Inactive on both; a listed uuid that is not there.
  ContactSelection both;
  both.uuids = {Member(1), Member(2), Member(99)};
  BulkContactChanges inactive;
  inactive.status = "Inactive";
  auto updated = bulk.BulkUpdate(1, both, inactive);
  ASSERT_TRUE(updated.ok()) << updated.error().details();
  EXPECT_EQ(Events("contact.updated"), 2);
  ASSERT_TRUE(bulk.BulkUpdate(1, both, inactive).ok());  // changes nothing
  EXPECT_EQ(Events("contact.updated"), 2);

  std::vector<BulkContactItem> items(3);
  items[0].fields.name = "Ann";
  items[0].fields.phone_number = std::optional<std::string>("+33611000009");
  items[1].fields.name = "Ann B";
  items[1].fields.phone_number = std::optional<std::string>("+33611000009");  // the same
  items[2].fields.name = "C renamed";
  items[2].fields.phone_number = std::optional<std::string>("+33611000001");  // member 1
  TokenRepository tokens(*conn_, clock_, ids_);
  const int64_t user = *tokens.EnsureUser(1, "ops@acme.test");
  auto upserted = bulk.Upsert(1, user, std::nullopt, UpsertKey::kPhoneNumber, items);
  ASSERT_TRUE(upserted.ok()) << upserted.error().details();
  ASSERT_EQ(upserted->created, 1);
  auto created = EventData("contact.created");
  ASSERT_EQ(created.size(), 1u);  // created, then updated in the same call: once
  EXPECT_STREQ(Parse(created[0])["contact"]["name"].GetString(), "Ann B");
  EXPECT_EQ(Events("contact.updated"), 3);

  ASSERT_TRUE(bulk.Merge(1, Member(1), Member(2)).ok());
  auto deleted = EventData("contact.deleted");
  ASSERT_EQ(deleted.size(), 1u);
  auto d = Parse(deleted[0]);
  EXPECT_EQ(std::string(d["contact"]["uuid"].GetString()), Member(2));
  EXPECT_EQ(std::string(d["merged_into"].GetString()), Member(1));
  EXPECT_EQ(std::string(Parse(EventData("contact.updated").back())["contact"]["uuid"].GetString()),
            Member(1));

  auto gone = bulk.BulkDelete(1, {Member(1), upserted->results[0].uuid, Member(98)});
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(Events("contact.deleted"), 3);
  EXPECT_EQ(bulk.Delete(1, Member(1)).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Events("contact.deleted"), 3);
}

// The repositories write rows and nothing else: the same writes made on them
// directly, outside a service, emit no event.
TEST_P(WebhookEventsRepositoryTest, RepositoriesAloneEmitNothing) {
  Subscribe(1, {"contact.created", "contact.updated", "contact.deleted", "campaign.status_changed",
                "pool_member.status_changed"});
  const int64_t before = Events();
  ContactRepository contacts(*conn_, clock_, ids_);
  domain::Contact ann;
  ann.name = "Ann";
  const int64_t user = *TokenRepository(*conn_, clock_, ids_).EnsureUser(1, "ops@acme.test");
  auto created = contacts.Create(1, user, ann, {});
  ASSERT_TRUE(created.ok()) << created.error().details();
  ASSERT_TRUE(contacts.Update(1, *created, std::nullopt).ok());
  ASSERT_TRUE(contacts.Delete(1, created->uuid).ok());
  CampaignFields pause;
  pause.status = "Paused";
  ASSERT_TRUE(CampaignRepository(*conn_, clock_, ids_).Update(1, kCampaign, pause).ok());
  MemberChange skip;
  skip.move = domain::ManualMove{"Skipped", std::nullopt, "operator"};
  ASSERT_TRUE(PoolItemRepository(*conn_, clock_, ids_).Update(1, kPool, Member(1), skip).ok());
  EXPECT_EQ(Events(), before);
}

}  // namespace
}  // namespace sb::store
