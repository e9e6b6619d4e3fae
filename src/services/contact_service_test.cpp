#include "services/contact_service.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "store/repositories/contact_test_fixture.hpp"
#include "store/repositories/store_util.hpp"
#include "store/repositories/tag_repository.hpp"
#include "store/repositories/webhook_repository.hpp"

namespace sb::services {
namespace {

class ContactServiceTest : public store::ContactStoreTest {
 protected:
  static domain::Contact Person(const std::string& name, const std::string& phone) {
    domain::Contact c;
    c.name = name;
    c.phone_number = phone;
    return c;
  }
  ContactService Service() { return ContactService(*conn_, clock_, ids_); }
  domain::Contact MustCreate(const domain::Contact& c) {
    auto created = Service().Create(org_, user_, c, {});
    EXPECT_TRUE(created.ok()) << created.error().details();
    return created.ok() ? *created : domain::Contact{};
  }
  std::string MustTag(const std::string& name) {
    auto t =
        InUnitOfWork([&] { return store::TagRepository(*conn_, clock_, ids_).Create(org_, name); });
    EXPECT_TRUE(t.ok());
    return t.ok() ? t->uuid : "";
  }
  int64_t Generation() { return *store::CurrentGeneration(*conn_, org_); }
  // The total of the list (through the fixture's count cache).
  int64_t Total(const domain::ContactFilter& filter) {
    auto res = repo_->List(org_, Generation(), filter, {1, 100}, counts_);
    EXPECT_TRUE(res.ok()) << res.error().details();
    return res.ok() ? res->total : -1;
  }
  int64_t Events(const std::string& type) {
    return *conn_->QueryInt("SELECT COUNT(*) FROM webhook_events WHERE type = ?", {type})
                .value_or(-1);
  }
};

TEST_P(ContactServiceTest, CachedTotalsFollowTheWriteGeneration) {
  std::string vip = MustTag("VIP");
  domain::Contact a = MustCreate(Person("A", "+14155552671"));
  domain::ContactFilter by_tag;
  by_tag.tag_uuid = vip;
  EXPECT_EQ(Total({}), 1);
  EXPECT_EQ(Total(by_tag), 0);
  MustCreate(Person("B", "+14155552672"));
  EXPECT_EQ(Total({}), 2);
  ASSERT_TRUE(Service().AddTags(org_, a.uuid, {vip}).ok());
  EXPECT_EQ(Total(by_tag), 1);
  ASSERT_TRUE(Service().RemoveTag(org_, a.uuid, vip).ok());
  EXPECT_EQ(Total(by_tag), 0);
  ASSERT_TRUE(Service().Delete(org_, a.uuid).ok());
  EXPECT_EQ(Total({}), 1);
}

TEST_P(ContactServiceTest, ACreateBumpsOnceAndItsEventCommitsWithIt) {
  domain::Webhook hook;
  hook.url = "https://hooks.example.com/in";
  hook.events = {"contact.created"};
  hook.secret = "whsec_test_secret_0123456789";
  ASSERT_TRUE(InUnitOfWork([&] {
                return store::WebhookRepository(*conn_, clock_, ids_).Create(org_, hook);
              }).ok());
  const int64_t before = Generation();
  std::string vip = MustTag("VIP");
  auto created = Service().Create(org_, user_, Person("A", "+14155552671"), {vip});
  ASSERT_TRUE(created.ok()) << created.error().details();
  ASSERT_EQ(created->tags.size(), 1u);
  EXPECT_EQ(created->tags[0].uuid, vip);
  EXPECT_EQ(Generation(), before + 2);  // the tag, then the contact with its tag
  EXPECT_EQ(Events("contact.created"), 1);

  // The same number again: refused, nothing bumped, no event.
  auto taken = Service().Create(org_, user_, Person("B", "+14155552671"), {});
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(Generation(), before + 2);
  EXPECT_EQ(Events("contact.created"), 1);
}

TEST_P(ContactServiceTest, RemovingATagAnswersTheContactWithoutIt) {
  std::string vip = MustTag("VIP");
  auto created = Service().Create(org_, user_, Person("A", "+14155552671"), {vip});
  ASSERT_TRUE(created.ok());
  auto after = Service().RemoveTag(org_, created->uuid, vip);
  ASSERT_TRUE(after.ok()) << after.error().details();
  EXPECT_TRUE(after->tags.empty());
  auto again = Service().RemoveTag(org_, created->uuid, vip);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kNotFound);
}

TEST_P(ContactServiceTest, BulkWritesThatChangeNothingLeaveTheGeneration) {
  domain::Contact a = MustCreate(Person("A", "+14155552671"));
  const int64_t before = Generation();
  auto none = Service().BulkDelete(org_, {"00000000-0000-7000-8000-0000000009ff"});
  ASSERT_TRUE(none.ok()) << none.error().details();
  EXPECT_EQ(none->deleted, 0);
  EXPECT_EQ(none->not_found, 1);
  EXPECT_EQ(Generation(), before);
  auto gone = Service().BulkDelete(org_, {a.uuid});
  ASSERT_TRUE(gone.ok()) << gone.error().details();
  EXPECT_EQ(gone->deleted, 1);
  EXPECT_EQ(Generation(), before + 1);
}

SB_INSTANTIATE_ENGINES(ContactServiceTest);

}  // namespace
}  // namespace sb::services
