// One registration function per resource file; RegisterAllRoutes calls them.
#pragma once

#include "api/router.hpp"

namespace sb::api {

void RegisterHealthRoutes(Router& router);
// Literal /api/v1/contacts/... routes, registered before RegisterContactRoutes'
// /api/v1/contacts/{uuid}.
void RegisterContactExportRoutes(Router& router);
// POST /api/v1/contacts/import and /api/v1/imports/...
void RegisterImportRoutes(Router& router);
void RegisterContactRoutes(Router& router);
// Bulk writes and merge; before RegisterContactRoutes (literal "bulk" segment).
void RegisterContactBulkRoutes(Router& router);
void RegisterTagRoutes(Router& router);
void RegisterPipelineRoutes(Router& router);
void RegisterAgentRoutes(Router& router);
void RegisterPhoneNumberRoutes(Router& router);
void RegisterPoolRoutes(Router& router);
void RegisterPoolMemberRoutes(Router& router);
void RegisterCampaignRoutes(Router& router);
void RegisterDialerRoutes(Router& router);
void RegisterCallRoutes(Router& router);
void RegisterMessageRoutes(Router& router);
void RegisterUserRoutes(Router& router);
void RegisterRuleRoutes(Router& router);
void RegisterDncRoutes(Router& router);
void RegisterWebhookRoutes(Router& router);
// GET /api/v1/audit-log (admins and owners).
void RegisterAuditLogRoutes(Router& router);
void RegisterOrganizationRoutes(Router& router);
// /api/v1/tokens and /api/v1/me.
void RegisterTokenRoutes(Router& router);
void RegisterMeRoutes(Router& router);
// Foreign dialects (seeds 002 and 003).
void RegisterTetherRoutes(Router& router);
void RegisterCallabRoutes(Router& router);

}  // namespace sb::api
