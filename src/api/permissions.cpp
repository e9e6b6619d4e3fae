#include "api/permissions.hpp"

#include <array>

namespace sb::api {
namespace {

using domain::Role;
constexpr Role V = Role::kViewer;
constexpr Role M = Role::kMember;
constexpr Role A = Role::kAdmin;
constexpr Role O = Role::kOwner;

constexpr bool kRead = false;
constexpr bool kWrite = true;

// viewer: every read. member: contacts and what works them (tags, DNC, pools
// and their members, calls, messages, claims, dialer events). admin: the
// organization's setup (users below admin, webhooks, phone numbers, agents,
// campaigns, rules, pipelines). owner: the organization's settings. Tokens
// and /me are everyone's: the handler narrows tokens to whose one may manage.
constexpr std::array kTable = std::to_array<RoutePermission>({
    // Contacts and their import/export.
    {"GET", "/api/v1/contacts", V, kRead},
    {"POST", "/api/v1/contacts", M, kWrite},
    {"GET", "/api/v1/contacts/{uuid}", V, kRead},
    {"PUT", "/api/v1/contacts/{uuid}", M, kWrite},
    {"PATCH", "/api/v1/contacts/{uuid}", M, kWrite},
    {"DELETE", "/api/v1/contacts/{uuid}", M, kWrite},
    {"POST", "/api/v1/contacts/{uuid}/merge", M, kWrite},
    {"POST", "/api/v1/contacts/{uuid}/tags", M, kWrite},
    {"DELETE", "/api/v1/contacts/{uuid}/tags/{tag_uuid}", M, kWrite},
    {"GET", "/api/v1/contacts/{uuid}/calls", V, kRead},
    {"GET", "/api/v1/contacts/{uuid}/messages", V, kRead},
    {"POST", "/api/v1/contacts/{uuid}/messages", M, kWrite},
    {"POST", "/api/v1/contacts/bulk", M, kWrite},
    {"PATCH", "/api/v1/contacts/bulk", M, kWrite},
    {"DELETE", "/api/v1/contacts/bulk", M, kWrite},
    // A bulk copy of every contact: a member's, not a viewer's, right.
    {"GET", "/api/v1/contacts/export", M, kRead},
    {"POST", "/api/v1/contacts/import", M, kWrite},
    {"GET", "/api/v1/imports", V, kRead},
    {"GET", "/api/v1/imports/{uuid}", V, kRead},
    {"GET", "/api/v1/imports/{uuid}/errors", V, kRead},
    // Tags and do-not-call.
    {"GET", "/api/v1/tags", V, kRead},
    {"POST", "/api/v1/tags", M, kWrite},
    {"GET", "/api/v1/tags/{uuid}", V, kRead},
    {"PUT", "/api/v1/tags/{uuid}", M, kWrite},
    {"PATCH", "/api/v1/tags/{uuid}", M, kWrite},
    {"DELETE", "/api/v1/tags/{uuid}", M, kWrite},
    {"GET", "/api/v1/dnc", V, kRead},
    {"POST", "/api/v1/dnc", M, kWrite},
    {"DELETE", "/api/v1/dnc/{number}", M, kWrite},
    // Pools, their members and dialer events.
    {"GET", "/api/v1/pools", V, kRead},
    {"POST", "/api/v1/pools", M, kWrite},
    {"GET", "/api/v1/pools/{uuid}", V, kRead},
    {"PUT", "/api/v1/pools/{uuid}", M, kWrite},
    {"DELETE", "/api/v1/pools/{uuid}", M, kWrite},
    {"GET", "/api/v1/pools/{uuid}/stats", V, kRead},
    {"POST", "/api/v1/pools/{uuid}/duplicate", M, kWrite},
    {"GET", "/api/v1/pools/{uuid}/contacts", V, kRead},
    {"POST", "/api/v1/pools/{uuid}/contacts", M, kWrite},
    {"PATCH", "/api/v1/pools/{uuid}/contacts/{contact_uuid}", M, kWrite},
    {"DELETE", "/api/v1/pools/{uuid}/contacts/{contact_uuid}", M, kWrite},
    {"POST", "/api/v1/pools/{uuid}/contacts/{contact_uuid}/events", M, kWrite},
    // Calls and messages.
    {"GET", "/api/v1/calls", V, kRead},
    {"POST", "/api/v1/calls", M, kWrite},
    {"GET", "/api/v1/calls/{uuid}", V, kRead},
    // Campaigns: setting them up is an admin's; claiming work a member's.
    {"GET", "/api/v1/campaigns", V, kRead},
    {"POST", "/api/v1/campaigns", A, kWrite},
    {"GET", "/api/v1/campaigns/{uuid}", V, kRead},
    {"PUT", "/api/v1/campaigns/{uuid}", A, kWrite},
    {"PATCH", "/api/v1/campaigns/{uuid}", A, kWrite},
    {"DELETE", "/api/v1/campaigns/{uuid}", A, kWrite},
    {"POST", "/api/v1/campaigns/{uuid}/claim", M, kWrite},
    {"POST", "/api/v1/campaigns/{uuid}/pools", A, kWrite},
    {"DELETE", "/api/v1/campaigns/{uuid}/pools/{pool_uuid}", A, kWrite},
    {"GET", "/api/v1/campaigns/{uuid}/preview", V, kRead},
    {"PUT", "/api/v1/campaigns/{uuid}/rule", A, kWrite},
    {"GET", "/api/v1/campaigns/{uuid}/stats", V, kRead},
    // Agents, phone numbers, rules, pipelines and their stages.
    {"GET", "/api/v1/agents", V, kRead},
    {"POST", "/api/v1/agents", A, kWrite},
    {"GET", "/api/v1/agents/{uuid}", V, kRead},
    {"PUT", "/api/v1/agents/{uuid}", A, kWrite},
    {"PATCH", "/api/v1/agents/{uuid}", A, kWrite},
    {"DELETE", "/api/v1/agents/{uuid}", A, kWrite},
    {"POST", "/api/v1/agents/{uuid}/channels/{channel}", A, kWrite},
    {"DELETE", "/api/v1/agents/{uuid}/channels/{channel}", A, kWrite},
    {"GET", "/api/v1/phone-numbers", V, kRead},
    {"POST", "/api/v1/phone-numbers", A, kWrite},
    {"GET", "/api/v1/phone-numbers/{uuid}", V, kRead},
    {"PUT", "/api/v1/phone-numbers/{uuid}", A, kWrite},
    {"PATCH", "/api/v1/phone-numbers/{uuid}", A, kWrite},
    {"DELETE", "/api/v1/phone-numbers/{uuid}", A, kWrite},
    {"GET", "/api/v1/rules", V, kRead},
    {"POST", "/api/v1/rules", A, kWrite},
    {"GET", "/api/v1/rules/{uuid}", V, kRead},
    {"PUT", "/api/v1/rules/{uuid}", A, kWrite},
    {"DELETE", "/api/v1/rules/{uuid}", A, kWrite},
    {"GET", "/api/v1/pipelines", V, kRead},
    {"POST", "/api/v1/pipelines", A, kWrite},
    {"GET", "/api/v1/pipelines/{uuid}", V, kRead},
    {"PUT", "/api/v1/pipelines/{uuid}", A, kWrite},
    {"PATCH", "/api/v1/pipelines/{uuid}", A, kWrite},
    {"DELETE", "/api/v1/pipelines/{uuid}", A, kWrite},
    // Webhooks: reads never show the secret (only the create answer does).
    {"GET", "/api/v1/webhooks", V, kRead},
    {"POST", "/api/v1/webhooks", A, kWrite},
    {"GET", "/api/v1/webhooks/{uuid}", V, kRead},
    {"PATCH", "/api/v1/webhooks/{uuid}", A, kWrite},
    {"DELETE", "/api/v1/webhooks/{uuid}", A, kWrite},
    {"GET", "/api/v1/webhooks/{uuid}/deliveries", V, kRead},
    {"POST", "/api/v1/webhooks/{uuid}/test", A, kWrite},
    // Users: admins act on members and viewers, owners on everyone
    // (domain::CheckUserChange in the handler).
    {"GET", "/api/v1/users", V, kRead},
    {"POST", "/api/v1/users", A, kWrite},
    {"GET", "/api/v1/users/{uuid}", V, kRead},
    {"PATCH", "/api/v1/users/{uuid}", A, kWrite},
    {"DELETE", "/api/v1/users/{uuid}", A, kWrite},
    // Tokens: everyone manages their own (domain::MayManageTokensOf).
    {"GET", "/api/v1/tokens", V, kRead},
    {"POST", "/api/v1/tokens", V, kWrite},
    {"DELETE", "/api/v1/tokens/{uuid}", V, kWrite},
    {"GET", "/api/v1/me", V, kRead},
    // Who changed roles, tokens and webhooks: an admin's to read.
    {"GET", "/api/v1/audit-log", A, kRead},
    // The organization's settings.
    {"GET", "/api/v1/organization", V, kRead},
    {"PATCH", "/api/v1/organization", O, kWrite},
    // Foreign dialects, by what they do: both only read contacts.
    {"GET", "/api/contacts", V, kRead},
    {"POST", "/contact/query", V, kRead},
});

}  // namespace

std::span<const RoutePermission> PermissionTable() { return kTable; }

const RoutePermission* FindPermission(std::string_view method, std::string_view pattern) {
  for (const RoutePermission& p : kTable) {
    if (p.method == method && p.pattern == pattern) return &p;
  }
  return nullptr;
}

Status CheckRouteAccess(const RoutePermission* permission, domain::Role role,
                        const domain::TokenScopes& scopes) {
  // A route nobody listed: refuse rather than guess (permissions_test.cpp
  // keeps this from happening).
  if (permission == nullptr) {
    return Error(ErrorCode::kForbidden, "This route has no permission entry",
                 "No role may use it until one is added");
  }
  if (!domain::RoleAtLeast(role, permission->min_role)) {
    return domain::RoleRequired(permission->min_role);
  }
  if (permission->writes ? !scopes.write : !scopes.read) {
    return domain::ScopeRequired(permission->writes ? "write" : "read");
  }
  return OkStatus();
}

}  // namespace sb::api
