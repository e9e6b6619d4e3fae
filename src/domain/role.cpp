#include "domain/role.hpp"

#include <string>

namespace sb::domain {

std::optional<Role> ParseRole(std::string_view text) {
  if (text == "viewer") return Role::kViewer;
  if (text == "member") return Role::kMember;
  if (text == "admin") return Role::kAdmin;
  if (text == "owner") return Role::kOwner;
  return std::nullopt;
}

std::string_view FormatRole(Role role) {
  switch (role) {
    case Role::kViewer:
      return "viewer";
    case Role::kMember:
      return "member";
    case Role::kAdmin:
      return "admin";
    case Role::kOwner:
      return "owner";
  }
  return "viewer";
}

Error RoleRequired(Role needed) {
  std::string name(FormatRole(needed));
  return Error(ErrorCode::kForbidden, "This requires the " + name + " role",
               std::string(kRequiredRolePrefix) + name);
}

Status CheckUserChange(Role actor_role, int64_t actor_user_id, int64_t target_user_id,
                       std::optional<Role> target_current_role, std::optional<Role> new_role) {
  if (target_current_role && actor_user_id == target_user_id) {
    // Deleting oneself or changing one's own role: another user must do it,
    // so nobody raises their own rights or locks themselves out by accident.
    if (!new_role || *new_role != *target_current_role) {
      return Error(ErrorCode::kForbidden,
                   new_role ? "You cannot change your own role" : "You cannot delete yourself",
                   "Another admin or owner must do this");
    }
    // One's own name and email, the role unchanged: the route's own role
    // check (api/permissions.cpp) is all that applies.
    return OkStatus();
  }
  // The highest role involved decides who may act.
  Role involved = Role::kViewer;
  if (target_current_role && RoleAtLeast(*target_current_role, involved)) {
    involved = *target_current_role;
  }
  if (new_role && RoleAtLeast(*new_role, involved)) involved = *new_role;
  const Role needed = RoleAtLeast(involved, Role::kAdmin) ? Role::kOwner : Role::kAdmin;
  if (!RoleAtLeast(actor_role, needed)) return RoleRequired(needed);
  return OkStatus();
}

}  // namespace sb::domain
