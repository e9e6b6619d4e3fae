// The roles of an organization's users and who may change whose. Roles are
// ordered: viewer < member < admin < owner; a role holds every right of the
// roles below it (the route table is api/permissions.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace sb::domain {

enum class Role { kViewer = 0, kMember = 1, kAdmin = 2, kOwner = 3 };

// "viewer", "member", "admin", "owner"; nullopt for anything else (exact
// spelling, as UserRoles() lists them).
std::optional<Role> ParseRole(std::string_view text);
std::string_view FormatRole(Role role);

// Whether `have` holds every right of `need`.
inline bool RoleAtLeast(Role have, Role need) {
  return static_cast<int>(have) >= static_cast<int>(need);
}

// Whether the actor may create (target_current_role nullopt), change the role
// of, or delete (new_role nullopt) the target user. Nobody changes their own
// role or deletes themselves (changing only one's own other fields is fine); a user who is or would
// become admin or owner is acted on by an owner only; admins act on members and viewers; members
// and viewers on nobody. 403 (kForbidden, see RoleRequired) naming the role needed. The last owner
// rule (409) is the store's (store/user_repository.hpp).
Status CheckUserChange(Role actor_role, int64_t actor_user_id, int64_t target_user_id,
                       std::optional<Role> target_current_role, std::optional<Role> new_role);

// The 403 of a caller whose role is below `needed`: message "This requires
// the admin role", details "required_role: admin" (the envelope also shows
// it as error.required_role; http/error_response.cpp).
Error RoleRequired(Role needed);
inline constexpr std::string_view kRequiredRolePrefix = "required_role: ";

}  // namespace sb::domain
