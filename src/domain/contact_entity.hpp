// The contact, described once (domain/entity.hpp): its fields in the order of
// its /api/v1 JSON. A new plain field is one entry here, one member in Contact
// (and in ContactFields when clients set it) and a migration step per engine:
// the store's select, insert and update lists, row reading, the JSON, body
// reading, the checks, the CSV export and import and an equality filter all
// follow from the entry.
#pragma once

#include <array>
#include <string_view>

#include "domain/contact.hpp"
#include "domain/entity.hpp"

namespace sb::domain {

using ContactField = Field<Contact, ContactFields>;

inline constexpr size_t kMaxContactTagUuids = 100;
inline constexpr size_t kMaxContactAssignees = 100;
// The most bytes a contact's metadata takes, as compact JSON.
inline constexpr size_t kMaxContactMetadataBytes = 65536;

// The table's columns no field shows (contract-tested with the fields).
inline constexpr std::array<std::string_view, 1> kContactInternalColumns = {"organization_id"};

// clang-format off
inline constexpr auto kContactEntity = std::to_array<ContactField>({
    {.wire = "id", .column = "id", .type = FieldType::kId, .dialects = 0, .member = &Contact::id},
    {.wire = "uuid", .column = "uuid", .type = FieldType::kUuid, .csv = 0,
     .dialects = kPlatform | kTether | kCallab, .member = &Contact::uuid},
    {.wire = "name", .column = "name", .write = Write::kClient, .apply = Apply::kTrimmed,
     .searchable = true, .csv = 1, .dialects = kPlatform | kTether | kCallab, .max_length = 255,
     .member = &Contact::name, .input_member = &ContactFields::name},
    {.wire = "surname", .column = "surname", .nullable = true, .write = Write::kClient,
     .searchable = true, .csv = 2, .dialects = kPlatform | kTether | kCallab, .max_length = 255,
     .member = &Contact::surname, .input_member = &ContactFields::surname},
    {.wire = "email", .column = "email", .nullable = true, .write = Write::kClient,
     .apply = Apply::kCustom, .searchable = true, .csv = 4, .dialects = kPlatform | kTether,
     .max_length = 254, .member = &Contact::email, .input_member = &ContactFields::email},
    {.wire = "phone_number", .column = "phone_number", .nullable = true, .write = Write::kClient,
     .apply = Apply::kCustom, .searchable = true, .csv = 3,
     .dialects = kPlatform | kTether | kCallab, .max_length = 64, .member = &Contact::phone_number,
     .input_member = &ContactFields::phone_number},
    {.wire = "number_type", .column = "number_type", .nullable = true, .write = Write::kDerived,
     .member = &Contact::number_type},
    {.wire = "country_code", .column = "country_code", .nullable = true, .write = Write::kClient,
     .apply = Apply::kCustom, .csv = 6, .max_length = 8, .member = &Contact::country_code,
     .input_member = &ContactFields::country_code},
    {.wire = "timezone", .column = "timezone", .nullable = true, .write = Write::kClient, .csv = 7,
     .max_length = 64, .member = &Contact::timezone, .input_member = &ContactFields::timezone},
    {.wire = "primary_language", .column = "primary_language", .nullable = true,
     .write = Write::kClient, .csv = 8, .max_length = 35, .member = &Contact::primary_language,
     .input_member = &ContactFields::primary_language},
    {.wire = "preferred_contact_channel", .column = "preferred_contact_channel",
     .type = FieldType::kEnum, .nullable = true, .write = Write::kClient, .filter = Filter::kCustom,
     .csv = 9, .choices = ContactChannels, .member = &Contact::preferred_contact_channel,
     .input_member = &ContactFields::preferred_contact_channel},
    {.wire = "preferred_contact_time", .column = "preferred_contact_time", .nullable = true,
     .write = Write::kClient, .csv = 10, .max_length = 255,
     .member = &Contact::preferred_contact_time,
     .input_member = &ContactFields::preferred_contact_time},
    {.wire = "status", .column = "status", .type = FieldType::kEnum, .write = Write::kClient,
     .filter = Filter::kCustom, .csv = 5, .dialects = kPlatform | kCallab,
     .choices = ContactStatuses, .member = &Contact::status, .input_member = &ContactFields::status},
    {.wire = "stage_uuid", .column = "stage_id", .type = FieldType::kUuidRef, .nullable = true,
     .write = Write::kClient, .filter = Filter::kCustom, .csv = 11,
     .dialects = kPlatform | kTether, .ref_table = "pipeline_stages",
     .member = &Contact::stage_uuid, .input_member = &ContactFields::stage_uuid},
    {.wire = "notes", .column = "notes", .nullable = true, .write = Write::kClient, .csv = 16,
     .dialects = kPlatform | kCallab, .max_length = 10000, .member = &Contact::notes,
     .input_member = &ContactFields::notes},
    {.wire = "metadata", .column = "metadata", .type = FieldType::kJson, .write = Write::kClient,
     .dialects = kPlatform | kCallab, .max_length = kMaxContactMetadataBytes,
     .member = &Contact::metadata, .input_member = &ContactFields::metadata},
    {.wire = "created_at", .column = "created_at", .type = FieldType::kTimestamp,
     .filter = Filter::kCustom, .csv = 19, .dialects = kPlatform | kTether | kCallab,
     .member = &Contact::created_at},
    {.wire = "updated_at", .column = "updated_at", .type = FieldType::kTimestamp, .csv = 20,
     .dialects = kPlatform | kTether | kCallab, .member = &Contact::updated_at},
    {.wire = "tags", .type = FieldType::kTagList, .write = Write::kClient, .apply = Apply::kCustom,
     .filter = Filter::kCustom, .csv = 18, .dialects = kPlatform | kCallab,
     .max_length = kMaxContactTagUuids, .input = "tag_uuids",
     .input_member = &ContactFields::tag_uuids},
    {.wire = "last_call_status", .column = "last_call_status", .nullable = true,
     .filter = Filter::kCustom, .csv = 21, .dialects = kPlatform | kCallab,
     .member = &Contact::last_call_status},
    {.wire = "last_call_at", .column = "last_call_at", .type = FieldType::kTimestamp,
     .nullable = true, .csv = 22, .dialects = kPlatform | kCallab,
     .member = &Contact::last_call_at},
    {.wire = "last_call_duration", .column = "last_call_duration", .type = FieldType::kInt,
     .nullable = true, .dialects = kPlatform | kCallab, .member = &Contact::last_call_duration},
    {.wire = "last_call_feedback", .column = "last_call_feedback", .nullable = true,
     .dialects = kPlatform | kCallab, .member = &Contact::last_call_feedback},
    {.wire = "last_message_at", .column = "last_message_at", .type = FieldType::kTimestamp,
     .nullable = true, .filter = Filter::kCustom, .member = &Contact::last_message_at},
    {.wire = "last_message_status", .column = "last_message_status", .nullable = true,
     .filter = Filter::kCustom, .member = &Contact::last_message_status},
    {.wire = "owner_uuid", .column = "owner_user_id", .type = FieldType::kUuidRef,
     .nullable = true, .write = Write::kClient, .filter = Filter::kCustom, .csv = 12,
     .dialects = kPlatform | kTether, .ref_table = "users", .member = &Contact::owner_uuid,
     .input_member = &ContactFields::owner_uuid},
    {.wire = "created_by", .column = "created_by_user_id", .type = FieldType::kUuidRef,
     .nullable = true, .dialects = kPlatform | kTether, .ref_table = "users",
     .member = &Contact::created_by_uuid},
    {.wire = "assignee_uuids", .type = FieldType::kUuidList, .write = Write::kClient,
     .apply = Apply::kCustom, .filter = Filter::kCustom, .dialects = kPlatform | kTether,
     .max_length = kMaxContactAssignees, .input_member = &ContactFields::assignee_uuids},
    {.wire = "source_name", .column = "source_name", .nullable = true, .write = Write::kClient,
     .apply = Apply::kTrimmed, .filter = Filter::kCustom, .csv = 13,
     .dialects = kPlatform | kCallab, .max_length = 255, .member = &Contact::source_name,
     .input_member = &ContactFields::source_name},
    {.wire = "lead_source", .column = "lead_source", .nullable = true, .write = Write::kClient,
     .apply = Apply::kTrimmed, .filter = Filter::kCustom, .csv = 14, .max_length = 255,
     .member = &Contact::lead_source, .input_member = &ContactFields::lead_source},
    {.wire = "category", .column = "category", .nullable = true, .write = Write::kClient,
     .apply = Apply::kTrimmed, .filter = Filter::kCustom, .csv = 15,
     .dialects = kPlatform | kCallab, .max_length = 255, .member = &Contact::category,
     .input_member = &ContactFields::category},
    {.wire = "do_not_call", .column = "do_not_call", .type = FieldType::kBool,
     .write = Write::kClient, .filter = Filter::kCustom, .csv = 17,
     .member = &Contact::do_not_call, .input_member = &ContactFields::do_not_call},
    {.wire = "job_title", .column = "job_title", .nullable = true, .write = Write::kClient,
     .apply = Apply::kTrimmed, .filter = Filter::kEquality, .csv = 23, .max_length = 255,
     .member = &Contact::job_title, .input_member = &ContactFields::job_title},
});
// clang-format on

// A contact's writable fields by the names a write takes them, in
// declaration order (the order of its field errors and of an import's
// writable columns).
inline constexpr auto kContactFieldOrder = InputNames<kContactEntity>();

}  // namespace sb::domain
