#include "store/repositories/contact_bulk.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "services/contact_service.hpp"
#include "store/repositories/contact_repository.hpp"
#include "store/repositories/pool_test_fixture.hpp"
#include "store/repositories/store_util.hpp"
#include "store/repositories/tag_repository.hpp"
#include "store/repositories/token_repository.hpp"
#include "support/engine_test.hpp"

namespace sb::store {
namespace {

using Kind = BulkItemResult::Kind;

// An item as a client would send it: name, phone and email (absent when empty).
BulkContactItem Item(const std::string& name, const std::string& phone,
                     const std::string& email = "") {
  BulkContactItem item;
  if (!name.empty()) item.fields.name = name;
  if (!phone.empty()) item.fields.phone_number = std::optional<std::string>(phone);
  if (!email.empty()) item.fields.email = std::optional<std::string>(email);
  return item;
}

class ContactBulkRepositoryTest : public PoolStoreTest {
 protected:
  void SetUp() override {
    PoolStoreTest::SetUp();
    TokenRepository tokens(*conn_, clock_, ids_);
    user_ = *tokens.EnsureUser(org_, "a@acme.test");
    other_user_ = *tokens.EnsureUser(other_org_, "g@globex.test");
    contacts_ = std::make_unique<ContactRepository>(*conn_, clock_, ids_);
    bulk_ = std::make_unique<ContactBulkRepository>(*conn_, clock_, ids_);
  }
  void TearDown() override {
    bulk_.reset();
    contacts_.reset();
    PoolStoreTest::TearDown();
  }

  domain::Contact MustCreate(int64_t org, const std::string& name, std::optional<std::string> phone,
                             std::optional<std::string> email = std::nullopt,
                             const std::string& status = "Active") {
    domain::Contact c;
    c.name = name;
    c.phone_number = std::move(phone);
    c.email = std::move(email);
    c.status = status;
    auto created = contacts_->Create(org, org == org_ ? user_ : other_user_, c, {});
    EXPECT_TRUE(created.ok()) << created.error().details();
    return created.ok() ? *created : domain::Contact{};
  }

  std::string MustTag(const std::string& name) {
    TagRepository tags(*conn_, clock_, ids_);
    auto tag = tags.Create(org_, name);
    EXPECT_TRUE(tag.ok());
    return tag.ok() ? tag->uuid : "";
  }

  domain::Contact MustGet(const std::string& uuid) {
    auto c = contacts_->Get(org_, uuid);
    EXPECT_TRUE(c.ok()) << uuid;
    return c.ok() ? *c : domain::Contact{};
  }

  int64_t user_ = 0;
  int64_t other_user_ = 0;
  std::unique_ptr<ContactRepository> contacts_;
  // The upsert's rules are the service's (services/contact_upsert.hpp), its
  // rows this folder's (contact_row_writer.hpp): tested here together.
  Result<BulkUpsertResult> Upsert(int64_t user, const std::optional<std::string>& owner,
                                  UpsertKey key, const std::vector<BulkContactItem>& items) {
    return services::ContactService(*conn_, clock_, ids_).Upsert(org_, user, owner, key, items);
  }

