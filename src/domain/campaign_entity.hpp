// The campaign, described once (domain/entity.hpp): its fields in the order of
// its /api/v1 JSON. The store's select list, joins, row reading and insert
// list and the JSON follow from it. pools (kept in campaign_pools) and
// contacts_count (counted over those pools) are not columns: they are
// declared with no column so the JSON order stays in one place, and the
// store and the JSON writer fill them in by hand. A campaign's writes
// (CampaignFields, the rule route) are read and checked by its own code, so
// no field has an input member.
#pragma once

#include <array>
#include <string_view>

#include "domain/campaign.hpp"
#include "domain/entity.hpp"

namespace sb::domain {

using CampaignField = Field<Campaign, NoInput>;

// The table's columns no field shows (contract-tested with the fields).
inline constexpr std::array<std::string_view, 1> kCampaignInternalColumns = {"organization_id"};

// clang-format off
inline constexpr auto kCampaignEntity = std::to_array<CampaignField>({
    {.wire = "id", .column = "id", .type = FieldType::kId, .dialects = 0,
     .member = &Campaign::id},
    {.wire = "uuid", .column = "uuid", .type = FieldType::kUuid, .member = &Campaign::uuid},
    {.wire = "name", .column = "name", .write = Write::kClient, .max_length = kCampaignNameMax,
     .member = &Campaign::name},
    // Moves follow the lifecycle (CheckCampaignTransition).
    {.wire = "status", .column = "status", .type = FieldType::kEnum, .write = Write::kClient,
     .apply = Apply::kCustom, .filter = Filter::kCustom, .choices = CampaignStatuses,
     .member = &Campaign::status},
    {.wire = "agent_uuid", .column = "agent_id", .type = FieldType::kUuidRef, .nullable = true,
     .write = Write::kClient, .apply = Apply::kCustom, .ref_table = "agents",
     .member = &Campaign::agent_uuid},
    // Set by its own route (PUT /api/v1/campaigns/{uuid}/rule).
    {.wire = "rule_uuid", .column = "rule_id", .type = FieldType::kUuidRef, .nullable = true,
     .ref_table = "rules", .member = &Campaign::rule_uuid},
    {.wire = "pools", .type = FieldType::kUuidList},
    {.wire = "contacts_count", .type = FieldType::kInt, .member = &Campaign::contacts_count},
    {.wire = "created_at", .column = "created_at", .type = FieldType::kTimestamp,
     .member = &Campaign::created_at},
    {.wire = "updated_at", .column = "updated_at", .type = FieldType::kTimestamp,
     .member = &Campaign::updated_at},
});
// clang-format on

}  // namespace sb::domain
