#include "services/contact_merge.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "services/contact_service.hpp"
#include "store/repositories/call_log.hpp"
#include "store/repositories/pool_test_fixture.hpp"
#include "store/repositories/store_util.hpp"
#include "support/engine_test.hpp"

namespace sb::store {
namespace {

class ContactMergeTest : public PoolStoreTest {
 protected:
  int64_t AddPool(int64_t org, const std::string& name) {
    std::string uuid = ids_.NewUuid();
    EXPECT_TRUE(conn_
                    ->Exec("INSERT INTO pools (organization_id, uuid, name, created_at, updated_at)"
                           " VALUES (?, ?, ?, ?, ?)",
                           {org, uuid, name, db::Timestamp{kNow}, db::Timestamp{kNow}})
                    .ok());
    return conn_->QueryInt("SELECT id FROM pools WHERE uuid = ?", {uuid}).value().value_or(0);
  }

  int64_t AddTag(int64_t org, const std::string& name, int64_t contact_id) {
    std::string uuid = ids_.NewUuid();
    EXPECT_TRUE(conn_
                    ->Exec("INSERT INTO tags (organization_id, uuid, name, created_at, updated_at)"
                           " VALUES (?, ?, ?, ?, ?)",
                           {org, uuid, name, db::Timestamp{kNow}, db::Timestamp{kNow}})
                    .ok());
    int64_t id = conn_->QueryInt("SELECT id FROM tags WHERE uuid = ?", {uuid}).value().value_or(0);
    Tag(org, contact_id, id);
    return id;
  }

  void Tag(int64_t org, int64_t contact_id, int64_t tag_id) {
    EXPECT_TRUE(
        conn_
            ->Exec(
                "INSERT INTO contact_tags (organization_id, contact_id, tag_id) VALUES (?, ?, ?)",
                {org, contact_id, tag_id})
            .ok());
  }

  void Set(const std::string& sql, const db::Params& params) {
    auto r = conn_->Exec(sql, params);
    EXPECT_TRUE(r.ok()) << r.error().details();
  }

  int64_t Count(const std::string& sql, const db::Params& params) {
    return conn_->QueryInt(sql, params).value().value_or(-1);
  }

  std::string MemberStatus(int64_t pool_id, int64_t contact_id) {
    auto rows = conn_->Query(
        "SELECT status FROM pool_items WHERE organization_id = ? AND pool_id = ? AND contact_id = "
        "?",
        {org_, pool_id, contact_id});
    if (!rows.ok() || !(*rows)->Next().value()) return "";
    return (*rows)->String(0);
  }
};

SB_INSTANTIATE_ENGINES(ContactMergeTest);

TEST_P(ContactMergeTest, FillsEmptyFieldsAndCopiesMissingMetadataKeys) {
  auto target = AddContact(org_, "Ann", std::nullopt, "ann@acme.test");
  auto source = AddContact(org_, "Annie", "Smith", "annie@acme.test", "+14155550100");
  Set("UPDATE contacts SET metadata = ?, notes = ?, do_not_call = 1 WHERE id = ?",
      {std::string(R"({"a":1,"b":"t"})"), std::string("from source"), source.id});
  Set("UPDATE contacts SET metadata = ?, number_type = NULL WHERE id = ?",
      {std::string(R"({"b":"target"})"), target.id});
  Set("UPDATE contacts SET number_type = 'fixed_line', country_code = 'US' WHERE id = ?",
      {source.id});

  services::ContactService repo(*conn_, clock_, ids_);
  auto merged = repo.Merge(org_, target.uuid, source.uuid);
  ASSERT_TRUE(merged.ok()) << merged.error().details();
  EXPECT_EQ(merged->uuid, target.uuid);
  EXPECT_EQ(merged->name, "Ann");                   // never null: kept
  EXPECT_EQ(merged->email, "ann@acme.test");        // set: kept
  EXPECT_EQ(merged->surname, "Smith");              // null: filled
  EXPECT_EQ(merged->phone_number, "+14155550100");  // freed by the source's deletion
  EXPECT_EQ(merged->number_type, "fixed_line");     // travels with the number
  EXPECT_EQ(merged->country_code, "US");
  EXPECT_EQ(merged->notes, "from source");
  rapidjson::Document metadata;  // compared parsed: PostgreSQL's jsonb orders keys its own way
  metadata.Parse(merged->metadata.c_str());
  ASSERT_TRUE(metadata.IsObject()) << merged->metadata;
  EXPECT_EQ(metadata.MemberCount(), 2u);
  EXPECT_STREQ(metadata["b"].GetString(), "target");
  EXPECT_EQ(metadata["a"].GetInt(), 1);
  EXPECT_TRUE(merged->do_not_call);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contacts WHERE id = ?", {source.id}), 0);
}

// Every optional text field in the contact's declaration merges alike, the
// ones added after the merge was written (job_title) included; a value the
// target has is kept.
TEST_P(ContactMergeTest, FillsEveryDeclaredTextFieldTheTargetLacks) {
  auto target = AddContact(org_, "Ann", std::nullopt, "ann@acme.test");
  auto source = AddContact(org_, "Annie", std::nullopt, "annie@acme.test");
  Set("UPDATE contacts SET job_title = ?, timezone = ?, category = ? WHERE id = ?",
      {std::string("Buyer"), std::string("Europe/Paris"), std::string("lead"), source.id});
  Set("UPDATE contacts SET category = ? WHERE id = ?", {std::string("customer"), target.id});

  services::ContactService service(*conn_, clock_, ids_);
  auto merged = service.Merge(org_, target.uuid, source.uuid);
  ASSERT_TRUE(merged.ok()) << merged.error().details();
  EXPECT_EQ(merged->job_title, "Buyer");
  EXPECT_EQ(merged->timezone, "Europe/Paris");
  EXPECT_EQ(merged->category, "customer");
  EXPECT_EQ(merged->surname, std::nullopt);  // neither had one
}

TEST_P(ContactMergeTest, MovesTagsCallsAndMessagesAndKeepsTheLatestCall) {
  auto target = AddContact(org_, "Ann");
  auto source = AddContact(org_, "Annie");
  int64_t shared = AddTag(org_, "shared", target.id);
  Tag(org_, source.id, shared);
  AddTag(org_, "only-source", source.id);
  CallRow older;
  older.uuid = ids_.NewUuid();
  older.contact_id = target.id;
  older.status = "completed";
  older.started_at = kNow - 100;
  ASSERT_TRUE(InsertCallRow(*conn_, org_, older, kNow).ok());
  CallRow newer = older;
  newer.uuid = ids_.NewUuid();
  newer.contact_id = source.id;
  newer.status = "no_answer";
  newer.started_at = kNow - 10;
  ASSERT_TRUE(InsertCallRow(*conn_, org_, newer, kNow).ok());
  Set("INSERT INTO messages (organization_id, uuid, contact_id, channel, direction, body, status,"
      " sent_at, created_at, updated_at) VALUES (?, ?, ?, 'SMS', 'outbound', 'hi', 'sent', ?, ?, "
      "?)",
      {org_, ids_.NewUuid(), source.id, db::Timestamp{kNow - 5}, db::Timestamp{kNow},
       db::Timestamp{kNow}});
  Set("UPDATE contacts SET last_message_at = ?, last_message_status = 'sent' WHERE id = ?",
      {db::Timestamp{kNow - 5}, source.id});

  services::ContactService repo(*conn_, clock_, ids_);
  auto merged = repo.Merge(org_, target.uuid, source.uuid);
  ASSERT_TRUE(merged.ok()) << merged.error().details();
  ASSERT_EQ(merged->tags.size(), 2u);
  EXPECT_EQ(merged->tags[0].name, "only-source");
  EXPECT_EQ(merged->tags[1].name, "shared");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM calls WHERE contact_id = ?", {target.id}), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM messages WHERE contact_id = ?", {target.id}), 1);
  EXPECT_EQ(merged->last_call_status, "no_answer");
  EXPECT_EQ(merged->last_call_at, kNow - 10);
  EXPECT_EQ(merged->last_message_at, kNow - 5);
  EXPECT_EQ(merged->last_message_status, "sent");
}