  std::unique_ptr<ContactBulkRepository> bulk_;
};

SB_INSTANTIATE_ENGINES(ContactBulkRepositoryTest);

TEST_P(ContactBulkRepositoryTest, UpsertByPhoneCreatesUpdatesAndReportsEachItem) {
  auto ann = MustCreate(org_, "Ann", "+14155550100");
  BulkContactItem national = Item("Bob", "4155550101");
  national.fields.country_code = std::optional<std::string>("US");
  BulkContactItem rejected;
  rejected.rejected = FieldError{"email", "The email must be a string."};
  std::vector<BulkContactItem> items = {
      Item("Ann B", "+1 415 555 0100"),  // the existing contact, written otherwise
      national,                          // new
      Item(" ", "+14155550102"),         // invalid: no name
      Item("Bobby", "+14155550101"),     // the contact item 1 created
      rejected,
  };
  int64_t before = CurrentGeneration(*conn_, org_).value();
  auto out = Upsert(user_, std::nullopt, UpsertKey::kPhoneNumber, items);
  ASSERT_TRUE(out.ok()) << out.error().details();
  ASSERT_EQ(out->results.size(), 5u);
  EXPECT_EQ(out->results[0].kind, Kind::kUpdated);
  EXPECT_EQ(out->results[0].uuid, ann.uuid);
  EXPECT_EQ(out->results[1].kind, Kind::kCreated);
  EXPECT_EQ(out->results[2].kind, Kind::kError);
  EXPECT_EQ(out->results[2].field, "name");
  EXPECT_EQ(out->results[2].message, "The name field is required.");
  EXPECT_EQ(out->results[3].kind, Kind::kUpdated);
  EXPECT_EQ(out->results[3].uuid, out->results[1].uuid);
  EXPECT_EQ(out->results[4].kind, Kind::kError);
  EXPECT_EQ(out->results[4].field, "email");
  EXPECT_EQ(out->created, 1);
  EXPECT_EQ(out->updated, 2);
  EXPECT_EQ(out->failed, 2);
  EXPECT_EQ(MustGet(ann.uuid).name, "Ann B");
  auto bob = MustGet(out->results[1].uuid);
  EXPECT_EQ(bob.name, "Bobby");
  EXPECT_EQ(bob.phone_number, "+14155550101");
  EXPECT_EQ(bob.created_by_uuid, ann.created_by_uuid);
  EXPECT_GT(CurrentGeneration(*conn_, org_).value(), before);
  EXPECT_EQ(conn_->QueryInt("SELECT COUNT(*) FROM contacts WHERE organization_id = ?", {org_})
                .value()
                .value_or(0),
            2);
}

TEST_P(ContactBulkRepositoryTest, UpsertWithoutKeyReportsANumberAlreadyTaken) {
  MustCreate(org_, "Ann", "+14155550100");
  MustCreate(other_org_, "Gina", "+14155550109");  // another organization's: no conflict
  std::vector<BulkContactItem> items = {Item("Copy", "+14155550100"), Item("New", "+14155550101"),
                                        Item("Again", "+14155550101"),
                                        Item("Elsewhere", "+14155550109")};
  auto out = Upsert(user_, std::nullopt, UpsertKey::kNone, items);
  ASSERT_TRUE(out.ok()) << out.error().details();
  EXPECT_EQ(out->results[0].kind, Kind::kError);
  EXPECT_EQ(out->results[0].field, "phone_number");
  EXPECT_EQ(out->results[0].message, "A contact with this phone_number already exists.");
  EXPECT_EQ(out->results[1].kind, Kind::kCreated);
  EXPECT_EQ(out->results[2].kind, Kind::kError);
  EXPECT_EQ(out->results[2].field, "phone_number");
  EXPECT_EQ(out->results[3].kind, Kind::kCreated);
  EXPECT_EQ(out->created, 2);
  EXPECT_EQ(out->failed, 2);
}

TEST_P(ContactBulkRepositoryTest, UpsertByEmailIgnoresCaseAndRejectsUnknownLinks) {
  auto ann = MustCreate(org_, "Ann", std::nullopt, "Ann@Acme.test");
  BulkContactItem partial = Item("", "", " ann@acme.TEST ");
  partial.fields.status = "Inactive";
  BulkContactItem unknown_tag = Item("Tagged", "", "t@acme.test");
  unknown_tag.fields.tag_uuids = std::vector<std::string>{"0190a0a0-0000-7000-8000-000000000001"};
  BulkContactItem owned = Item("Owned", "", "o@acme.test");
  auto out = Upsert(user_, ann.owner_uuid, UpsertKey::kEmail, {partial, unknown_tag, owned});
  ASSERT_TRUE(out.ok()) << out.error().details();
  EXPECT_EQ(out->results[0].kind, Kind::kUpdated);
  EXPECT_EQ(out->results[0].uuid, ann.uuid);
  EXPECT_EQ(out->results[1].kind, Kind::kError);
  EXPECT_EQ(out->results[1].field, "tag_uuids");
  EXPECT_EQ(out->results[2].kind, Kind::kCreated);
  auto updated = MustGet(ann.uuid);
  EXPECT_EQ(updated.name, "Ann");  // absent fields are left alone
  EXPECT_EQ(updated.status, "Inactive");
  EXPECT_EQ(updated.email, "ann@acme.TEST");
}

TEST_P(ContactBulkRepositoryTest, UpdateByUuidsCountsOnlyRealChanges) {
  auto a = MustCreate(org_, "A", "+14155550100");
  auto b = MustCreate(org_, "B", "+14155550101", std::nullopt, "Inactive");
  auto foreign = MustCreate(other_org_, "G", "+14155550102");
  std::string vip = MustTag("vip");
  ContactSelection sel;
  sel.uuids = {a.uuid, b.uuid, b.uuid, foreign.uuid};
  BulkContactChanges status;
  status.status = "Inactive";
  auto first = bulk_->Update(org_, sel, status);
  ASSERT_TRUE(first.ok()) << first.error().details();
  EXPECT_EQ(first->matched, 2);
  EXPECT_EQ(first->updated, 1);    // b already was Inactive
  EXPECT_EQ(first->not_found, 1);  // the other organization's contact
  EXPECT_EQ(MustGet(a.uuid).status, "Inactive");

  BulkContactChanges tag;
  tag.add_tag_uuids = {vip};
  EXPECT_EQ(bulk_->Update(org_, sel, tag)->updated, 2);
  EXPECT_EQ(bulk_->Update(org_, sel, tag)->updated, 0);
  ASSERT_EQ(MustGet(b.uuid).tags.size(), 1u);
  BulkContactChanges untag;
  untag.remove_tag_uuids = {vip};
  EXPECT_EQ(bulk_->Update(org_, sel, untag)->updated, 2);
  EXPECT_TRUE(MustGet(b.uuid).tags.empty());
  EXPECT_EQ(contacts_->Get(other_org_, foreign.uuid)->status, "Active");
}

TEST_P(ContactBulkRepositoryTest, UpdateByFilterAndUnknownLinksNameTheirField) {
  MustCreate(org_, "A", "+14155550100");
  auto b = MustCreate(org_, "B", "+14155550101", std::nullopt, "Inactive");
  ContactSelection sel;
  sel.filter = domain::ContactFilter{};
  sel.filter->status = "Inactive";
  BulkContactChanges clear_owner;
  clear_owner.owner_uuid = std::optional<std::string>();
  clear_owner.status = "Active";
  auto out = bulk_->Update(org_, sel, clear_owner);
  ASSERT_TRUE(out.ok()) << out.error().details();
  EXPECT_EQ(out->matched, 1);
  EXPECT_EQ(out->updated, 1);
  EXPECT_EQ(out->not_found, 0);
  EXPECT_FALSE(MustGet(b.uuid).owner_uuid.has_value());
  EXPECT_EQ(MustGet(b.uuid).status, "Active");
  // Nothing is Inactive any more; an unowned contact stays as it is.
  EXPECT_EQ(bulk_->Update(org_, sel, clear_owner)->matched, 0);
  sel.filter->status = "Active";
  BulkContactChanges unowned;
  unowned.owner_uuid = std::optional<std::string>();
  auto none = bulk_->Update(org_, sel, unowned);
  EXPECT_EQ(none->matched, 2);
  EXPECT_EQ(none->updated, 0);

  BulkContactChanges bad_stage;
  bad_stage.stage_uuid = std::optional<std::string>("0190a0a0-0000-7000-8000-000000000002");
  auto rejected = bulk_->Update(org_, sel, bad_stage);
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().field(), "set.stage_uuid");
  BulkContactChanges bad_tag;
  bad_tag.remove_tag_uuids = {"0190a0a0-0000-7000-8000-000000000003"};
  EXPECT_EQ(bulk_->Update(org_, sel, bad_tag).error().field(), "remove_tag_uuids");
}

TEST_P(ContactBulkRepositoryTest, DeleteCountsDeletedAndNotFound) {
  auto a = MustCreate(org_, "A", "+14155550100");
  auto b = MustCreate(org_, "B", "+14155550101");
  auto keep = MustCreate(org_, "C", "+14155550102");
  auto foreign = MustCreate(other_org_, "G", "+14155550103");
  auto out = bulk_->Delete(org_, {a.uuid, b.uuid, a.uuid, foreign.uuid});
  ASSERT_TRUE(out.ok()) << out.error().details();
  EXPECT_EQ(out->deleted, 2);
  EXPECT_EQ(out->not_found, 1);
  EXPECT_FALSE(contacts_->Get(org_, a.uuid).ok());
  EXPECT_TRUE(contacts_->Get(org_, keep.uuid).ok());
  EXPECT_TRUE(contacts_->Get(other_org_, foreign.uuid).ok());
}

}  // namespace
}  // namespace sb::store
