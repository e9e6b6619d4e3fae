// GET /api/v1/me: who the caller is: their user (with the role the request
// was judged by), organization and token.
#include "api/json_writer.hpp"
#include "api/routes.hpp"
#include "store/repositories/organization_repository.hpp"
#include "store/repositories/token_repository.hpp"
#include "store/repositories/user_repository.hpp"

namespace sb::api {
namespace {

Result<ApiResponse> GetMe(const ApiRequest& req, HandlerContext& s) {
  const int64_t org = req.auth.organization_id;
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  SB_ASSIGN_OR_RETURN(domain::User user,
                      store::UserRepository(*conn, s.clock, s.ids).Get(org, req.auth.user_uuid));
  SB_ASSIGN_OR_RETURN(store::Organization organization,
                      store::OrganizationRepository(*conn, s.clock).Get(org));
  SB_ASSIGN_OR_RETURN(store::ApiToken token,
                      store::TokenRepository(*conn, s.clock, s.ids).Get(org, req.auth.token_uuid));
  return Envelope("Caller retrieved successfully", [&](JsonWriter& w) {
    w.StartObject();
    w.Key("user");
    w.StartObject();
    w.Field("uuid", user.uuid);
    w.Field("name", user.name);
    w.Field("email", user.email);
    w.Field("role", std::string(domain::FormatRole(req.auth.role)));
    w.EndObject();
    w.Key("organization");
    w.StartObject();
    w.Field("uuid", organization.uuid);
    w.Field("name", organization.name);
    w.EndObject();
    w.Key("token");
    w.StartObject();
    w.Field("uuid", token.uuid);
    w.Field("name", token.name);
    w.Key("scopes");
    w.StartArray();
    for (const std::string& scope : domain::TokenScopeList(req.auth.scopes)) w.String(scope);
    w.EndArray();
    w.TimeField("expires_at", token.expires_at);
    w.EndObject();
    w.EndObject();
  });
}

}  // namespace

void RegisterMeRoutes(Router& router) { router.Add("GET", "/api/v1/me", GetMe); }

}  // namespace sb::api
