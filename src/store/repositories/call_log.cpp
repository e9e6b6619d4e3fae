#include "store/repositories/call_log.hpp"

namespace sb::store {

Status InsertCallRow(db::Connection& conn, int64_t org, const CallRow& call, int64_t now) {
  SB_RETURN_IF_ERROR(conn.Exec(
      "INSERT INTO calls (organization_id, uuid, contact_id, agent_id, phone_number_id,"
      " campaign_id, pool_id, attempt, direction, status, started_at, duration, feedback,"
      " recording_url, created_at, updated_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {org, call.uuid, call.contact_id, db::Nullable(call.agent_id),
       db::Nullable(call.phone_number_id), db::Nullable(call.campaign_id),
       db::Nullable(call.pool_id), db::Nullable(call.attempt), call.direction, call.status,
       db::Timestamp{call.started_at}, call.duration, db::Nullable(call.feedback),
       db::Nullable(call.recording_url), db::Timestamp{now}, db::Timestamp{now}}));
  // One conditional UPDATE: the row lock it takes makes "is this the latest
  // call?" and the write a single step, even with concurrent writers.
  SB_RETURN_IF_ERROR(conn.Exec(
      "UPDATE contacts SET last_call_status = ?, last_call_at = ?, last_call_duration = ?,"
      " last_call_feedback = ? WHERE organization_id = ? AND id = ?"
      " AND (last_call_at IS NULL OR last_call_at <= ?)",
      {call.status, db::Timestamp{call.started_at}, call.duration, db::Nullable(call.feedback), org,
       call.contact_id, db::Timestamp{call.started_at}}));
  return OkStatus();
}

}  // namespace sb::store
