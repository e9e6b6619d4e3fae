#include "store/repositories/webhook_delivery_repository.hpp"

#include "store/drivers/dialect.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {

Result<std::vector<ClaimedDelivery>> WebhookDeliveryRepository::Claim(
    int64_t now, int64_t limit, int64_t lease_seconds, const std::string& lease_token) {
  std::vector<ClaimedDelivery> out;
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    std::vector<std::pair<int64_t, int64_t>> keys;  // (organization_id, id)
    {
      // webhook_deliveries_due: the earliest due rows, whatever organization.
      SB_ASSIGN_OR_RETURN(
          auto rows, conn_.Query("UPDATE webhook_deliveries SET status = 'delivering',"
                                 " attempts = attempts + 1, next_attempt_at = ?, lease_token = ?,"
                                 " updated_at = ?"
                                 " WHERE (organization_id, id) IN (SELECT organization_id, id"
                                 " FROM webhook_deliveries WHERE next_attempt_at <= ?"
                                 " ORDER BY next_attempt_at LIMIT ?" +
                                     conn_.dialect().ForUpdateSkipLocked("") +
                                     ") RETURNING organization_id, id",
                                 {db::Timestamp{now + lease_seconds}, lease_token,
                                  db::Timestamp{now}, db::Timestamp{now}, limit}));
      while (true) {
        SB_ASSIGN_OR_RETURN(bool more, rows->Next());
        if (!more) break;
        keys.emplace_back(rows->Int(0), rows->Int(1));
      }
    }
    for (const auto& [org, id] : keys) {
      SB_ASSIGN_OR_RETURN(
          auto rows,
          conn_.Query("SELECT d.uuid, d.attempts, d.expires_at, w.url, w.secret, e.uuid, e.type,"
                      " e.created_at, e.data FROM webhook_deliveries d"
                      " JOIN webhooks w ON w.organization_id = d.organization_id"
                      " AND w.id = d.webhook_id"
                      " JOIN webhook_events e ON e.organization_id = d.organization_id"
                      " AND e.id = d.event_id"
                      " WHERE d.organization_id = ? AND d.id = ?",
                      {org, id}));
      SB_ASSIGN_OR_RETURN(bool found, rows->Next());
      if (!found) continue;
      ClaimedDelivery c;
      c.organization_id = org;
      c.id = id;
      c.uuid = rows->String(0);
      c.lease_token = lease_token;
      c.attempts = rows->Int(1);
      c.expires_at = rows->Time(2);
      c.url = rows->String(3);
      c.secret = rows->String(4);
      c.event_uuid = rows->String(5);
      c.event_type = rows->String(6);
      c.event_created_at = rows->Time(7);
      c.event_data = rows->String(8);
      out.push_back(std::move(c));
    }
    return OkStatus();
  }));
  return out;
}

Result<bool> WebhookDeliveryRepository::Delivered(const ClaimedDelivery& d, int64_t now,
                                                  int response_code) {
  SB_ASSIGN_OR_RETURN(
      int64_t n,
      conn_.Exec("UPDATE webhook_deliveries SET status = 'delivered', last_response_code = ?,"
                 " last_error = NULL, next_attempt_at = NULL, lease_token = NULL,"
                 " delivered_at = ?, updated_at = ?"
                 " WHERE organization_id = ? AND id = ? AND status = 'delivering'"
                 " AND lease_token = ?",
                 {int64_t{response_code}, db::Timestamp{now}, db::Timestamp{now}, d.organization_id,
                  d.id, d.lease_token}));
  return n > 0;
}

Result<bool> WebhookDeliveryRepository::Failed(const ClaimedDelivery& d, int64_t now,
                                               std::optional<int> response_code,
                                               const std::string& error,
                                               std::optional<int64_t> retry_at) {
  db::Value code = response_code ? db::Value(int64_t{*response_code}) : db::Value(db::Null{});
  SB_ASSIGN_OR_RETURN(
      int64_t n,
      conn_.Exec(
          "UPDATE webhook_deliveries SET status = ?, last_response_code = ?,"
          " last_error = ?, next_attempt_at = ?, lease_token = NULL, updated_at = ?"
          " WHERE organization_id = ? AND id = ? AND status = 'delivering'"
          " AND lease_token = ?",
          {std::string(retry_at ? "pending" : "failed"), code, error, db::NullableTime(retry_at),
           db::Timestamp{now}, d.organization_id, d.id, d.lease_token}));
  return n > 0;
}

Result<int64_t> WebhookDeliveryRepository::PurgeEvents(int64_t before, int64_t limit) {
  int64_t purged = 0;
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    std::vector<std::pair<int64_t, int64_t>> keys;
    {
      SB_ASSIGN_OR_RETURN(auto rows,
                          conn_.Query("SELECT organization_id, id FROM webhook_events"
                                      " WHERE created_at < ? ORDER BY created_at LIMIT ?",
                                      {db::Timestamp{before}, limit}));
      while (true) {
        SB_ASSIGN_OR_RETURN(bool more, rows->Next());
        if (!more) break;
        keys.emplace_back(rows->Int(0), rows->Int(1));
      }
    }
    for (const auto& [org, id] : keys) {
      SB_RETURN_IF_ERROR(conn_.Exec(
          "DELETE FROM webhook_deliveries WHERE organization_id = ? AND event_id = ?", {org, id}));
      SB_RETURN_IF_ERROR(
          conn_.Exec("DELETE FROM webhook_events WHERE organization_id = ? AND id = ?", {org, id}));
    }
    purged = static_cast<int64_t>(keys.size());
    return OkStatus();
  }));
  return purged;
}

}  // namespace sb::store
