// ApplyContactFields on ownership and origin: owner, assignees and labels.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/contact.hpp"

namespace sb::domain {
namespace {

using Strings = std::vector<std::string>;

Contact Existing() {
  Contact c;
  c.name = "Ada";
  c.phone_number = "+14155552671";
  c.owner_uuid = "00000000-0000-7000-8000-000000000001";
  c.assignee_uuids = {"00000000-0000-7000-8000-000000000001"};
  c.source_name = "Website";
  c.lead_source = "Ads";
  c.category = "SMB";
  return c;
}

TEST(ContactOwnershipFields, AbsentFieldsAreLeftAlone) {
  Contact c = Existing();
  ASSERT_TRUE(ApplyContactFields(ContactFields{}, c).ok());
  EXPECT_EQ(c.owner_uuid, "00000000-0000-7000-8000-000000000001");
  EXPECT_EQ(c.assignee_uuids, Strings{"00000000-0000-7000-8000-000000000001"});
  EXPECT_EQ(c.source_name, "Website");
  EXPECT_EQ(c.lead_source, "Ads");
  EXPECT_EQ(c.category, "SMB");
}

TEST(ContactOwnershipFields, NullClearsAndValuesReplace) {
  Contact c = Existing();
  ContactFields f;
  f.owner_uuid = std::optional<std::string>();
  f.source_name = std::optional<std::string>();
  f.lead_source = std::optional<std::string>("Fair");
  f.assignee_uuids = Strings{};
  ASSERT_TRUE(ApplyContactFields(f, c).ok());
  EXPECT_EQ(c.owner_uuid, std::nullopt);
  EXPECT_EQ(c.source_name, std::nullopt);
  EXPECT_EQ(c.lead_source, "Fair");
  EXPECT_EQ(c.category, "SMB");
  EXPECT_EQ(c.assignee_uuids, Strings{});
}

TEST(ContactOwnershipFields, AssigneesAreSortedOnceEach) {
  Contact c = Existing();
  ContactFields f;
  f.assignee_uuids =
      Strings{"00000000-0000-7000-8000-000000000003", "00000000-0000-7000-8000-000000000002",
              "00000000-0000-7000-8000-000000000003"};
  ASSERT_TRUE(ApplyContactFields(f, c).ok());
  EXPECT_EQ(c.assignee_uuids, (Strings{"00000000-0000-7000-8000-000000000002",
                                       "00000000-0000-7000-8000-000000000003"}));
}

TEST(ContactOwnershipFields, LabelsAreTrimmedAndBlankMeansNone) {
  struct Case {
    std::string given;
    std::optional<std::string> stored;
  };
  for (const auto& [given, stored] : std::vector<Case>{{"  Website ", "Website"},
                                                       {"Google Ads", "Google Ads"},
                                                       {"", std::nullopt},
                                                       {" \t ", std::nullopt}}) {
    Contact c = Existing();
    ContactFields f;
    f.source_name = std::optional<std::string>(given);
    f.lead_source = std::optional<std::string>(given);
    f.category = std::optional<std::string>(given);
    ASSERT_TRUE(ApplyContactFields(f, c).ok());
    EXPECT_EQ(c.source_name, stored) << "'" << given << "'";
    EXPECT_EQ(c.lead_source, stored) << "'" << given << "'";
    EXPECT_EQ(c.category, stored) << "'" << given << "'";
  }
}

}  // namespace
}  // namespace sb::domain
