#include "store/repositories/dialer_rows.hpp"

#include "store/drivers/dialect.hpp"

namespace sb::store::dialer_rows {

const char* const kStateColumns =
    "pi.status, pi.retry_count, pi.started_at, pi.completed_at, pi.failed_at,"
    " pi.next_retry_at, pi.skip_reason, pi.worker_id, pi.lease_expires_at,"
    " pi.status_before_claim, pi.attempt_count, pi.last_outcome";

domain::PoolItemState ReadState(const db::Rows& rows, int first) {
  domain::PoolItemState s;
  s.status = rows.String(first);
  s.retry_count = rows.Int(first + 1);
  s.started_at = rows.OptTime(first + 2);
  s.completed_at = rows.OptTime(first + 3);
  s.failed_at = rows.OptTime(first + 4);
  s.next_retry_at = rows.OptTime(first + 5);
  s.skip_reason = rows.OptString(first + 6);
  s.worker_id = rows.OptString(first + 7);
  s.lease_expires_at = rows.OptTime(first + 8);
  s.status_before_claim = rows.OptString(first + 9);
  s.attempt_count = rows.Int(first + 10);
  s.last_outcome = rows.OptString(first + 11);
  return s;
}

Status WriteState(db::Connection& conn, int64_t org, int64_t item_id,
                  const domain::PoolItemState& s, int64_t now,
                  const std::optional<ClaimBinding>& binding) {
  db::Params params = {s.status,
                       s.retry_count,
                       db::NullableTime(s.started_at),
                       db::NullableTime(s.completed_at),
                       db::NullableTime(s.failed_at),
                       db::NullableTime(s.next_retry_at),
                       db::Nullable(s.skip_reason),
                       db::Nullable(s.worker_id),
                       db::NullableTime(s.lease_expires_at),
                       db::Nullable(s.status_before_claim),
                       s.attempt_count,
                       db::Nullable(s.last_outcome),
                       db::Timestamp{now}};
  std::string sql =
      "UPDATE pool_items SET status = ?, retry_count = ?, started_at = ?, completed_at = ?,"
      " failed_at = ?, next_retry_at = ?, skip_reason = ?, worker_id = ?,"
      " lease_expires_at = ?, status_before_claim = ?, attempt_count = ?, last_outcome = ?,"
      " updated_at = ?";
  if (binding) {
    sql += ", campaign_id = ?, phone_number_id = ?";
    params.emplace_back(binding->campaign_id);
    params.emplace_back(binding->phone_number_id);
  }
  sql += " WHERE organization_id = ? AND id = ?";
  params.emplace_back(org);
  params.emplace_back(item_id);
  SB_RETURN_IF_ERROR(conn.Exec(sql, params));
  return OkStatus();
}

// Asked as "none waiting or held" pool by pool (pool_id IN ...), which the
// queue index answers without reading the finished members; a join from
// pool_items would let the planner scan the organization's members.
Result<std::optional<CompletedCampaign>> CompleteCampaignIfDone(db::Connection& conn, int64_t org,
                                                                int64_t campaign_id, int64_t now) {
  // The campaign's row lock first: two members' last events in concurrent
  // transactions would each still see the other member open (PostgreSQL,
  // READ COMMITTED) and neither would complete the campaign. Once the lock is
  // held, the check below reads every earlier completion committed.
  CompletedCampaign campaign;
  SB_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT status, uuid, name FROM campaigns"
                                            " WHERE organization_id = ? AND id = ?" +
                                                conn.dialect().ForUpdate(""),
                                            {org, campaign_id}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (found) {
    campaign.previous_status = rows->String(0);
    campaign.uuid = rows->String(1);
    campaign.name = rows->String(2);
  }
  rows.reset();
  const std::string& previous = campaign.previous_status;
  if (previous != "Active" && previous != "Paused") return std::optional<CompletedCampaign>();
  SB_ASSIGN_OR_RETURN(
      int64_t completed,
      conn.Exec("UPDATE campaigns SET status = 'Completed', updated_at = ?"
                " WHERE organization_id = ? AND id = ? AND status IN ('Active', 'Paused')"
                " AND EXISTS (SELECT 1 FROM campaign_pools cp WHERE cp.organization_id = ?"
                " AND cp.campaign_id = ?)"
                " AND NOT EXISTS (SELECT 1 FROM pool_items pi WHERE pi.organization_id = ?"
                " AND pi.pool_id IN (SELECT cp.pool_id FROM campaign_pools cp"
                " WHERE cp.organization_id = ? AND cp.campaign_id = ?)"
                " AND pi.status IN ('Pending', 'Processing', 'In_Call', 'Retrying', 'Scheduled'))",
                {db::Timestamp{now}, org, campaign_id, org, campaign_id, org, org, campaign_id}));
  if (completed == 0) return std::optional<CompletedCampaign>();
  return std::optional<CompletedCampaign>(std::move(campaign));
}

}  // namespace sb::store::dialer_rows
