// The tag, described once (domain/entity.hpp): its fields in the order of its
// /api/v1 JSON. contacts_count is no column: the store counts the tag's
// contacts beside the declared columns and reads the count by name; it is
// declared here (column "") so the JSON order lives in one place.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "domain/entity.hpp"
#include "domain/tag.hpp"

namespace sb::domain {

using TagField = Field<Tag, NoInput>;

// The most characters a tag's name takes.
inline constexpr size_t kMaxTagNameLength = 100;

// The table's columns no field shows (contract-tested with the fields).
inline constexpr std::array<std::string_view, 1> kTagInternalColumns = {"organization_id"};

// clang-format off
inline constexpr auto kTagEntity = std::to_array<TagField>({
    {.wire = "id", .column = "id", .type = FieldType::kId, .dialects = 0, .member = &Tag::id},
    {.wire = "uuid", .column = "uuid", .type = FieldType::kUuid, .member = &Tag::uuid},
    {.wire = "name", .column = "name", .write = Write::kClient, .max_length = kMaxTagNameLength,
     .member = &Tag::name},
    {.wire = "contacts_count", .type = FieldType::kInt, .member = &Tag::contacts_count},
    {.wire = "created_at", .column = "created_at", .type = FieldType::kTimestamp,
     .member = &Tag::created_at},
    {.wire = "updated_at", .column = "updated_at", .type = FieldType::kTimestamp,
     .member = &Tag::updated_at},
});
// clang-format on

}  // namespace sb::domain
