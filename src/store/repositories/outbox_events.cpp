#include "store/repositories/outbox_events.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <optional>

#include "core/time_format.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store::outbox_events {
namespace {

// Statements take at most this many listed values.
constexpr size_t kChunk = 500;

class Json {
 public:
  Json() : w_(buf_) {}
  Json& Begin(std::string_view key = {}) {
    if (!key.empty()) Key(key);
    w_.StartObject();
    return *this;
  }
  Json& End() {
    w_.EndObject();
    return *this;
  }
  Json& Str(std::string_view key, std::string_view v) {
    Key(key);
    w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
    return *this;
  }
  Json& Str(std::string_view key, const std::string& v) { return Str(key, std::string_view(v)); }
  Json& Str(std::string_view key, const std::optional<std::string>& v) {
    if (!v) return Null(key);
    return Str(key, std::string_view(*v));
  }
  Json& Int(std::string_view key, const std::optional<int64_t>& v) {
    if (!v) return Null(key);
    Key(key);
    w_.Int64(*v);
    return *this;
  }
  Json& Bool(std::string_view key, bool v) {
    Key(key);
    w_.Bool(v);
    return *this;
  }
  Json& Time(std::string_view key, const std::optional<int64_t>& v) {
    if (!v) return Null(key);
    return Str(key, FormatIsoUtc(*v));
  }
  Json& Null(std::string_view key) {
    Key(key);
    w_.Null();
    return *this;
  }
  std::string Take() { return {buf_.GetString(), buf_.GetSize()}; }

 private:
  void Key(std::string_view k) { w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }
  rapidjson::StringBuffer buf_;
  rapidjson::Writer<rapidjson::StringBuffer> w_;
};

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
    Json j;
    j.Begin()
        .Begin("contact")
        .Str("uuid", rows->Text(0))
        .Str("name", rows->Text(1))
        .Str("surname", rows->OptString(2))
        .Str("email", rows->OptString(3))
        .Str("phone_number", rows->OptString(4))
        .Str("country_code", rows->OptString(5))
        .Str("status", rows->Text(6))
        .Bool("do_not_call", rows->Int(7) != 0)
        .Time("created_at", rows->Time(8))
        .Time("updated_at", rows->Time(9))
        .End();
    if (!merged_into.empty()) j.Str("merged_into", merged_into);
    docs.push_back(j.End().Take());
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
  Json j;
  j.Begin()
      .Begin("pool_member")
      .Str("pool_uuid", change.pool_uuid)
      .Str("contact_uuid", change.contact_uuid)
      .Str("status", s.status)
      .Int("retry_count", s.retry_count)
      .Int("attempt_count", s.attempt_count)
      .Str("last_outcome", s.last_outcome)
      .Time("next_retry_at", s.next_retry_at)
      .Str("skip_reason", s.skip_reason)
      .Str("worker_id", s.worker_id)
      .End()
      .Str("previous_status", change.previous_status)
      .End();
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
  Json j;
  j.Begin()
      .Begin("call")
      .Str("uuid", rows->Text(0))
      .Str("contact_uuid", rows->Text(1))
      .Str("agent_uuid", rows->OptString(2))
      .Str("phone_number_uuid", rows->OptString(3))
      .Str("campaign_uuid", rows->OptString(4))
      .Str("pool_uuid", rows->OptString(5))
      .Str("direction", rows->Text(6))
      .Str("status", rows->Text(7))
      .Time("started_at", rows->Time(8))
      .Int("duration", rows->Int(9))
      .Str("feedback", rows->OptString(10))
      .Str("recording_url", rows->OptString(11))
      .Int("attempt", rows->OptInt(12))
      .End()
      .End();
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
  Json j;
  j.Begin()
      .Begin("campaign")
      .Str("uuid", rows->Text(0))
      .Str("name", rows->Text(1))
      .Str("status", status)
      .End()
      .Str("previous_status", previous_status)
      .End();
  rows.reset();
  return outbox.Emit(kCampaignStatusChanged, j.Take());
}

}  // namespace sb::store::outbox_events
