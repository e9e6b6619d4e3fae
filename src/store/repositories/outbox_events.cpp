#include "store/repositories/outbox_events.hpp"

#include <algorithm>
#include <optional>

#include "core/json_writer.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store::outbox_events {
namespace {

// Statements take at most this many listed values.
constexpr size_t kChunk = 500;

constexpr const char* kContactColumns =
    "SELECT c.uuid, c.name, c.surname, c.email, c.phone_number, c.country_code, c.status,"
    " c.do_not_call, c.created_at, c.updated_at FROM contacts c";

Status EmitContactRows(EventOutbox& outbox, db::Connection& conn, std::string_view type,
                       const std::string& sql, const db::Params& params,
                       const std::string& merged_into) {
  SB_ASSIGN_OR_RETURN(auto rows, conn.Query(sql, params));
  std::vector<std::string> docs;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    JsonWriter j;
    j.StartObject();
    j.Key("contact");
    j.StartObject();
    j.Field("uuid", rows->Text(0));
    j.Field("name", rows->Text(1));
    j.Field("surname", rows->OptString(2));
    j.Field("email", rows->OptString(3));
    j.Field("phone_number", rows->OptString(4));
    j.Field("country_code", rows->OptString(5));
    j.Field("status", rows->Text(6));
    j.Field("do_not_call", rows->Int(7) != 0);
    j.TimeField("created_at", rows->Time(8));
    j.TimeField("updated_at", rows->Time(9));
    j.EndObject();
    if (!merged_into.empty()) j.Field("merged_into", merged_into);
    j.EndObject();
    docs.push_back(j.Take());
  }
  rows.reset();
  for (const auto& doc : docs) SB_RETURN_IF_ERROR(outbox.Emit(type, doc));
  return OkStatus();
}

}  // namespace

Status Contacts(EventOutbox& outbox, db::Connection& conn, int64_t org, std::string_view type,
                const std::vector<int64_t>& contact_ids, const std::string& merged_into) {
  SB_ASSIGN_OR_RETURN(bool wanted, outbox.Wants(type));
  if (!wanted) return OkStatus();
  for (size_t i = 0; i < contact_ids.size(); i += kChunk) {
    const size_t n = std::min(kChunk, contact_ids.size() - i);
    db::Params params{org};
    for (size_t j = i; j < i + n; ++j) params.emplace_back(contact_ids[j]);
    SB_RETURN_IF_ERROR(EmitContactRows(outbox, conn, type,
                                       std::string(kContactColumns) +
                                           " WHERE c.organization_id = ? AND c.id IN (" +
                                           Placeholders(n) + ") ORDER BY c.id",
                                       params, merged_into));
  }
  return OkStatus();
}

Status ContactsByUuid(EventOutbox& outbox, db::Connection& conn, int64_t org, std::string_view type,
                      const std::vector<std::string>& uuids) {
  SB_ASSIGN_OR_RETURN(bool wanted, outbox.Wants(type));
  if (!wanted) return OkStatus();
  for (size_t i = 0; i < uuids.size(); i += kChunk) {
    const size_t n = std::min(kChunk, uuids.size() - i);
    db::Params params{org};
    for (size_t j = i; j < i + n; ++j) params.emplace_back(uuids[j]);
    SB_RETURN_IF_ERROR(EmitContactRows(outbox, conn, type,
                                       std::string(kContactColumns) +
                                           " WHERE c.organization_id = ? AND c.uuid IN (" +
                                           Placeholders(n) + ") ORDER BY c.id",
                                       params, ""));
  }
  return OkStatus();
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
  SB_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query("SELECT k.uuid, c.uuid, a.uuid, n.uuid, g.uuid, p.uuid, k.direction, k.status,"
                 " k.started_at, k.duration, k.feedback, k.recording_url, k.attempt"
                 " FROM calls k JOIN contacts c ON c.organization_id = k.organization_id"
                 " AND c.id = k.contact_id"
                 " LEFT JOIN agents a ON a.organization_id = k.organization_id"
                 " AND a.id = k.agent_id"
                 " LEFT JOIN phone_numbers n ON n.organization_id = k.organization_id"
                 " AND n.id = k.phone_number_id"
                 " LEFT JOIN campaigns g ON g.organization_id = k.organization_id"
                 " AND g.id = k.campaign_id"
                 " LEFT JOIN pools p ON p.organization_id = k.organization_id AND p.id = k.pool_id"
                 " WHERE k.organization_id = ? AND k.uuid = ?",
                 {org, call_uuid}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return Error::Internal("the recorded call is not there");
  JsonWriter j;
  j.StartObject();
  j.Key("call");
  j.StartObject();
  j.Field("uuid", rows->Text(0));
  j.Field("contact_uuid", rows->Text(1));
  j.Field("agent_uuid", rows->OptString(2));
  j.Field("phone_number_uuid", rows->OptString(3));
  j.Field("campaign_uuid", rows->OptString(4));
  j.Field("pool_uuid", rows->OptString(5));
  j.Field("direction", rows->Text(6));
  j.Field("status", rows->Text(7));
  j.TimeField("started_at", rows->Time(8));
  j.Field("duration", rows->Int(9));
  j.Field("feedback", rows->OptString(10));
  j.Field("recording_url", rows->OptString(11));
  j.Field("attempt", rows->OptInt(12));
  j.EndObject();
  j.EndObject();
  rows.reset();
  return outbox.Emit(kCallRecorded, j.Take());
}

Status CampaignStatusChanged(EventOutbox& outbox, db::Connection& conn, int64_t org,
                             int64_t campaign_id, const std::string& previous_status,
                             const std::string& status) {
  if (previous_status == status) return OkStatus();
  SB_ASSIGN_OR_RETURN(bool wanted, outbox.Wants(kCampaignStatusChanged));
  if (!wanted) return OkStatus();
  SB_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT uuid, name FROM campaigns"
                                            " WHERE organization_id = ? AND id = ?",
                                            {org, campaign_id}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return Error::NotFound("Campaign");
  JsonWriter j;
  j.StartObject();
  j.Key("campaign");
  j.StartObject();
  j.Field("uuid", rows->Text(0));
  j.Field("name", rows->Text(1));
  j.Field("status", status);
  j.EndObject();
  j.Field("previous_status", previous_status);
  j.EndObject();
  rows.reset();
  return outbox.Emit(kCampaignStatusChanged, j.Take());
}

}  // namespace sb::store::outbox_events
