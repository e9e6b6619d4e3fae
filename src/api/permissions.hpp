// The permission matrix, written once as data: for every authenticated route
// (method and pattern exactly as registered in the Router) the least role
// that may call it, and whether it writes (a token needs the `write` scope
// then; reads need `read`). The dispatcher consults it for every request
// after authenticating and before reading the body; a route missing from the
// table is refused (owner-only would be a guess) and fails
// permissions_test.cpp. Handlers narrow further where a rule depends on the
// target (users: domain::CheckUserChange; tokens: domain::MayManageTokensOf).
#pragma once

#include <span>
#include <string_view>

#include "api/request.hpp"
#include "domain/role.hpp"
#include "domain/token_access.hpp"

namespace sb::api {

struct RoutePermission {
  std::string_view method;
  std::string_view pattern;
  domain::Role min_role;
  // Needs the `write` scope; otherwise `read`. A GET never writes; a POST
  // that only queries (a foreign dialect's search) does not either.
  bool writes;
};

// Every entry; order does not matter.
std::span<const RoutePermission> PermissionTable();

// The entry for a registered route, or null when the table lacks it.
const RoutePermission* FindPermission(std::string_view method, std::string_view pattern);

// Whether a caller with `role` and `scopes` may use the route with entry
// `permission` (null: nobody may): OK, or a 403 (kForbidden) naming
// required_role or required_scope. The role is checked first.
Status CheckRouteAccess(const RoutePermission* permission, domain::Role role,
                        const domain::TokenScopes& scopes);

}  // namespace sb::api
