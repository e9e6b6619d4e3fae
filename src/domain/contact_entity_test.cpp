// The contact's declaration is consistent in itself: names unique, every
// column-backed field has a member, every client-set field a place in
// ContactFields, CSV positions contiguous, and the write order the one the
// API has always reported errors in. (Its match with the schema is
// store/repositories/entity_contract_test.cpp.)
#include "domain/contact_entity.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace sb::domain {
namespace {

TEST(ContactEntity, NamesAreUniqueAndEveryStoredFieldHasAMember) {
  std::set<std::string_view> wires;
  std::set<std::string_view> results;
  for (const ContactField& f : kContactEntity) {
    EXPECT_TRUE(wires.insert(f.wire).second) << f.wire;
    if (f.Selected()) {
      EXPECT_TRUE(results.insert(f.ResultName()).second) << f.wire;
      EXPECT_FALSE(std::holds_alternative<std::monostate>(f.member)) << f.wire;
    }
    if (f.write == Write::kClient) {
      EXPECT_FALSE(std::holds_alternative<std::monostate>(f.input_member)) << f.wire;
    }
    if (f.type == FieldType::kUuidRef) {
      EXPECT_FALSE(f.ref_table.empty()) << f.wire;
    }
    if (f.type == FieldType::kEnum) {
      EXPECT_NE(f.choices, nullptr) << f.wire;
    }
  }
}

TEST(ContactEntity, CsvPositionsAreContiguousFromZero) {
  std::vector<int> positions;
  for (const ContactField& f : kContactEntity) {
    if (f.csv >= 0) positions.push_back(f.csv);
  }
  std::sort(positions.begin(), positions.end());
  for (size_t i = 0; i < positions.size(); ++i) EXPECT_EQ(positions[i], static_cast<int>(i));
}

TEST(ContactEntity, WritableFieldsKeepTheirErrorOrder) {
  const std::vector<std::string_view> order(kContactFieldOrder.begin(), kContactFieldOrder.end());
  const std::vector<std::string_view> expected = {"name",
                                                  "surname",
                                                  "email",
                                                  "phone_number",
                                                  "country_code",
                                                  "timezone",
                                                  "primary_language",
                                                  "preferred_contact_channel",
                                                  "preferred_contact_time",
                                                  "status",
                                                  "stage_uuid",
                                                  "notes",
                                                  "metadata",
                                                  "tag_uuids",
                                                  "owner_uuid",
                                                  "assignee_uuids",
                                                  "source_name",
                                                  "lead_source",
                                                  "category",
                                                  "do_not_call"};
  ASSERT_GE(order.size(), expected.size());
  EXPECT_EQ(std::vector<std::string_view>(order.begin(), order.begin() + expected.size()), expected)
      << "new writable fields go after the existing ones";
}

TEST(ContactEntity, ApplyTrimsLabelsAndLeavesCustomFieldsAlone) {
  ContactFields in;
  in.source_name = std::optional<std::string>("  web ");
  in.lead_source = std::optional<std::string>("   ");
  in.surname = std::optional<std::string>(" Lee ");
  in.email = std::optional<std::string>(" a@b.co ");
  Contact c;
  for (const ContactField& f : kContactEntity) ApplyField(f, in, c);
  EXPECT_EQ(c.source_name, "web");
  EXPECT_FALSE(c.lead_source.has_value()) << "blank is none";
  EXPECT_EQ(c.surname, " Lee ") << "as given";
  EXPECT_FALSE(c.email.has_value()) << "email is ApplyContactFields' own";
}

}  // namespace
}  // namespace sb::domain
