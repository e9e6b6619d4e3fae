// The phone number, described once (domain/entity.hpp): its fields in the
// order of its /api/v1 JSON (seed 004). The store's select list, row reading
// and insert list and the JSON follow from it.
//
// The JSON nests some columns: a wire name "group.key" is the key `key` of
// the object `group` (compliance, billing), which the JSON writer opens by
// hand at the group's first field. bindings (the agents bound per channel,
// kept in phone_number_bindings) is not a column: it is declared with no
// column so the JSON order stays in one place. created_at is stored but not
// shown (it orders the list). A number's writes (NewPhoneNumber,
// PhoneNumberUpdate) are read and checked by its own code, so no field has
// an input member.
#pragma once

#include <array>
#include <string_view>

#include "domain/entity.hpp"
#include "domain/phone_number.hpp"

namespace sb::domain {

using PhoneNumberField = Field<PhoneNumber, NoInput>;

// The table's columns no field shows (contract-tested with the fields).
inline constexpr std::array<std::string_view, 1> kPhoneNumberInternalColumns = {"organization_id"};

// clang-format off
inline constexpr auto kPhoneNumberEntity = std::to_array<PhoneNumberField>({
    {.wire = "id", .column = "id", .type = FieldType::kId, .dialects = 0,
     .member = &PhoneNumber::id},
    {.wire = "phone_number_uuid", .column = "uuid", .type = FieldType::kUuid,
     .member = &PhoneNumber::uuid},
    // E.164, normalized with country_code (NormalizePhone).
    {.wire = "number", .column = "number", .write = Write::kClient, .apply = Apply::kCustom,
     .sortable = true, .searchable = true, .max_length = 64, .member = &PhoneNumber::number},
    {.wire = "country_code", .column = "country_code", .write = Write::kClient,
     .apply = Apply::kCustom, .filter = Filter::kCustom, .searchable = true, .max_length = 8,
     .member = &PhoneNumber::country_code},
    {.wire = "type", .column = "type", .type = FieldType::kEnum, .write = Write::kClient,
     .filter = Filter::kCustom, .choices = PhoneNumberTypes, .member = &PhoneNumber::type},
    {.wire = "is_external", .column = "is_external", .type = FieldType::kBool,
     .write = Write::kClient, .filter = Filter::kCustom, .member = &PhoneNumber::is_external},
    {.wire = "status", .column = "status", .type = FieldType::kEnum, .write = Write::kClient,
     .filter = Filter::kCustom, .choices = PhoneNumberStatuses, .member = &PhoneNumber::status},
    {.wire = "compliance.status", .column = "compliance_status", .type = FieldType::kEnum,
     .write = Write::kClient, .filter = Filter::kCustom, .choices = ComplianceStatuses,
     .member = &PhoneNumber::compliance_status},
    {.wire = "compliance.requirements", .column = "compliance_requirements",
     .type = FieldType::kJson, .write = Write::kClient,
     .member = &PhoneNumber::compliance_requirements},
    // Documents kept canonical (every key, in the domain's order): rebuilt on
    // reading, so every engine reads the same text.
    {.wire = "capabilities", .column = "capabilities", .type = FieldType::kJson,
     .write = Write::kClient, .apply = Apply::kCustom, .member = &PhoneNumber::capabilities},
    {.wire = "channel_settings", .column = "channel_settings", .type = FieldType::kJson,
     .write = Write::kClient, .apply = Apply::kCustom, .member = &PhoneNumber::channel_settings},
    // Cents in the store, currency units on the wire (FeeUnits).
    {.wire = "billing.monthly_fee", .column = "monthly_fee_cents", .type = FieldType::kInt,
     .write = Write::kClient, .apply = Apply::kCustom, .sortable = true,
     .input = "monthly_fee", .member = &PhoneNumber::monthly_fee_cents},
    {.wire = "billing.currency", .column = "currency", .write = Write::kClient, .max_length = 3,
     .input = "currency", .member = &PhoneNumber::currency},
    {.wire = "bindings", .type = FieldType::kUuidList, .filter = Filter::kCustom},
    {.wire = "purchased_at", .column = "purchased_at", .type = FieldType::kTimestamp,
     .member = &PhoneNumber::purchased_at},
    {.wire = "updated_at", .column = "updated_at", .type = FieldType::kTimestamp,
     .member = &PhoneNumber::updated_at},
    {.wire = "created_at", .column = "created_at", .type = FieldType::kTimestamp,
     .sortable = true, .dialects = 0, .member = &PhoneNumber::created_at},
});
// clang-format on

}  // namespace sb::domain
