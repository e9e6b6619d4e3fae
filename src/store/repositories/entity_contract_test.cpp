// Each entity's declaration (domain/*_entity.hpp) against the migrated schema
// of both engines: every declared column exists in the entity's table with a
// compatible type and the declared nullability, and every column of the table
// is declared or listed as internal. A migration that adds, drops or retypes
// a column without the declaration following (or the reverse) fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "domain/campaign_entity.hpp"
#include "domain/contact_entity.hpp"
#include "domain/entity.hpp"
#include "domain/phone_number_entity.hpp"
#include "domain/pipeline_entity.hpp"
#include "domain/pool_entity.hpp"
#include "domain/pool_member_entity.hpp"
#include "domain/tag_entity.hpp"
#include "domain/user_entity.hpp"
#include "domain/webhook_delivery_entity.hpp"
#include "domain/webhook_entity.hpp"
#include "store/repositories/store_test_fixture.hpp"

namespace sb::store {
namespace {

struct SchemaColumn {
  std::string type;  // lower case, as the engine names it
  bool nullable = true;
};

class EntityContractTest : public StoreTest {
 protected:
  // The columns of `table` as the engine's catalogue describes them.
  std::map<std::string, SchemaColumn> Columns(std::string_view table) {
    const std::string sql =
        postgres() ? "SELECT column_name, udt_name, CASE WHEN is_nullable = 'YES' THEN 0 ELSE 1"
                     " END, 0 FROM information_schema.columns WHERE table_schema ="
                     " current_schema() AND table_name = ?"
                   : "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)";
    std::map<std::string, SchemaColumn> out;
    auto rows = conn_->Query(sql, {std::string(table)});
    EXPECT_TRUE(rows.ok()) << rows.error().details();
    if (!rows.ok()) return out;
    while (true) {
      auto more = (*rows)->Next();
      EXPECT_TRUE(more.ok());
      if (!more.ok() || !*more) break;
      std::string type = (*rows)->String(1);
      std::transform(type.begin(), type.end(), type.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      // A primary key is never null (SQLite's catalogue says notnull 0).
      const bool not_null = (*rows)->Int(2) != 0 || (*rows)->Int(3) != 0;
      out[(*rows)->String(0)] = {type, !not_null};
    }
    return out;
  }

  // Whether a column of engine type `type` (SQLite's declared type, or
  // PostgreSQL's udt_name) holds a field of type `t`.
  bool Compatible(domain::FieldType t, const std::string& type) const {
    using domain::FieldType;
    const bool integer = postgres() ? type == "int8" || type == "int4" : type == "integer";
    const bool text =
        postgres() ? type == "text" || type == "citext" || type == "varchar" : type == "text";
    switch (t) {
      case FieldType::kId:
      case FieldType::kInt:
      case FieldType::kUuidRef:  // the other row's id
        return integer;
      case FieldType::kBool:  // 0/1 in an integer (PostgreSQL's boolean reads alike)
        return integer || (postgres() && type == "bool");
      case FieldType::kTimestamp:
        return postgres() ? type == "timestamptz" : integer;
      case FieldType::kUuid:
        return postgres() ? type == "uuid" : text;
      case FieldType::kJson:
        return postgres() ? type == "jsonb" : text;
      case FieldType::kText:
      case FieldType::kEnum:
        return text;
      case FieldType::kUuidList:
      case FieldType::kTagList:
      case FieldType::kNested:
        return false;  // link tables and nested rows, never a column
    }
    return false;
  }

  template <typename Fields>
  void ExpectMatches(std::string_view table, const Fields& fields,
                     std::span<const std::string_view> internal) {
    const auto columns = Columns(table);
    ASSERT_FALSE(columns.empty()) << table << " has no columns";
    std::set<std::string> declared;
    for (const auto& f : fields) {
      if (!f.Selected()) continue;
      const std::string column(f.column);
      declared.insert(column);
      auto it = columns.find(column);
      if (it == columns.end()) {
        ADD_FAILURE() << table << "." << column << " (field " << f.wire << ") is not in the schema";
        continue;
      }
      EXPECT_TRUE(Compatible(f.type, it->second.type))
          << table << "." << column << " is " << it->second.type << ", not a column for field "
          << f.wire;
      EXPECT_EQ(f.nullable, it->second.nullable)
          << table << "." << column << (it->second.nullable ? " is" : " is not")
          << " nullable, the field " << f.wire << " says otherwise";
    }
    for (std::string_view c : internal) declared.emplace(c);
    for (const auto& [name, column] : columns) {
      EXPECT_TRUE(declared.count(name) == 1)
          << table << "." << name << " is neither declared nor listed as internal";
    }
  }
};

SB_INSTANTIATE_ENGINES(EntityContractTest);

TEST_P(EntityContractTest, ContactsMatchTheirDeclaration) {
  ExpectMatches("contacts", domain::kContactEntity, domain::kContactInternalColumns);
}

TEST_P(EntityContractTest, TagsMatchTheirDeclaration) {
  ExpectMatches("tags", domain::kTagEntity, domain::kTagInternalColumns);
}

TEST_P(EntityContractTest, PipelinesAndStagesMatchTheirDeclarations) {
  ExpectMatches("pipelines", domain::kPipelineEntity, domain::kPipelineInternalColumns);
  ExpectMatches("pipeline_stages", domain::kPipelineStageEntity,
                domain::kPipelineStageInternalColumns);
}

TEST_P(EntityContractTest, UsersMatchTheirDeclaration) {
  ExpectMatches("users", domain::kUserEntity, domain::kUserInternalColumns);
}

TEST_P(EntityContractTest, WebhooksMatchTheirDeclaration) {
  ExpectMatches("webhooks", domain::kWebhookEntity, domain::kWebhookInternalColumns);
}

TEST_P(EntityContractTest, WebhookDeliveriesMatchTheirDeclaration) {
  ExpectMatches("webhook_deliveries", domain::kWebhookDeliveryEntity,
                domain::kWebhookDeliveryInternalColumns);
}

TEST_P(EntityContractTest, PoolsMatchTheirDeclaration) {
  ExpectMatches("pools", domain::kPoolEntity, domain::kPoolInternalColumns);
}

TEST_P(EntityContractTest, PoolItemsMatchTheirDeclaration) {
  ExpectMatches("pool_items", domain::kPoolMemberEntity, domain::kPoolItemInternalColumns);
}

TEST_P(EntityContractTest, CampaignsMatchTheirDeclaration) {
  ExpectMatches("campaigns", domain::kCampaignEntity, domain::kCampaignInternalColumns);
}

TEST_P(EntityContractTest, PhoneNumbersMatchTheirDeclaration) {
  ExpectMatches("phone_numbers", domain::kPhoneNumberEntity, domain::kPhoneNumberInternalColumns);
}

}  // namespace
}  // namespace sb::store
