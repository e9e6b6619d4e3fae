#include "domain/phone_number.hpp"

#include <gtest/gtest.h>

#include "domain/phone.hpp"

namespace sb::domain {
namespace {

TEST(PhoneNumberDocuments, DefaultsAreCanonicalAndComplete) {
  EXPECT_EQ(CapabilitiesJson({}),
            R"({"voice":false,"sms":false,"mms":false,"fax":false,"emergency":false,)"
            R"("local_calling":false})");
  EXPECT_EQ(ChannelSettingsJson({}),
            R"({"voice":{"enabled":true,"channel_limit":1,"whitelisted_destinations":[]},)"
            R"("sms":{"enabled":true,"channel_limit":1,"whitelisted_destinations":[]},)"
            R"("inbound":{"enabled":true,"channel_limit":1}})");
}

TEST(PhoneNumberDocuments, ChannelSettingsRoundTripAndPatchPerField) {
  ChannelSettings s;
  s.voice.channel_limit = 5;
  s.voice.whitelisted_destinations = {"+14155552671"};
  s.inbound.enabled = false;
  ChannelSettings back = ParseChannelSettings(ChannelSettingsJson(s));
  EXPECT_EQ(ChannelSettingsJson(back), ChannelSettingsJson(s));

  ChannelSettingsPatch patch;
  patch.voice.enabled = false;  // channel_limit and whitelist stay
  patch.sms.whitelisted_destinations = std::vector<std::string>{"+44", "+49"};
  ApplyPatch(patch, back);
  EXPECT_FALSE(back.voice.enabled);
  EXPECT_EQ(back.voice.channel_limit, 5);
  EXPECT_EQ(back.voice.whitelisted_destinations, std::vector<std::string>{"+14155552671"});
  EXPECT_TRUE(back.sms.enabled);
  EXPECT_EQ(back.sms.whitelisted_destinations, (std::vector<std::string>{"+44", "+49"}));
  EXPECT_FALSE(back.inbound.enabled);
}

TEST(PhoneNumberDocuments, MalformedStoredSettingsReadAsDefaults) {
  EXPECT_EQ(ChannelSettingsJson(ParseChannelSettings("not json")), ChannelSettingsJson({}));
  EXPECT_EQ(ChannelSettingsJson(ParseChannelSettings("{}")), ChannelSettingsJson({}));
}

TEST(PhoneNumberFees, CentsAndUnits) {
  EXPECT_EQ(FeeCents(1.5), 150);
  EXPECT_EQ(FeeCents(0.1 + 0.2), 30);
  EXPECT_EQ(FeeCents(0), 0);
  EXPECT_DOUBLE_EQ(FeeUnits(150), 1.5);
}

// The numbers the phone-number tests rely on, checked against libphonenumber.
TEST(PhoneNumberFixtures, TestNumbersAreValid) {
  const std::pair<const char*, const char*> valid[] = {
      {"+14155552671", "US"},   {"+12125551234", "US"},  {"+13105550123", "US"},
      {"+442079460958", "GB"},  {"+447400123456", "GB"}, {"+49301234567", "DE"},
      {"+4915123456789", "DE"}, {"+18005550199", "US"},
  };
  for (const auto& [number, region] : valid) {
    SCOPED_TRACE(number);
    auto n = NormalizePhone(number, std::nullopt, "number");
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(n->e164, number);
    EXPECT_EQ(n->region, region);
  }
}

}  // namespace
}  // namespace sb::domain
