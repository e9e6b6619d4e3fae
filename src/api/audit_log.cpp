// GET /api/v1/audit-log: the organization's audit log, newest first; admins
// and owners only (api/permissions.cpp)
// (docs/API.md, "Audit log"; docs/SECURITY.md, "Audit log").
#include "api/json_writer.hpp"
#include "api/query_reader.hpp"
#include "api/routes.hpp"
#include "domain/audit.hpp"
#include "store/repositories/audit_log_repository.hpp"

namespace sb::api {
namespace {

void WriteEntry(JsonWriter& w, const domain::AuditEntry& e) {
  w.StartObject();
  w.Field("uuid", e.uuid);
  w.Field("action", e.action);
  w.Key("actor");
  w.StartObject();
  w.Field("user_uuid", e.actor_user_uuid);
  w.Field("token_uuid", e.actor_token_uuid);
  w.Field("token_prefix", e.actor_token_prefix);
  w.EndObject();
  w.Field("source", e.source);
  w.Key("target");
  w.StartObject();
  w.Field("type", e.target_type);
  w.Field("uuid", e.target_uuid);
  w.EndObject();
  w.Key("details");
  w.RawJson(e.details);
  w.TimeField("created_at", e.created_at);
  w.EndObject();
}

Result<ApiResponse> ListAuditLog(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  QueryReader query(req);
  domain::PageRequest page = query.Page(15);
  store::AuditLogFilter filter;
  filter.action = query.Enum("action", domain::AuditActions());
  SB_RETURN_IF_ERROR(query.Finish());
  store::AuditLogRepository log(*conn, s.clock, s.ids);
  const int64_t org = req.auth.organization_id;
  SB_ASSIGN_OR_RETURN(int64_t total, log.Count(org, filter));
  SB_ASSIGN_OR_RETURN(auto list, log.List(org, filter, page));
  auto info = domain::DescribePage(page, total, static_cast<int64_t>(list.size()));
  return Envelope("Audit log retrieved successfully", [&](JsonWriter& w) {
    WriteLaravelPage(w, req, info, [&](JsonWriter& rw) {
      for (const auto& e : list) WriteEntry(rw, e);
    });
  });
}

}  // namespace

void RegisterAuditLogRoutes(Router& router) {
  router.Add("GET", "/api/v1/audit-log", ListAuditLog);
}

}  // namespace sb::api
