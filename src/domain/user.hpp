// Users of an organization: the people behind API tokens, who own, create and
// are assigned contacts. Emails are unique per organization, compared without
// regard to case.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "domain/enums.hpp"

namespace sb::domain {

struct User {
  int64_t id = 0;
  std::string uuid;
  std::string name;
  std::string email;
  std::string role = "member";  // owner | admin | member | viewer (UserRoles())
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// The fields a create or update may set; absent fields are left alone.
// Values are as the client sent them (already type-checked).
struct UserFields {
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> role;
};

// Applies `fields` to `user` and validates the result: name and email are
// trimmed, a user keeps a non-blank name and a plausible email, and the role
// is one of UserRoles(). 422 naming every bad field.
Status ApplyUserFields(const UserFields& fields, User& user);

// The role a user gets when none is given.
inline constexpr std::string_view kDefaultUserRole = "member";
// The role an organization must always have one holder of.
inline constexpr std::string_view kOwnerRole = "owner";

}  // namespace sb::domain
