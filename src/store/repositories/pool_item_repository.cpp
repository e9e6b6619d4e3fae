#include "store/repositories/pool_item_repository.hpp"

#include <algorithm>
#include <unordered_map>

#include "domain/pool_member_entity.hpp"
#include "store/drivers/dialect.hpp"
#include "store/repositories/entity_sql.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

using domain::kPoolItemStateFields;
using domain::kPoolMemberEntity;

// The member's declared pool_items columns, then its contact's (joined as `c`).
const std::string kSelectMember =
    "SELECT " + entity_sql::SelectList(kPoolMemberEntity, "pi") +
    ", c.uuid, c.name, c.phone_number, c.email"
    " FROM pool_items pi JOIN contacts c"
    " ON c.organization_id = pi.organization_id AND c.id = pi.contact_id ";
// Where the contact's columns start.
constexpr int kContactColumn = static_cast<int>(domain::ResultNames<kPoolMemberEntity>().size());

// The item's row id (column 0), then the state a status transition reads.
const std::string kSelectState =
    "SELECT pi.id, " + entity_sql::SelectList(kPoolItemStateFields, "pi");

// Contact uuids are resolved in chunks of this many, padded with repeats, so
// the lookup has one statement shape whatever the request size.
constexpr size_t kLookupChunk = 50;

domain::PoolMember ReadMember(const db::Rows& r) {
  domain::PoolMember m;
  entity_sql::ReadRow<kPoolMemberEntity>(r, m);
  m.contact_uuid = r.String(kContactColumn);
  m.name = r.String(kContactColumn + 1);
  m.phone_number = r.OptString(kContactColumn + 2);
  m.email = r.OptString(kContactColumn + 3);
  return m;
}

// " AND ..." for the filter over `pi` (pool_items) and `c` (contacts).
std::string FilterSql(const db::Connection& conn, int64_t org, const PoolMemberFilter& filter,
                      db::Params& params) {
  std::string sql;
  if (filter.status) {
    sql += " AND pi.status = ?";
    params.emplace_back(*filter.status);
  }
  if (filter.search)
    sql += " AND " + conn.dialect().ContactSearch("c", org, *filter.search, params);
  return sql;
}

Result<std::optional<domain::PoolMember>> FindMember(db::Connection& conn, int64_t org,
                                                     int64_t pool_id,
                                                     const std::string& contact_uuid) {
  SB_ASSIGN_OR_RETURN(auto rows,
                      conn.Query(kSelectMember + "WHERE pi.organization_id = ? AND pi.pool_id = ?"
                                                 " AND c.organization_id = ? AND c.uuid = ?",
                                 {org, pool_id, org, contact_uuid}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return std::optional<domain::PoolMember>();
  return std::optional<domain::PoolMember>(ReadMember(*rows));
}

}  // namespace

std::string PoolMemberFilter::Key(int64_t pool_id) const {
  return "pool_items|" + std::to_string(pool_id) + '|' + status.value_or("") + '|' +
         search.value_or("");
}

Result<int64_t> PoolItemRepository::PoolId(int64_t org, const std::string& pool_uuid) {
  return LookupId(conn_, "pools", org, pool_uuid, "Pool");
}

Result<std::vector<domain::PoolMember>> PoolItemRepository::List(int64_t org, int64_t pool_id,
                                                                 const PoolMemberFilter& filter,
                                                                 const domain::PageRequest& page) {
  db::Params params;
  params.emplace_back(org);
  params.emplace_back(pool_id);
  std::string sql = kSelectMember + "WHERE pi.organization_id = ? AND pi.pool_id = ?" +
                    FilterSql(conn_, org, filter, params) + " ORDER BY pi.id LIMIT ? OFFSET ?";
  params.emplace_back(page.per_page);
  params.emplace_back(page.Offset());
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query(sql, params));
  std::vector<domain::PoolMember> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back(ReadMember(*rows));
  }
  return out;
}

Result<int64_t> PoolItemRepository::Count(int64_t org, int64_t pool_id,
                                          const PoolMemberFilter& filter) {
  db::Params params;
  params.emplace_back(org);
  params.emplace_back(pool_id);
  // Without a search the contacts table is not needed and the count is an
  // index range scan of pool_items_pool_status.
  std::string sql = filter.search
                        ? "SELECT COUNT(*) FROM pool_items pi JOIN contacts c"
                          " ON c.organization_id = pi.organization_id AND c.id = pi.contact_id"
                        : "SELECT COUNT(*) FROM pool_items pi";
  sql += " WHERE pi.organization_id = ? AND pi.pool_id = ?" + FilterSql(conn_, org, filter, params);
  SB_ASSIGN_OR_RETURN(auto n, conn_.QueryInt(sql, params));
  return n.value_or(0);
}

Result<bool> AddPendingMember(db::Connection& conn, int64_t org, int64_t pool_id,
                              int64_t contact_id, int64_t priority, int64_t now) {
  SB_ASSIGN_OR_RETURN(
      int64_t inserted,
      conn.Exec("INSERT INTO pool_items (organization_id, pool_id, contact_id, status,"
                " priority, added_at, updated_at) VALUES (?, ?, ?, 'Pending', ?, ?, ?)" +
                    std::string(conn.dialect().InsertIgnore()),
                {org, pool_id, contact_id, priority, db::Timestamp{now}, db::Timestamp{now}}));
  return inserted > 0;
}

