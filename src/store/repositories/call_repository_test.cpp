#include "store/repositories/call_repository.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "store/repositories/pool_test_fixture.hpp"
#include "store/repositories/store_util.hpp"
#include "support/engine_test.hpp"

namespace sb::store {
namespace {

using V = std::vector<std::string>;

constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 24 * kHour;

// A contact's last_call_* columns.
struct LastCall {
  std::optional<std::string> status;
  std::optional<int64_t> at;
  std::optional<int64_t> duration;
  std::optional<std::string> feedback;
  bool operator==(const LastCall&) const = default;
};

class CallRepositoryTest : public PoolStoreTest {
 protected:
  void SetUp() override {
    PoolStoreTest::SetUp();
    ann_ = AddContact(org_, "Ann");
    bob_ = AddContact(org_, "Bob");
    theirs_ = AddContact(other_org_, "Theirs");
  }

  CallRepository Repo() { return CallRepository(*conn_, clock_, ids_); }

  // An agent, phone number or campaign (`table`) with just its required
  // columns; returns its uuid.
  std::string AddRow(int64_t org, const std::string& table) {
    std::string uuid = ids_.NewUuid();
    if (table == "phone_numbers") {
      EXPECT_TRUE(
          conn_
              ->Exec("INSERT INTO phone_numbers (organization_id, uuid, number,"
                     " country_code, type, purchased_at, created_at, updated_at)"
                     " VALUES (?, ?, '+14155550100', 'US', 'local', ?, ?, ?)",
                     {org, uuid, db::Timestamp{kNow}, db::Timestamp{kNow}, db::Timestamp{kNow}})
              .ok());
    } else {
      EXPECT_TRUE(conn_
                      ->Exec("INSERT INTO " + table +
                                 " (organization_id, uuid, name, created_at, updated_at)"
                                 " VALUES (?, ?, 'x', ?, ?)",
                             {org, uuid, db::Timestamp{kNow}, db::Timestamp{kNow}})
                      .ok());
    }
    return uuid;
  }

  domain::NewCall NewCall(const std::string& contact, const std::string& status, int64_t started_at,
                          int64_t duration = 30) {
    domain::NewCall c;
    c.contact_uuid = contact;
    c.status = status;
    c.started_at = started_at;
    c.duration = duration;
    c.feedback = status + " feedback";
    return c;
  }

  domain::Call Record(const domain::NewCall& c) {
    auto call = Repo().Create(org_, c);
    EXPECT_TRUE(call.ok()) << (call.ok() ? "" : call.error().details());
    return call.ok() ? *call : domain::Call{};
  }

  LastCall LastCallOf(const TestContact& c) {
    auto rows = conn_->Query(
        "SELECT last_call_status, last_call_at, last_call_duration, last_call_feedback"
        " FROM contacts WHERE id = ?",
        {c.id});
    EXPECT_TRUE(rows.ok());
    EXPECT_TRUE((*rows)->Next().value());
    const auto& r = **rows;
    return LastCall{r.OptString(0), r.OptTime(1), r.OptInt(2), r.OptString(3)};
  }

  V Uuids(const domain::CallFilter& filter, domain::PageRequest page = {1, 100}) {
    auto list = Repo().List(org_, filter, page);
    EXPECT_TRUE(list.ok());
    V out;
    if (list.ok()) {
      for (const auto& c : *list) out.push_back(c.uuid);
    }
    return out;
  }

