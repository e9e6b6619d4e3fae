// The audit log: who changed an organization's users, tokens or webhooks,
// when, and what changed (docs/SECURITY.md, "Audit log"). An entry is written
// in the transaction of the change it records, so a change never lacks one
// and a failed change leaves none. Entries are never updated; they go only
// with their organization. Pure values, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/enums.hpp"

namespace sb::domain {

// The fixed vocabulary of actions (AuditActions() lists them all).
inline constexpr std::string_view kAuditUserCreated = "user.created";
inline constexpr std::string_view kAuditUserRoleChanged = "user.role_changed";
inline constexpr std::string_view kAuditUserUpdated = "user.updated";
inline constexpr std::string_view kAuditUserDeleted = "user.deleted";
inline constexpr std::string_view kAuditTokenCreated = "token.created";
inline constexpr std::string_view kAuditTokenRevoked = "token.revoked";
inline constexpr std::string_view kAuditWebhookCreated = "webhook.created";
inline constexpr std::string_view kAuditWebhookUpdated = "webhook.updated";
inline constexpr std::string_view kAuditWebhookDeleted = "webhook.deleted";

// Every action above, in that order.
EnumValues AuditActions();
bool IsAuditAction(std::string_view action);

// Where a change came from: the HTTP API (a token's request) or the
// `switchboard` command line (no user acted).
inline constexpr std::string_view kAuditSourceApi = "api";
inline constexpr std::string_view kAuditSourceCli = "cli";

// What a target_type names.
inline constexpr std::string_view kAuditTargetUser = "user";
inline constexpr std::string_view kAuditTargetToken = "token";
inline constexpr std::string_view kAuditTargetWebhook = "webhook";

struct AuditEntry {
  int64_t id = 0;
  std::string uuid;
  int64_t organization_id = 0;
  // The acting user and token (absent for the command line). The user's uuid
  // is kept with the entry, so it still names the actor once the user is
  // deleted.
  std::optional<int64_t> actor_user_id;
  std::optional<std::string> actor_user_uuid;
  std::optional<int64_t> actor_token_id;
  // Read back only: the acting token's visible prefix ("sb_1a2b3c4d") while
  // that token exists.
  std::optional<std::string> actor_token_prefix;
  // Read back only: the acting token's uuid (/api/v1/tokens/{uuid}) while that
  // token exists.
  std::optional<std::string> actor_token_uuid;
  std::string source = std::string(kAuditSourceApi);
  std::string action;
  std::string target_type;
  // The target's uuid.
  std::optional<std::string> target_uuid;
  // A small JSON object of what changed; never a secret or token.
  std::string details = "{}";
  int64_t created_at = 0;
};

}  // namespace sb::domain
