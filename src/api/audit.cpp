#include "api/audit.hpp"

#include <vector>

#include "api/json_writer.hpp"
#include "store/repositories/audit_log_repository.hpp"

namespace sb::api {
namespace {

void WriteEvents(JsonWriter& w, const std::vector<std::string>& events) {
  w.StartArray();
  for (const auto& e : events) w.String(e);
  w.EndArray();
}

void Change(JsonWriter& w, std::string_view key, const std::string& before,
            const std::string& after) {
  if (before == after) return;
  w.Key(key);
  w.StartObject();
  w.Field("old", before);
  w.Field("new", after);
  w.EndObject();
}

}  // namespace

Status RecordAudit(db::Connection& conn, const ApiRequest& req, HandlerContext& s,
                   std::string_view action, std::string_view target_type,
                   const std::string& target_uuid, std::string details_json) {
  domain::AuditEntry entry;
  entry.organization_id = req.auth.organization_id;
  if (req.auth.user_id != 0) {
    entry.actor_user_id = req.auth.user_id;
    entry.actor_user_uuid = req.auth.user_uuid;
  }
  if (req.auth.token_id != 0) entry.actor_token_id = req.auth.token_id;
  entry.source = std::string(domain::kAuditSourceApi);
  entry.action = std::string(action);
  entry.target_type = std::string(target_type);
  entry.target_uuid = target_uuid;
  entry.details = std::move(details_json);
  SB_RETURN_IF_ERROR(store::AuditLogRepository(conn, s.clock, s.ids).Append(std::move(entry)));
  return OkStatus();
}

std::string UserAuditDetails(const domain::User& user) {
  JsonWriter w;
  w.StartObject();
  w.Field("name", user.name);
  w.Field("email", user.email);
  w.Field("role", user.role);
  w.EndObject();
  return w.Take();
}

std::string UserChangeDetails(const domain::User& before, const domain::User& after) {
  JsonWriter w;
  w.StartObject();
  Change(w, "role", before.role, after.role);
  Change(w, "name", before.name, after.name);
  Change(w, "email", before.email, after.email);
  w.EndObject();
  return w.Take();
}

std::string_view UserUpdateAction(const domain::User& before, const domain::User& after) {
  return before.role != after.role ? domain::kAuditUserRoleChanged : domain::kAuditUserUpdated;
}

std::string WebhookAuditDetails(const domain::Webhook& webhook) {
  JsonWriter w;
  w.StartObject();
  w.Field("url", webhook.url);
  w.Key("events");
  WriteEvents(w, webhook.events);
  w.Field("active", webhook.active);
  w.EndObject();
  return w.Take();
}

std::string WebhookChangeDetails(const domain::Webhook& before, const domain::Webhook& after) {
  JsonWriter w;
  w.StartObject();
  Change(w, "url", before.url, after.url);
  if (before.events != after.events) {
    w.Key("events");
    w.StartObject();
    w.Key("old");
    WriteEvents(w, before.events);
    w.Key("new");
    WriteEvents(w, after.events);
    w.EndObject();
  }
  if (before.active != after.active) {
    w.Key("active");
    w.StartObject();
    w.Field("old", before.active);
    w.Field("new", after.active);
    w.EndObject();
  }
  if (before.secret != after.secret) w.Field("secret_changed", true);
  w.EndObject();
  return w.Take();
}

}  // namespace sb::api
