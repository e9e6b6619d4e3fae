// The pool, described once (domain/entity.hpp): its fields in the order of
// its /api/v1 JSON. The store's select list, row reading and insert list and
// the JSON follow from it. contacts_count is not a column (the store counts
// the pool's members beside the select list): it is declared with no column
// so the JSON order stays in one place. The pool's writes (PoolFields) are
// read and checked by its own handler code, so no field has an input member.
#pragma once

#include <array>
#include <string_view>

#include "domain/entity.hpp"
#include "domain/pool.hpp"

namespace sb::domain {

using PoolField = Field<Pool, NoInput>;

// The table's columns no field shows (contract-tested with the fields).
inline constexpr std::array<std::string_view, 1> kPoolInternalColumns = {"organization_id"};

// clang-format off
inline constexpr auto kPoolEntity = std::to_array<PoolField>({
    {.wire = "id", .column = "id", .type = FieldType::kId, .dialects = 0, .member = &Pool::id},
    {.wire = "uuid", .column = "uuid", .type = FieldType::kUuid, .member = &Pool::uuid},
    {.wire = "name", .column = "name", .write = Write::kClient, .searchable = true,
     .max_length = kPoolNameMax, .member = &Pool::name},
    {.wire = "description", .column = "description", .write = Write::kClient,
     .max_length = kPoolDescriptionMax, .member = &Pool::description},
    {.wire = "type", .column = "type", .type = FieldType::kEnum, .write = Write::kClient,
     .filter = Filter::kCustom, .choices = PoolTypes, .member = &Pool::type},
    {.wire = "max_parallel_items", .column = "max_parallel_items", .type = FieldType::kInt,
     .write = Write::kClient, .member = &Pool::max_parallel_items},
    {.wire = "max_retries", .column = "max_retries", .type = FieldType::kInt,
     .write = Write::kClient, .member = &Pool::max_retries},
    {.wire = "is_active", .column = "is_active", .type = FieldType::kBool, .write = Write::kClient,
     .filter = Filter::kCustom, .member = &Pool::is_active},
    {.wire = "contacts_count", .type = FieldType::kInt, .member = &Pool::contacts_count},
    {.wire = "created_at", .column = "created_at", .type = FieldType::kTimestamp,
     .member = &Pool::created_at},
    {.wire = "updated_at", .column = "updated_at", .type = FieldType::kTimestamp,
     .member = &Pool::updated_at},
});
// clang-format on

}  // namespace sb::domain