  TestContact ann_;
  TestContact bob_;
  TestContact theirs_;
};

SB_INSTANTIATE_ENGINES(CallRepositoryTest);

TEST_P(CallRepositoryTest, CreateStoresEveryFieldAndResolvesReferences) {
  domain::NewCall c = NewCall(ann_.uuid, "picked-up", kNow - kHour, 95);
  c.agent_uuid = AddRow(org_, "agents");
  c.phone_number_uuid = AddRow(org_, "phone_numbers");
  c.campaign_uuid = AddRow(org_, "campaigns");
  c.direction = "inbound";
  c.recording_url = "https://rec.example.com/1.mp3";
  clock_.Advance(10);
  domain::Call call = Record(c);
  EXPECT_FALSE(call.uuid.empty());
  EXPECT_EQ(call.contact_uuid, ann_.uuid);
  EXPECT_EQ(call.agent_uuid, c.agent_uuid);
  EXPECT_EQ(call.phone_number_uuid, c.phone_number_uuid);
  EXPECT_EQ(call.campaign_uuid, c.campaign_uuid);
  EXPECT_EQ(call.direction, "inbound");
  EXPECT_EQ(call.status, "picked-up");
  EXPECT_EQ(call.started_at, kNow - kHour);
  EXPECT_EQ(call.duration, 95);
  EXPECT_EQ(call.feedback, "picked-up feedback");
  EXPECT_EQ(call.recording_url, "https://rec.example.com/1.mp3");
  EXPECT_EQ(call.created_at, kNow + 10);

  auto got = Repo().Get(org_, call.uuid);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->uuid, call.uuid);
  EXPECT_EQ(got->agent_uuid, c.agent_uuid);
  EXPECT_EQ(LastCallOf(ann_),
            (LastCall{"picked-up", kNow - kHour, 95, std::string("picked-up feedback")}));
}

TEST_P(CallRepositoryTest, ReferencesOfAnotherOrganizationAreInvalidFields) {
  struct Case {
    std::string field;
    std::function<void(domain::NewCall&)> set;
  };
  std::vector<Case> cases = {
      {"contact_uuid", [&](domain::NewCall& c) { c.contact_uuid = theirs_.uuid; }},
      {"contact_uuid", [&](domain::NewCall& c) { c.contact_uuid = ids_.NewUuid(); }},
      {"agent_uuid", [&](domain::NewCall& c) { c.agent_uuid = AddRow(other_org_, "agents"); }},
      {"phone_number_uuid",
       [&](domain::NewCall& c) { c.phone_number_uuid = AddRow(other_org_, "phone_numbers"); }},
      {"campaign_uuid",
       [&](domain::NewCall& c) { c.campaign_uuid = AddRow(other_org_, "campaigns"); }},
  };
  for (const auto& tc : cases) {
    domain::NewCall c = NewCall(ann_.uuid, "busy", kNow);
    tc.set(c);
    auto call = Repo().Create(org_, c);
    ASSERT_FALSE(call.ok()) << tc.field;
    EXPECT_EQ(call.error().code(), ErrorCode::kValidation) << tc.field;
    EXPECT_EQ(call.error().field(), tc.field);
  }
  // Nothing was written, not even the contact's last call.
  EXPECT_EQ(*Repo().Count(org_, {}), 0);
  EXPECT_EQ(*Repo().Count(other_org_, {}), 0);
  EXPECT_EQ(LastCallOf(ann_), LastCall{});
  EXPECT_EQ(LastCallOf(theirs_), LastCall{});
}

TEST_P(CallRepositoryTest, OlderCallRecordedAfterANewerOneKeepsTheNewer) {
  Record(NewCall(ann_.uuid, "voicemail", kNow - kHour, 12));
  Record(NewCall(ann_.uuid, "no-answer", kNow - 3 * kHour, 0));
  EXPECT_EQ(LastCallOf(ann_),
            (LastCall{"voicemail", kNow - kHour, 12, std::string("voicemail feedback")}));
}

TEST_P(CallRepositoryTest, NewerCallRecordedAfterAnOlderOneReplacesIt) {
  Record(NewCall(ann_.uuid, "no-answer", kNow - 3 * kHour, 0));
  Record(NewCall(ann_.uuid, "voicemail", kNow - kHour, 12));
  EXPECT_EQ(LastCallOf(ann_),
            (LastCall{"voicemail", kNow - kHour, 12, std::string("voicemail feedback")}));
  // A call without feedback clears the last feedback rather than keeping a stale one.
  domain::NewCall quiet = NewCall(ann_.uuid, "busy", kNow);
  quiet.feedback.reset();
  Record(quiet);
  EXPECT_EQ(LastCallOf(ann_), (LastCall{"busy", kNow, 30, std::nullopt}));
  EXPECT_EQ(LastCallOf(bob_), LastCall{});  // other contacts untouched
}

TEST_P(CallRepositoryTest, EqualStartTimesGoToTheCallRecordedLast) {
  Record(NewCall(ann_.uuid, "busy", kNow - kHour));
  Record(NewCall(ann_.uuid, "failed", kNow - kHour));
  EXPECT_EQ(LastCallOf(ann_).status, "failed");
}

TEST_P(CallRepositoryTest, ListsNewestStartFirstWithFilters) {
  std::string campaign = AddRow(org_, "campaigns");
  domain::Call a = Record(NewCall(ann_.uuid, "busy", kNow - 2 * kDay));        // Feb 28
  domain::NewCall in_campaign = NewCall(bob_.uuid, "picked-up", kNow - kDay);  // Feb 29
  in_campaign.campaign_uuid = campaign;
  domain::Call b = Record(in_campaign);
  domain::Call c = Record(NewCall(ann_.uuid, "picked-up", kNow));  // Mar 1
  domain::Call d = Record(NewCall(ann_.uuid, "busy", kNow));       // Mar 1, recorded later

  EXPECT_EQ(Uuids({}), (V{d.uuid, c.uuid, b.uuid, a.uuid}));
  EXPECT_EQ(Uuids({}, {2, 3}), (V{a.uuid}));
  domain::CallFilter f;
  f.contact_uuid = ann_.uuid;
  EXPECT_EQ(Uuids(f), (V{d.uuid, c.uuid, a.uuid}));
  EXPECT_EQ(*Repo().Count(org_, f), 3);
  f = {};
  f.campaign_uuid = campaign;
  EXPECT_EQ(Uuids(f), (V{b.uuid}));
  f = {};
  f.status = "busy";
  EXPECT_EQ(Uuids(f), (V{d.uuid, a.uuid}));
  f = {};
  f.started_from = kNow - kDay - 12 * kHour;  // Feb 29 00:00
  f.started_until = kNow + 12 * kHour;        // Mar 2 00:00
  EXPECT_EQ(Uuids(f), (V{d.uuid, c.uuid, b.uuid}));
  f.started_until = kNow - 12 * kHour;  // Mar 1 00:00
  EXPECT_EQ(Uuids(f), (V{b.uuid}));
  EXPECT_EQ(*Repo().Count(org_, f), 1);
  f = {};
  f.contact_uuid = ids_.NewUuid();  // unknown: matches nothing
  EXPECT_EQ(Uuids(f), V{});
}

TEST_P(CallRepositoryTest, AnotherOrganizationSeesNothing) {
  domain::Call call = Record(NewCall(ann_.uuid, "busy", kNow));
  auto foreign = Repo().Get(other_org_, call.uuid);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(*Repo().Count(other_org_, {}), 0);
  EXPECT_TRUE(Repo().List(other_org_, {}, {1, 15})->empty());
  domain::CallFilter f;
  f.contact_uuid = ann_.uuid;
  EXPECT_EQ(*Repo().Count(other_org_, f), 0);
  EXPECT_EQ(Repo().RequireContact(other_org_, ann_.uuid).error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(Repo().RequireContact(org_, ann_.uuid).ok());
}

TEST_P(CallRepositoryTest, DeletingTheContactDeletesItsCalls) {
  Record(NewCall(ann_.uuid, "busy", kNow));
  domain::Call kept = Record(NewCall(bob_.uuid, "busy", kNow));
  ASSERT_TRUE(conn_->Exec("DELETE FROM contacts WHERE id = ?", {ann_.id}).ok());
  EXPECT_EQ(Uuids({}), (V{kept.uuid}));
}

TEST_P(CallRepositoryTest, RecordingACallBumpsTheWriteGeneration) {
  int64_t before = *CurrentGeneration(*conn_, org_);
  ASSERT_TRUE(InUnitOfWork([&]() -> Status {
                Record(NewCall(ann_.uuid, "busy", kNow));
                return OkStatus();
              }).ok());
  EXPECT_EQ(*CurrentGeneration(*conn_, org_), before + 1);
}

}  // namespace
}  // namespace sb::store