Result<AddMembersResult> PoolItemRepository::Add(int64_t org, const std::string& pool_uuid,
                                                 const std::vector<std::string>& contact_uuids,
                                                 int64_t priority) {
  AddMembersResult result;
  const db::Timestamp now{clock_.NowSeconds()};
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t pool_id, LookupId(conn_, "pools", org, pool_uuid, "Pool"));
    std::unordered_map<std::string, int64_t> ids;
    const std::string sql =
        "SELECT uuid, id FROM contacts WHERE organization_id = ? AND uuid IN (" +
        Placeholders(kLookupChunk) + ")";
    for (size_t start = 0; start < contact_uuids.size(); start += kLookupChunk) {
      db::Params params;
      params.emplace_back(org);
      for (size_t i = 0; i < kLookupChunk; ++i) {
        params.emplace_back(contact_uuids[std::min(start + i, contact_uuids.size() - 1)]);
      }
      SB_ASSIGN_OR_RETURN(auto rows, conn_.Query(sql, params));
      while (true) {
        SB_ASSIGN_OR_RETURN(bool more, rows->Next());
        if (!more) break;
        ids.emplace(rows->String(0), rows->Int(1));
      }
    }
    for (const auto& uuid : contact_uuids) {
      if (!ids.contains(uuid)) result.not_found.push_back(uuid);
    }
    if (!result.not_found.empty()) return OkStatus();  // all or nothing

    for (const auto& uuid : contact_uuids) {
      SB_ASSIGN_OR_RETURN(bool inserted, AddPendingMember(conn_, org, pool_id, ids.at(uuid),
                                                          priority, now.unix_seconds));
      if (inserted) {
        ++result.added;
      } else {
        ++result.skipped;
      }
    }
    return OkStatus();
  }));
  return result;
}

Result<domain::PoolMember> PoolItemRepository::Get(int64_t org, const std::string& pool_uuid,
                                                   const std::string& contact_uuid) {
  SB_ASSIGN_OR_RETURN(int64_t pool_id, PoolId(org, pool_uuid));
  SB_ASSIGN_OR_RETURN(auto member, FindMember(conn_, org, pool_id, contact_uuid));
  if (!member) return Error::NotFound("Pool member");
  member->pool_uuid = pool_uuid;
  return *member;
}

Result<PoolItemRepository::Updated> PoolItemRepository::Update(int64_t org,
                                                               const std::string& pool_uuid,
                                                               const std::string& contact_uuid,
                                                               const MemberChange& change) {
  const int64_t now = clock_.NowSeconds();
  std::string previous_status;
  domain::PoolItemState state;
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t pool_id, PoolId(org, pool_uuid));
    SB_ASSIGN_OR_RETURN(
        auto rows, conn_.Query(kSelectState +
                                   " FROM pool_items pi JOIN contacts c"
                                   " ON c.organization_id = pi.organization_id AND c.id ="
                                   " pi.contact_id WHERE pi.organization_id = ? AND pi.pool_id = ?"
                                   " AND c.organization_id = ? AND c.uuid = ?" +
                                   conn_.dialect().ForUpdate("pi"),
                               {org, pool_id, org, contact_uuid}));
    SB_ASSIGN_OR_RETURN(bool found, rows->Next());
    if (!found) return Error::NotFound("Pool member");
    const int64_t item_id = rows->Int(0);
    entity_sql::ReadRow<kPoolItemStateFields>(*rows, state);
    rows.reset();
    previous_status = state.status;

    if (change.move) {
      SB_ASSIGN_OR_RETURN(state, domain::ApplyManualMove(state, *change.move, now));
    }
    db::Params params;
    std::string sql =
        "UPDATE pool_items SET status = ?, retry_count = ?, started_at = ?, completed_at = ?,"
        " failed_at = ?, next_retry_at = ?, skip_reason = ?, worker_id = ?,"
        " lease_expires_at = ?, status_before_claim = ?, updated_at = ?";
    params.emplace_back(state.status);
    params.emplace_back(state.retry_count);
    params.push_back(db::NullableTime(state.started_at));
    params.push_back(db::NullableTime(state.completed_at));
    params.push_back(db::NullableTime(state.failed_at));
    params.push_back(db::NullableTime(state.next_retry_at));
    params.push_back(db::Nullable(state.skip_reason));
    params.push_back(db::Nullable(state.worker_id));
    params.push_back(db::NullableTime(state.lease_expires_at));
    params.push_back(db::Nullable(state.status_before_claim));
    params.emplace_back(db::Timestamp{now});
    if (change.priority) {
      sql += ", priority = ?";
      params.emplace_back(*change.priority);
    }
    if (change.notes) {
      sql += ", notes = ?";
      params.push_back(db::Nullable(*change.notes));
    }
    sql += " WHERE organization_id = ? AND id = ?";
    params.emplace_back(org);
    params.emplace_back(item_id);
    SB_RETURN_IF_ERROR(conn_.Exec(sql, params));
    return OkStatus();
  }));
  SB_ASSIGN_OR_RETURN(domain::PoolMember member, Get(org, pool_uuid, contact_uuid));
  return Updated{std::move(member), std::move(state), std::move(previous_status)};
}

Status PoolItemRepository::Remove(int64_t org, const std::string& pool_uuid,
                                  const std::string& contact_uuid) {
  return db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t pool_id, PoolId(org, pool_uuid));
    SB_ASSIGN_OR_RETURN(
        int64_t n, conn_.Exec("DELETE FROM pool_items WHERE organization_id = ? AND pool_id = ?"
                              " AND contact_id = (SELECT id FROM contacts WHERE organization_id = ?"
                              " AND uuid = ?)",
                              {org, pool_id, org, contact_uuid}));
    if (n == 0) return Error::NotFound("Pool member");
    return OkStatus();
  });
}

}  // namespace sb::store
