// The user, described once (domain/entity.hpp): its fields in the order of
// its /api/v1 JSON. Every field is a column; ApplyUserFields (domain/user.hpp)
// applies a write's fields as declared here (name and email trimmed).
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "domain/entity.hpp"
#include "domain/user.hpp"

namespace sb::domain {

using UserField = Field<User, UserFields>;

// The most characters a user's name and email take.
inline constexpr size_t kMaxUserNameLength = 255;
inline constexpr size_t kMaxUserEmailLength = 254;

// The table's columns no field shows (contract-tested with the fields).
inline constexpr std::array<std::string_view, 1> kUserInternalColumns = {"organization_id"};

// clang-format off
inline constexpr auto kUserEntity = std::to_array<UserField>({
    {.wire = "id", .column = "id", .type = FieldType::kId, .dialects = 0, .member = &User::id},
    {.wire = "uuid", .column = "uuid", .type = FieldType::kUuid, .member = &User::uuid},
    {.wire = "name", .column = "name", .write = Write::kClient, .apply = Apply::kTrimmed,
     .max_length = kMaxUserNameLength, .member = &User::name, .input_member = &UserFields::name},
    {.wire = "email", .column = "email", .write = Write::kClient, .apply = Apply::kTrimmed,
     .max_length = kMaxUserEmailLength, .member = &User::email,
     .input_member = &UserFields::email},
    {.wire = "role", .column = "role", .type = FieldType::kEnum, .write = Write::kClient,
     .choices = UserRoles, .member = &User::role, .input_member = &UserFields::role},
    {.wire = "created_at", .column = "created_at", .type = FieldType::kTimestamp,
     .member = &User::created_at},
    {.wire = "updated_at", .column = "updated_at", .type = FieldType::kTimestamp,
     .member = &User::updated_at},
});
// clang-format on

}  // namespace sb::domain
