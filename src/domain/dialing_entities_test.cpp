// The declarations of the pool, the pool member, the campaign and the phone
// number are consistent in themselves: names unique, every selected field
// read into a member, enums with their choices, references with their table,
// and the /api/v1 field order the one the API has always written. (Their
// match with the schema is store/repositories/entity_contract_test.cpp.)
#include <gtest/gtest.h>

#include <set>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/campaign_entity.hpp"
#include "domain/phone_number_entity.hpp"
#include "domain/pool_entity.hpp"
#include "domain/pool_member_entity.hpp"

namespace sb::domain {
namespace {

template <typename Fields>
void ExpectConsistent(const Fields& fields) {
  std::set<std::string_view> wires;
  std::set<std::string_view> results;
  for (const auto& f : fields) {
    EXPECT_TRUE(wires.insert(f.wire).second) << f.wire;
    if (f.Selected()) {
      EXPECT_TRUE(results.insert(f.ResultName()).second) << f.wire;
      EXPECT_FALSE(std::holds_alternative<std::monostate>(f.member)) << f.wire;
    }
    // Nothing here is read from a body generically.
    EXPECT_TRUE(std::holds_alternative<std::monostate>(f.input_member)) << f.wire;
    if (f.type == FieldType::kUuidRef) {
      EXPECT_FALSE(f.ref_table.empty()) << f.wire;
    }
    if (f.type == FieldType::kEnum) {
      EXPECT_NE(f.choices, nullptr) << f.wire;
    }
  }
}

// The wire names /api/v1 shows, in declaration order.
template <typename Fields>
std::vector<std::string_view> PlatformOrder(const Fields& fields) {
  std::vector<std::string_view> out;
  for (const auto& f : fields) {
    if ((f.dialects & kPlatform) != 0) out.push_back(f.wire);
  }
  return out;
}

TEST(DialingEntities, DeclarationsAreConsistent) {
  ExpectConsistent(kPoolEntity);
  ExpectConsistent(kPoolMemberEntity);
  ExpectConsistent(kPoolItemStateFields);
  ExpectConsistent(kCampaignEntity);
  ExpectConsistent(kPhoneNumberEntity);
}

TEST(DialingEntities, PoolFieldsKeepTheirJsonOrder) {
  const std::vector<std::string_view> expected = {
      "uuid",        "name",      "description",    "type",       "max_parallel_items",
      "max_retries", "is_active", "contacts_count", "created_at", "updated_at"};
  EXPECT_EQ(PlatformOrder(kPoolEntity), expected);
}

TEST(DialingEntities, PoolMemberFieldsKeepTheirJsonOrder) {
  const std::vector<std::string_view> expected = {
      "pool_uuid", "contact_uuid",  "name",        "phone_number", "email",
      "status",    "priority",      "retry_count", "started_at",   "completed_at",
      "failed_at", "next_retry_at", "notes",       "added_at"};
  EXPECT_EQ(PlatformOrder(kPoolMemberEntity), expected);
  // The JSON writer leaves the first one out where the route names no pool.
  EXPECT_EQ(kPoolMemberEntity[0].wire, "pool_uuid");
}

TEST(DialingEntities, CampaignFieldsKeepTheirJsonOrder) {
  const std::vector<std::string_view> expected = {"uuid",           "name",       "status",
                                                  "agent_uuid",     "rule_uuid",  "pools",
                                                  "contacts_count", "created_at", "updated_at"};
  EXPECT_EQ(PlatformOrder(kCampaignEntity), expected);
}

TEST(DialingEntities, PhoneNumberFieldsKeepTheirJsonOrder) {
  const std::vector<std::string_view> expected = {
      "phone_number_uuid", "number",           "country_code",        "type",
      "is_external",       "status",           "compliance.status",   "compliance.requirements",
      "capabilities",      "channel_settings", "billing.monthly_fee", "billing.currency",
      "bindings",          "purchased_at",     "updated_at"};
  EXPECT_EQ(PlatformOrder(kPhoneNumberEntity), expected);
}

TEST(DialingEntities, FieldIndexFindsByWireAndInputName) {
  EXPECT_EQ(FieldIndex(kPhoneNumberEntity, "phone_number_uuid"), 1U);
  EXPECT_EQ(FieldIndex(kPhoneNumberEntity, "monthly_fee"),
            FieldIndex(kPhoneNumberEntity, "billing.monthly_fee"));
  EXPECT_EQ(FieldIndex(kPhoneNumberEntity, "no_such_field"), kPhoneNumberEntity.size());
}

}  // namespace
}  // namespace sb::domain
