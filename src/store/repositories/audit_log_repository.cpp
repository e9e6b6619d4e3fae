#include "store/repositories/audit_log_repository.hpp"

namespace sb::store {
namespace {

// The acting token's prefix and uuid, joined only when the token existed at the time
// of the entry: a token id reused after its token went (SQLite may reuse the
// highest id) never names a later token as the actor.
constexpr const char* kSelect =
    "SELECT a.id, a.uuid, a.organization_id, a.actor_user_id, a.actor_user_uuid,"
    " a.actor_token_id, t.prefix, a.source, a.action, a.target_type, a.target_uuid, a.details,"
    " a.created_at, CAST(t.uuid AS TEXT) FROM audit_log a LEFT JOIN api_tokens t"
    " ON t.organization_id = a.organization_id AND t.id = a.actor_token_id"
    " AND t.created_at <= a.created_at WHERE a.organization_id = ?";

// The WHERE beyond the organization, and its parameters.
std::string FilterSql(const AuditLogFilter& filter, db::Params& params) {
  if (!filter.action) return "";
  params.emplace_back(*filter.action);
  return " AND a.action = ?";
}

}  // namespace

Result<domain::AuditEntry> AuditLogRepository::Append(domain::AuditEntry entry) {
  if (!domain::IsAuditAction(entry.action)) {
    return Error::Internal("unknown audit action: " + entry.action);
  }
  if (entry.source != domain::kAuditSourceApi && entry.source != domain::kAuditSourceCli) {
    return Error::Internal("unknown audit source: " + entry.source);
  }
  entry.uuid = ids_.NewUuid();
  entry.created_at = clock_.NowSeconds();
  entry.actor_token_prefix.reset();
  entry.actor_token_uuid.reset();
  SB_ASSIGN_OR_RETURN(
      auto id, conn_.QueryInt(
                   "INSERT INTO audit_log (uuid, organization_id, actor_user_id,"
                   " actor_user_uuid, actor_token_id, source, action, target_type, target_uuid,"
                   " details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {entry.uuid, entry.organization_id, db::Nullable(entry.actor_user_id),
                    db::Nullable(entry.actor_user_uuid), db::Nullable(entry.actor_token_id),
                    entry.source, entry.action, entry.target_type, db::Nullable(entry.target_uuid),
                    entry.details, db::Timestamp{entry.created_at}}));
  entry.id = id.value_or(0);
  return entry;
}

Result<std::vector<domain::AuditEntry>> AuditLogRepository::List(int64_t org,
                                                                 const AuditLogFilter& filter,
                                                                 const domain::PageRequest& page) {
  db::Params params{org};
  std::string sql = kSelect + FilterSql(filter, params) + " ORDER BY a.id DESC LIMIT ? OFFSET ?";
  params.emplace_back(page.per_page);
  params.emplace_back(page.Offset());
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query(sql, params));
  std::vector<domain::AuditEntry> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    domain::AuditEntry e;
    e.id = rows->Int(0);
    e.uuid = rows->String(1);
    e.organization_id = rows->Int(2);
    e.actor_user_id = rows->OptInt(3);
    e.actor_user_uuid = rows->OptString(4);
    e.actor_token_id = rows->OptInt(5);
    e.actor_token_prefix = rows->OptString(6);
    e.source = rows->String(7);
    e.action = rows->String(8);
    e.target_type = rows->String(9);
    e.target_uuid = rows->OptString(10);
    e.details = rows->String(11);
    e.created_at = rows->Time(12);
    e.actor_token_uuid = rows->OptString(13);
    out.push_back(std::move(e));
  }
  return out;
}

Result<int64_t> AuditLogRepository::Count(int64_t org, const AuditLogFilter& filter) {
  db::Params params{org};
  std::string sql =
      "SELECT COUNT(*) FROM audit_log a WHERE a.organization_id = ?" + FilterSql(filter, params);
  SB_ASSIGN_OR_RETURN(auto n, conn_.QueryInt(sql, params));
  return n.value_or(0);
}

}  // namespace sb::store
