#include "store/repositories/phone_number_repository.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "store/repositories/agent_repository.hpp"
#include "store/repositories/store_test_fixture.hpp"
#include "store/repositories/token_repository.hpp"

namespace sb::store {
namespace {

class PhoneNumberRepositoryTest : public StoreTest {
 protected:
  domain::PhoneNumber Add(const std::string& number, const std::string& cc, int64_t fee_cents,
                          bool external = false, const std::string& status = "active") {
    PhoneNumberRepository repo(*conn_, clock_, ids_);
    NewPhoneNumber n;
    n.number = number;
    n.country_code = cc;
    n.type = "local";
    n.monthly_fee_cents = fee_cents;
    n.is_external = external;
    n.status = status;
    auto created = repo.Create(org_, n);
    EXPECT_TRUE(created.ok());
    clock_.Advance(1);
    return *created;
  }

  std::vector<std::string> Numbers(const PhoneNumberFilter& f, domain::PageRequest page = {1, 25}) {
    PhoneNumberRepository repo(*conn_, clock_, ids_);
    auto list = repo.List(org_, f, page);
    EXPECT_TRUE(list.ok());
    std::vector<std::string> out;
    for (const auto& n : *list) out.push_back(n.number);
    auto count = repo.Count(org_, f);
    EXPECT_TRUE(count.ok());
    if (page.page == 1 && static_cast<int64_t>(out.size()) < page.per_page) {
      EXPECT_EQ(*count, static_cast<int64_t>(out.size()));
    }
    return out;
  }
};

SB_INSTANTIATE_ENGINES(PhoneNumberRepositoryTest);

TEST_P(PhoneNumberRepositoryTest, CreateStoresCanonicalDocumentsAndDefaults) {
  auto n = Add("+14155552671", "US", 150);
  EXPECT_EQ(n.number, "+14155552671");
  EXPECT_EQ(n.status, "active");
  EXPECT_EQ(n.compliance_status, "completed");
  EXPECT_EQ(n.compliance_requirements, "[]");
  EXPECT_EQ(n.capabilities, domain::CapabilitiesJson({}));
  EXPECT_EQ(n.channel_settings, domain::ChannelSettingsJson({}));
  EXPECT_EQ(n.monthly_fee_cents, 150);
  EXPECT_EQ(n.currency, "EUR");
  EXPECT_EQ(n.purchased_at, 1709294400);
  EXPECT_FALSE(n.call.agent_uuid.has_value());
}

TEST_P(PhoneNumberRepositoryTest, SameNumberTwiceIsAConflictOnNumberButFineInAnotherOrg) {
  Add("+14155552671", "US", 0);
  PhoneNumberRepository repo(*conn_, clock_, ids_);
  NewPhoneNumber n;
  n.number = "+14155552671";
  n.country_code = "US";
  n.type = "local";
  auto dup = repo.Create(org_, n);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field(), "number");
  EXPECT_TRUE(repo.Create(other_org_, n).ok());
}

TEST_P(PhoneNumberRepositoryTest, FiltersSortsAndPages) {
  Add("+14155552671", "US", 300);
  Add("+442079460958", "GB", 100, false, "pending");
  Add("+49301234567", "DE", 200);
  Add("+12125551234", "US", 100, /*external=*/true);
  PhoneNumberFilter f;
  EXPECT_EQ(Numbers(f),
            (std::vector<std::string>{"+49301234567", "+442079460958", "+14155552671"}));
  f.include_external = true;
  EXPECT_EQ(Numbers(f), (std::vector<std::string>{"+12125551234", "+49301234567", "+442079460958",
                                                  "+14155552671"}));
  f.sort = "monthly_fee";  // ties by id: GB was created before the external US
  EXPECT_EQ(Numbers(f), (std::vector<std::string>{"+442079460958", "+12125551234", "+49301234567",
                                                  "+14155552671"}));
  f.sort = "number";
  EXPECT_EQ(Numbers(f), (std::vector<std::string>{"+12125551234", "+14155552671", "+442079460958",
                                                  "+49301234567"}));
  EXPECT_EQ(Numbers(f, {2, 3}), (std::vector<std::string>{"+49301234567"}));
  f.country_code = "US";
  EXPECT_EQ(Numbers(f), (std::vector<std::string>{"+12125551234", "+14155552671"}));
  f.country_code.reset();
  f.status = "pending";
  EXPECT_EQ(Numbers(f), (std::vector<std::string>{"+442079460958"}));
  f.status.reset();
  f.search = "415 555-26";
  EXPECT_EQ(Numbers(f), (std::vector<std::string>{"+14155552671"}));
  f.search = "de";
  EXPECT_EQ(Numbers(f), (std::vector<std::string>{"+49301234567"}));
  f.search = "%";
  EXPECT_EQ(Numbers(f), (std::vector<std::string>{}));
}

TEST_P(PhoneNumberRepositoryTest, BoundToAgentAndBindingsOnItems) {
  auto a = Add("+14155552671", "US", 0);
  auto b = Add("+12125551234", "US", 0);
  Add("+13105550123", "US", 0);
  AgentRepository agents(*conn_, clock_, ids_);
  auto ava = *agents.Create(org_, "Ava");
  ASSERT_TRUE(agents.Bind(org_, ava.uuid, "sms", a.uuid).ok());
  ASSERT_TRUE(agents.Bind(org_, ava.uuid, "whatsapp", b.uuid).ok());
  ASSERT_TRUE(agents.Bind(org_, ava.uuid, "call", b.uuid).ok());
  PhoneNumberFilter f;
  f.bound_to_agent_uuid = ava.uuid;
  f.sort = "number";
  EXPECT_EQ(Numbers(f), (std::vector<std::string>{"+12125551234", "+14155552671"}));
  f.bound_to_agent_uuid = "00000000-0000-7000-8000-999999999999";
  EXPECT_EQ(Numbers(f), (std::vector<std::string>{}));

  PhoneNumberRepository repo(*conn_, clock_, ids_);
  auto got = *repo.Get(org_, b.uuid);
  EXPECT_EQ(got.call.agent_uuid, ava.uuid);
  EXPECT_EQ(got.call.agent_name, "Ava");
  EXPECT_FALSE(got.sms.agent_uuid.has_value());
  EXPECT_EQ(got.whatsapp.agent_name, "Ava");
}

TEST_P(PhoneNumberRepositoryTest, UpdateMergesChannelSettingsPerField) {
  auto n = Add("+14155552671", "US", 0);
  PhoneNumberRepository repo(*conn_, clock_, ids_);
  PhoneNumberUpdate u;
  u.status = "inactive";
  u.channel_settings.voice.channel_limit = 7;
  ASSERT_TRUE(repo.Update(org_, n.uuid, u).ok());
  PhoneNumberUpdate u2;
  u2.channel_settings.voice.whitelisted_destinations = std::vector<std::string>{"+1"};
  u2.compliance_requirements = R"([{"type":"address"}])";
  auto after = repo.Update(org_, n.uuid, u2);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->status, "inactive");
  EXPECT_EQ(after->compliance_requirements, R"([{"type":"address"}])");
  domain::ChannelSettings s = domain::ParseChannelSettings(after->channel_settings);
  EXPECT_EQ(s.voice.channel_limit, 7);
  EXPECT_EQ(s.voice.whitelisted_destinations, std::vector<std::string>{"+1"});
  EXPECT_TRUE(s.voice.enabled);
  EXPECT_EQ(repo.Update(other_org_, n.uuid, u2).error().code(), ErrorCode::kNotFound);
}

TEST_P(PhoneNumberRepositoryTest, DeleteRemovesBindingsAndIsScoped) {
  auto n = Add("+14155552671", "US", 0);
  AgentRepository agents(*conn_, clock_, ids_);
  auto ava = *agents.Create(org_, "Ava");
  ASSERT_TRUE(agents.Bind(org_, ava.uuid, "call", n.uuid).ok());
  PhoneNumberRepository repo(*conn_, clock_, ids_);
  EXPECT_EQ(repo.Delete(other_org_, n.uuid).error().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(repo.Delete(org_, n.uuid).ok());
  EXPECT_EQ(repo.Get(org_, n.uuid).error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(agents.Get(org_, ava.uuid)->bindings.empty());
}

}  // namespace
}  // namespace sb::store