TEST_P(ContactMergeTest, SharedPoolKeepsTheMemberWithProgress) {
  auto target = AddContact(org_, "Ann");
  auto source = AddContact(org_, "Annie");
  int64_t only_source = AddPool(org_, "only source");
  int64_t both_pending = AddPool(org_, "target pending, source completed");
  int64_t both_progress = AddPool(org_, "target retrying, source completed");
  int64_t source_pending = AddPool(org_, "target completed, source pending");
  AddMember(org_, only_source, source.id, "Scheduled");
  AddMember(org_, both_pending, target.id, "Pending");
  AddMember(org_, both_pending, source.id, "Completed");
  AddMember(org_, both_progress, target.id, "Retrying");
  AddMember(org_, both_progress, source.id, "Completed");
  AddMember(org_, source_pending, target.id, "Completed");
  AddMember(org_, source_pending, source.id, "Pending");

  services::ContactService repo(*conn_, clock_, ids_);
  ASSERT_TRUE(repo.Merge(org_, target.uuid, source.uuid).ok());
  EXPECT_EQ(MemberStatus(only_source, target.id), "Scheduled");
  EXPECT_EQ(MemberStatus(both_pending, target.id), "Completed");
  EXPECT_EQ(MemberStatus(both_progress, target.id), "Retrying");
  EXPECT_EQ(MemberStatus(source_pending, target.id), "Completed");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pool_items WHERE organization_id = ?", {org_}), 4);
}

TEST_P(ContactMergeTest, RejectsItselfAndUnknownOrOtherOrganizations) {
  auto target = AddContact(org_, "Ann");
  auto foreign = AddContact(other_org_, "Gina");
  services::ContactService repo(*conn_, clock_, ids_);
  auto self = repo.Merge(org_, target.uuid, target.uuid);
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().code(), ErrorCode::kValidation);
  EXPECT_EQ(self.error().field(), "from_uuid");
  auto other = repo.Merge(org_, target.uuid, foreign.uuid);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code(), ErrorCode::kNotFound);
  auto unknown = repo.Merge(org_, ids_.NewUuid(), target.uuid);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contacts", {}), 2);  // nothing written
}

TEST_P(ContactMergeTest, BumpsTheWriteGeneration) {
  auto target = AddContact(org_, "Ann");
  auto source = AddContact(org_, "Annie");
  int64_t before = CurrentGeneration(*conn_, org_).value();
  services::ContactService repo(*conn_, clock_, ids_);
  ASSERT_TRUE(repo.Merge(org_, target.uuid, source.uuid).ok());
  EXPECT_GT(CurrentGeneration(*conn_, org_).value(), before);
}

}  // namespace
}  // namespace sb::store
