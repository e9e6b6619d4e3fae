#include "services/outbox_events.hpp"

#include <algorithm>

#include "core/json_writer.hpp"
#include "services/import_json.hpp"
#include "store/repositories/event_rows.hpp"

namespace sb::services::outbox_events {
namespace {

Status EmitContacts(EventOutbox& outbox, std::string_view type,
                    const std::vector<domain::Contact>& contacts, const std::string& merged_into) {
  for (const domain::Contact& c : contacts) {
    JsonWriter j;
    j.StartObject();
    j.Key("contact");
    j.StartObject();
    j.Field("uuid", c.uuid);
    j.Field("name", c.name);
    j.Field("surname", c.surname);
    j.Field("email", c.email);
    j.Field("phone_number", c.phone_number);
    j.Field("country_code", c.country_code);
    j.Field("status", c.status);
    j.Field("do_not_call", c.do_not_call);
    j.TimeField("created_at", c.created_at);
    j.TimeField("updated_at", c.updated_at);
    j.EndObject();
    if (!merged_into.empty()) j.Field("merged_into", merged_into);
    j.EndObject();
    SB_RETURN_IF_ERROR(outbox.Emit(type, j.Take()));
  }
  return OkStatus();
}

}  // namespace

Status Contacts(EventOutbox& outbox, db::Connection& conn, int64_t org, std::string_view type,
                const std::vector<int64_t>& contact_ids, const std::string& merged_into) {
  if (contact_ids.empty()) return OkStatus();
  SB_ASSIGN_OR_RETURN(bool wanted, outbox.Wants(type));
  if (!wanted) return OkStatus();
  SB_ASSIGN_OR_RETURN(auto contacts, store::event_rows::ContactsById(conn, org, contact_ids));
  return EmitContacts(outbox, type, contacts, merged_into);
}

Status ContactsByUuid(EventOutbox& outbox, db::Connection& conn, int64_t org, std::string_view type,
                      const std::vector<std::string>& uuids) {
  if (uuids.empty()) return OkStatus();
  SB_ASSIGN_OR_RETURN(bool wanted, outbox.Wants(type));
  if (!wanted) return OkStatus();
  SB_ASSIGN_OR_RETURN(auto contacts, store::event_rows::ContactsByUuid(conn, org, uuids));
  return EmitContacts(outbox, type, contacts, "");
}

Status ImportCompleted(EventOutbox& outbox, const domain::ContactImport& import, int64_t now) {
  SB_ASSIGN_OR_RETURN(bool wanted, outbox.Wants(kImportCompleted));
  if (!wanted) return OkStatus();
  JsonWriter w;
  w.StartObject();
  w.Key("import");
  WriteImport(w, import, now);
  w.EndObject();
  return outbox.Emit(kImportCompleted, w.Take());
}

Status UpsertedContacts(EventOutbox& outbox, db::Connection& conn, int64_t org,
                        const store::BulkUpsertResult& result) {
  using Kind = store::BulkItemResult::Kind;
  if (result.created + result.updated == 0) return OkStatus();
  std::vector<int64_t> created;
  std::vector<int64_t> updated;
  for (const auto& r : result.results) {
    if (r.kind == Kind::kCreated) created.push_back(r.contact_id);
  }
  std::sort(created.begin(), created.end());
  for (const auto& r : result.results) {
    if (r.kind == Kind::kUpdated &&
        !std::binary_search(created.begin(), created.end(), r.contact_id)) {
      updated.push_back(r.contact_id);
    }
  }
  std::sort(updated.begin(), updated.end());
  updated.erase(std::unique(updated.begin(), updated.end()), updated.end());
  SB_RETURN_IF_ERROR(Contacts(outbox, conn, org, kContactCreated, created));
  return Contacts(outbox, conn, org, kContactUpdated, updated);
}

Status PoolMemberStatusChanged(EventOutbox& outbox, const MemberStatusChange& change) {
  if (change.previous_status == change.state.status) return OkStatus();
  SB_ASSIGN_OR_RETURN(bool wanted, outbox.Wants(kPoolMemberStatusChanged));
  if (!wanted) return OkStatus();
  const domain::PoolItemState& s = change.state;
  JsonWriter j;
  j.StartObject();
  j.Key("pool_member");
  j.StartObject();
  j.Field("pool_uuid", change.pool_uuid);
  j.Field("contact_uuid", change.contact_uuid);
  j.Field("status", s.status);
  j.Field("retry_count", s.retry_count);
  j.Field("attempt_count", s.attempt_count);
  j.Field("last_outcome", s.last_outcome);
  j.TimeField("next_retry_at", s.next_retry_at);
  j.Field("skip_reason", s.skip_reason);
  j.Field("worker_id", s.worker_id);
  j.EndObject();
  j.Field("previous_status", change.previous_status);
  j.EndObject();
  return outbox.Emit(kPoolMemberStatusChanged, j.Take());
}

Status CallRecorded(EventOutbox& outbox, db::Connection& conn, int64_t org,
                    const std::string& call_uuid) {
  SB_ASSIGN_OR_RETURN(bool wanted, outbox.Wants(kCallRecorded));
  if (!wanted) return OkStatus();
  SB_ASSIGN_OR_RETURN(store::event_rows::RecordedCall c,
                      store::event_rows::Call(conn, org, call_uuid));
  JsonWriter j;
  j.StartObject();
  j.Key("call");
  j.StartObject();
  j.Field("uuid", c.uuid);
  j.Field("contact_uuid", c.contact_uuid);
  j.Field("agent_uuid", c.agent_uuid);
  j.Field("phone_number_uuid", c.phone_number_uuid);
  j.Field("campaign_uuid", c.campaign_uuid);
  j.Field("pool_uuid", c.pool_uuid);
  j.Field("direction", c.direction);
  j.Field("status", c.status);
  j.TimeField("started_at", c.started_at);
  j.Field("duration", c.duration);
  j.Field("feedback", c.feedback);
  j.Field("recording_url", c.recording_url);
  j.Field("attempt", c.attempt);
  j.EndObject();
  j.EndObject();
  return outbox.Emit(kCallRecorded, j.Take());
}

Status CampaignStatusChanged(EventOutbox& outbox, const std::string& uuid, const std::string& name,
                             const std::string& previous_status, const std::string& status) {
  if (previous_status == status) return OkStatus();
  SB_ASSIGN_OR_RETURN(bool wanted, outbox.Wants(kCampaignStatusChanged));
  if (!wanted) return OkStatus();
  JsonWriter j;
  j.StartObject();
  j.Key("campaign");
  j.StartObject();
  j.Field("uuid", uuid);
  j.Field("name", name);
  j.Field("status", status);
  j.EndObject();
  j.Field("previous_status", previous_status);
  j.EndObject();
  return outbox.Emit(kCampaignStatusChanged, j.Take());
}

}  // namespace sb::services::outbox_events
