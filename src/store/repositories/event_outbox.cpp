#include "store/repositories/event_outbox.hpp"

#include <algorithm>

#include "store/repositories/webhook_repository.hpp"

namespace sb::store {
namespace {

Result<int64_t> InsertEvent(db::Connection& conn, int64_t org, std::string_view type,
                            std::string_view data_json, int64_t now, IdGenerator& ids) {
  SB_ASSIGN_OR_RETURN(auto id, conn.QueryInt("INSERT INTO webhook_events (organization_id, uuid,"
                                             " type, data, created_at) VALUES (?, ?, ?, ?, ?)"
                                             " RETURNING id",
                                             {org, ids.NewUuid(), std::string(type),
                                              std::string(data_json), db::Timestamp{now}}));
  if (!id) return Error::Internal("webhook event insert returned no id");
  return *id;
}

Status InsertDelivery(db::Connection& conn, int64_t org, int64_t webhook_id, int64_t event_id,
                      const std::string& uuid, int64_t now) {
  SB_RETURN_IF_ERROR(conn.Exec(
      "INSERT INTO webhook_deliveries (organization_id, uuid, webhook_id, event_id, status,"
      " attempts, next_attempt_at, expires_at, created_at, updated_at)"
      " VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)",
      {org, uuid, webhook_id, event_id, db::Timestamp{now},
       db::Timestamp{now + kWebhookDeliveryWindowSeconds}, db::Timestamp{now},
       db::Timestamp{now}}));
  return OkStatus();
}

}  // namespace

Status EventOutbox::Load() {
  if (subscribers_) return OkStatus();
  SB_ASSIGN_OR_RETURN(auto rows,
                      conn_.Query("SELECT id, events FROM webhooks"
                                  " WHERE organization_id = ? AND active = 1 ORDER BY id",
                                  {org_}));
  std::vector<Subscriber> subs;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool has, rows->Next());
    if (!has) break;
    Subscriber s;
    s.webhook_id = rows->Int(0);
    s.types = ParseWebhookEvents(rows->Text(1));
    s.all = std::find(s.types.begin(), s.types.end(), "*") != s.types.end();
    subs.push_back(std::move(s));
  }
  subscribers_ = std::move(subs);
  return OkStatus();
}

bool EventOutbox::Subscribes(const Subscriber& s, std::string_view type) const {
  return s.all || std::find(s.types.begin(), s.types.end(), type) != s.types.end();
}

Result<bool> EventOutbox::Wants(std::string_view type) {
  SB_RETURN_IF_ERROR(Load());
  return std::any_of(subscribers_->begin(), subscribers_->end(),
                     [&](const Subscriber& s) { return Subscribes(s, type); });
}

Status EventOutbox::Emit(std::string_view type, std::string_view data_json) {
  SB_ASSIGN_OR_RETURN(bool wanted, Wants(type));
  if (!wanted) return OkStatus();
  SB_ASSIGN_OR_RETURN(int64_t event_id, InsertEvent(conn_, org_, type, data_json, now_, ids_));
  for (const Subscriber& s : *subscribers_) {
    if (!Subscribes(s, type)) continue;
    SB_RETURN_IF_ERROR(InsertDelivery(conn_, org_, s.webhook_id, event_id, ids_.NewUuid(), now_));
  }
  return OkStatus();
}

Status EmitEvent(db::Connection& conn, int64_t org, std::string_view type,
                 std::string_view data_json, int64_t now, IdGenerator& ids) {
  return EventOutbox(conn, org, now, ids).Emit(type, data_json);
}

Result<std::string> EmitEventTo(db::Connection& conn, int64_t org, int64_t webhook_id,
                                std::string_view type, std::string_view data_json, int64_t now,
                                IdGenerator& ids) {
  SB_ASSIGN_OR_RETURN(int64_t event_id, InsertEvent(conn, org, type, data_json, now, ids));
  std::string uuid = ids.NewUuid();
  SB_RETURN_IF_ERROR(InsertDelivery(conn, org, webhook_id, event_id, uuid, now));
  return uuid;
}

}  // namespace sb::store
