#include "store/repositories/dialer_stats.hpp"

#include <map>

#include "domain/call.hpp"
#include "domain/enums.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

// `members_sql` selects (status, COUNT(*), SUM(attempt_count)) grouped by
// status; `calls_sql` selects (status, COUNT(*)) grouped by status; both take
// `params`.
Result<DialerStats> Collect(db::Connection& conn, const std::string& members_sql,
                            const std::string& calls_sql, const db::Params& params) {
  DialerStats stats;
  std::map<std::string, int64_t> by_status;
  std::map<std::string, int64_t> outcomes;
  {
    SB_ASSIGN_OR_RETURN(auto rows, conn.Query(members_sql, params));
    while (true) {
      SB_ASSIGN_OR_RETURN(bool more, rows->Next());
      if (!more) break;
      const std::string status = rows->String(0);
      const int64_t n = rows->Int(1);
      by_status[status] += n;
      stats.members += n;
      stats.attempts += rows->IsNull(2) ? 0 : rows->Int(2);
      if (status == "Completed") stats.completed += n;
      if (status == "Completed" || status == "Failed" || status == "Skipped") stats.terminal += n;
    }
  }
  {
    SB_ASSIGN_OR_RETURN(auto rows, conn.Query(calls_sql, params));
    while (true) {
      SB_ASSIGN_OR_RETURN(bool more, rows->Next());
      if (!more) break;
      outcomes[rows->String(0)] += rows->Int(1);
      stats.calls += rows->Int(1);
    }
  }
  for (std::string_view s : domain::PoolItemStatuses()) {
    stats.by_status.emplace_back(std::string(s), by_status[std::string(s)]);
  }
  for (std::string_view s : domain::CallStatuses()) {
    stats.outcomes.emplace_back(std::string(s), outcomes[std::string(s)]);
  }
  return stats;
}

}  // namespace

Result<DialerStats> CampaignStats(db::Connection& conn, int64_t org,
                                  const std::string& campaign_uuid) {
  SB_ASSIGN_OR_RETURN(int64_t id, LookupId(conn, "campaigns", org, campaign_uuid, "Campaign"));
  return Collect(conn,
                 "SELECT pi.status, COUNT(*), SUM(pi.attempt_count) FROM campaign_pools cp"
                 " JOIN pool_items pi ON pi.organization_id = cp.organization_id"
                 " AND pi.pool_id = cp.pool_id"
                 " WHERE cp.organization_id = ? AND cp.campaign_id = ? GROUP BY pi.status",
                 "SELECT status, COUNT(*) FROM calls WHERE organization_id = ?"
                 " AND campaign_id = ? GROUP BY status",
                 {org, id});
}

Result<DialerStats> PoolStats(db::Connection& conn, int64_t org, const std::string& pool_uuid) {
  SB_ASSIGN_OR_RETURN(int64_t id, LookupId(conn, "pools", org, pool_uuid, "Pool"));
  return Collect(conn,
                 "SELECT status, COUNT(*), SUM(attempt_count) FROM pool_items"
                 " WHERE organization_id = ? AND pool_id = ? GROUP BY status",
                 "SELECT status, COUNT(*) FROM calls WHERE organization_id = ?"
                 " AND pool_id = ? GROUP BY status",
                 {org, id});
}

}  // namespace sb::store
