// The pool member (a pool_items row as the API shows it), described once
// (domain/entity.hpp): its fields in the order of its /api/v1 JSON. The
// store's select list and row reading and the JSON follow from it.
//
// Not every field is a pool_items column: pool_uuid is the route's pool (the
// caller fills it in, and the JSON shows it only where the route says so),
// and contact_uuid, name, phone_number and email are the member's contact's,
// read from the contacts row the store joins. They are declared with no
// column so the JSON order stays in one place. A member's changes (priority,
// notes, a manual status move) are read and checked by its own code, so no
// field has an input member.
#pragma once

#include <array>
#include <string_view>

#include "domain/entity.hpp"
#include "domain/pool.hpp"

namespace sb::domain {

using PoolMemberField = Field<PoolMember, NoInput>;

// The pool_items columns no member field shows: the keys, the dialer's
// lease and attempt bookkeeping, and the claim's campaign and number
// (contract-tested with the fields).
inline constexpr auto kPoolItemInternalColumns = std::to_array<std::string_view>({
    "id",
    "organization_id",
    "pool_id",
    "contact_id",
    "attempt_count",
    "skip_reason",
    "last_outcome",
    "worker_id",
    "lease_expires_at",
    "status_before_claim",
    "updated_at",
    "campaign_id",
    "phone_number_id",
});

// clang-format off
inline constexpr auto kPoolMemberEntity = std::to_array<PoolMemberField>({
    {.wire = "pool_uuid", .type = FieldType::kUuidRef, .ref_table = "pools",
     .member = &PoolMember::pool_uuid},
    {.wire = "contact_uuid", .type = FieldType::kUuidRef, .ref_table = "contacts",
     .member = &PoolMember::contact_uuid},
    {.wire = "name", .searchable = true, .member = &PoolMember::name},
    {.wire = "phone_number", .nullable = true, .searchable = true,
     .member = &PoolMember::phone_number},
    {.wire = "email", .nullable = true, .searchable = true, .member = &PoolMember::email},
    {.wire = "status", .column = "status", .type = FieldType::kEnum, .write = Write::kClient,
     .apply = Apply::kCustom, .filter = Filter::kCustom, .choices = PoolItemStatuses,
     .member = &PoolMember::status},
    {.wire = "priority", .column = "priority", .type = FieldType::kInt, .write = Write::kClient,
     .member = &PoolMember::priority},
    {.wire = "retry_count", .column = "retry_count", .type = FieldType::kInt,
     .member = &PoolMember::retry_count},
    {.wire = "started_at", .column = "started_at", .type = FieldType::kTimestamp,
     .nullable = true, .member = &PoolMember::started_at},
    {.wire = "completed_at", .column = "completed_at", .type = FieldType::kTimestamp,
     .nullable = true, .member = &PoolMember::completed_at},
    {.wire = "failed_at", .column = "failed_at", .type = FieldType::kTimestamp, .nullable = true,
     .member = &PoolMember::failed_at},
    {.wire = "next_retry_at", .column = "next_retry_at", .type = FieldType::kTimestamp,
     .nullable = true, .member = &PoolMember::next_retry_at},
    {.wire = "notes", .column = "notes", .nullable = true, .write = Write::kClient,
     .max_length = kMemberNotesMax, .member = &PoolMember::notes},
    {.wire = "added_at", .column = "added_at", .type = FieldType::kTimestamp,
     .member = &PoolMember::added_at},
});
// clang-format on

// The pool_items columns a status transition reads (PoolItemState), by the
// same rules; a subset of the table, so not contract-tested as a whole.
using PoolItemStateField = Field<PoolItemState, NoInput>;

// clang-format off
inline constexpr auto kPoolItemStateFields = std::to_array<PoolItemStateField>({
    {.wire = "status", .column = "status", .type = FieldType::kEnum,
     .choices = PoolItemStatuses, .member = &PoolItemState::status},
    {.wire = "retry_count", .column = "retry_count", .type = FieldType::kInt,
     .member = &PoolItemState::retry_count},
    {.wire = "started_at", .column = "started_at", .type = FieldType::kTimestamp,
     .nullable = true, .member = &PoolItemState::started_at},
    {.wire = "completed_at", .column = "completed_at", .type = FieldType::kTimestamp,
     .nullable = true, .member = &PoolItemState::completed_at},
    {.wire = "failed_at", .column = "failed_at", .type = FieldType::kTimestamp, .nullable = true,
     .member = &PoolItemState::failed_at},
    {.wire = "next_retry_at", .column = "next_retry_at", .type = FieldType::kTimestamp,
     .nullable = true, .member = &PoolItemState::next_retry_at},
    {.wire = "skip_reason", .column = "skip_reason", .nullable = true,
     .member = &PoolItemState::skip_reason},
    {.wire = "worker_id", .column = "worker_id", .nullable = true,
     .member = &PoolItemState::worker_id},
    {.wire = "lease_expires_at", .column = "lease_expires_at", .type = FieldType::kTimestamp,
     .nullable = true, .member = &PoolItemState::lease_expires_at},
    {.wire = "status_before_claim", .column = "status_before_claim", .nullable = true,
     .member = &PoolItemState::status_before_claim},
    {.wire = "attempt_count", .column = "attempt_count", .type = FieldType::kInt,
     .member = &PoolItemState::attempt_count},
    {.wire = "last_outcome", .column = "last_outcome", .nullable = true,
     .member = &PoolItemState::last_outcome},
});
// clang-format on

}  // namespace sb::domain
