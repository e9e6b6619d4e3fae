#include "api/routes.hpp"

#include "api/openapi.hpp"

namespace sb::api {

void RegisterAllRoutes(Router& router) {
  RegisterHealthRoutes(router);
  RegisterOpenApiRoutes(router);
  RegisterTagRoutes(router);
  RegisterContactBulkRoutes(router);
  RegisterContactExportRoutes(router);
  RegisterImportRoutes(router);
  RegisterContactRoutes(router);
  RegisterPipelineRoutes(router);
  RegisterAgentRoutes(router);
  RegisterPhoneNumberRoutes(router);
  RegisterPoolRoutes(router);
  RegisterPoolMemberRoutes(router);
  RegisterCampaignRoutes(router);
  RegisterDialerRoutes(router);
  RegisterCallRoutes(router);
  RegisterMessageRoutes(router);
  RegisterUserRoutes(router);
  RegisterRuleRoutes(router);
  RegisterDncRoutes(router);
  RegisterWebhookRoutes(router);
  RegisterAuditLogRoutes(router);
  RegisterOrganizationRoutes(router);
  RegisterTokenRoutes(router);
  RegisterMeRoutes(router);
  RegisterTetherRoutes(router);
  RegisterCallabRoutes(router);
}

void RegisterHealthRoutes(Router& router) {
  // Liveness: answered on an I/O thread without the store, so it holds while
  // every worker or database connection is busy (a load balancer must not
  // take a loaded process out of service).
  router
      .Add(
          "GET", "/healthz",
          [](const ApiRequest&, HandlerContext&) -> Result<ApiResponse> {
            return ApiResponse{200, "application/json", R"({"status":"ok"})"};
          },
          /*requires_auth=*/false)
      .runs_inline = true;
  // Readiness: the database answers.
  router.Add(
      "GET", "/readyz",
      [](const ApiRequest&, HandlerContext& services) -> Result<ApiResponse> {
        SB_ASSIGN_OR_RETURN(auto conn, services.db.Acquire());
        SB_RETURN_IF_ERROR(conn->QueryInt("SELECT 1", {}));
        return ApiResponse{200, "application/json", R"({"status":"ready"})"};
      },
      /*requires_auth=*/false);
}

}  // namespace sb::api
