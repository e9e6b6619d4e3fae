// Writing the audit log from handlers (domain/audit.hpp; docs/SECURITY.md,
// "Audit log"): RecordAudit appends one entry for the request's caller in the
// caller's transaction on `conn`, so the entry and the change commit or roll
// back together. Call it inside the db::InTransaction that makes the change:
//
//   SB_RETURN_IF_ERROR(db::InTransaction(*conn, [&]() -> Status {
//     ... the change ...
//     return RecordAudit(*conn, req, s, domain::kAuditTokenCreated,
//                        domain::kAuditTargetToken, token_uuid, details);
//   }));
//
// The details builders below never write a secret (a webhook's secret, a
// token); a new route's details must not either. Thread-safe (no state).
#pragma once

#include <string>
#include <string_view>

#include "api/request.hpp"
#include "domain/user.hpp"
#include "domain/webhook.hpp"

namespace sb::api {

// Appends `action` on `target_type` `target_uuid` with `details_json` (a JSON
// object) for req.auth's user and token, source "api". kInternal for an
// action outside domain::AuditActions().
Status RecordAudit(db::Connection& conn, const ApiRequest& req, HandlerContext& s,
                   std::string_view action, std::string_view target_type,
                   const std::string& target_uuid, std::string details_json);

// {"name", "email", "role"}: a user as created or deleted.
std::string UserAuditDetails(const domain::User& user);
// The user's fields that changed, each {"old", "new"}: {"role": {...},
// "name": {...}, "email": {...}}; {} when none did.
std::string UserChangeDetails(const domain::User& before, const domain::User& after);
// The action of a user update: user.role_changed when the role changed,
// user.updated otherwise.
std::string_view UserUpdateAction(const domain::User& before, const domain::User& after);

// {"url", "events", "active"}: a webhook as created or deleted (no secret).
std::string WebhookAuditDetails(const domain::Webhook& webhook);
// The webhook's fields that changed, each {"old", "new"} (url, events,
// active), and "secret_changed": true when its secret did (never the secret).
std::string WebhookChangeDetails(const domain::Webhook& before, const domain::Webhook& after);

}  // namespace sb::api
