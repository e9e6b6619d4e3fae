#include "store/repositories/pool_repository.hpp"

#include "domain/pool_entity.hpp"
#include "store/drivers/dialect.hpp"
#include "store/repositories/entity_sql.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

using domain::kPoolEntity;

// The declared columns, then contacts_count: read from pool_items_pool_status
// (its leading columns are organization_id, pool_id), so it never touches the
// pool_items table itself.
const std::string kSelect =
    "SELECT " + entity_sql::SelectList(kPoolEntity, "p") +
    ", (SELECT COUNT(*) FROM pool_items pi WHERE pi.organization_id = p.organization_id"
    " AND pi.pool_id = p.id) AS contacts_count FROM pools p" +
    entity_sql::Joins(kPoolEntity, "p") + " ";
// contacts_count follows the declared columns.
constexpr int kContactsCountColumn = static_cast<int>(domain::ResultNames<kPoolEntity>().size());

domain::Pool ReadPool(const db::Rows& r) {
  domain::Pool p;
  entity_sql::ReadRow<kPoolEntity>(r, p);
  p.contacts_count = r.Int(kContactsCountColumn);
  return p;
}

// "WHERE ..." for `filter`, appending its parameters to `params`.
std::string Where(const db::Connection& conn, int64_t org, const PoolFilter& filter,
                  db::Params& params) {
  std::string sql = "WHERE p.organization_id = ?";
  params.emplace_back(org);
  if (filter.search) {
    sql += " AND " + conn.dialect().ILike("p.name");
    params.emplace_back(LikeContains(*filter.search));
  }
  if (filter.type) {
    sql += " AND p.type = ?";
    params.emplace_back(*filter.type);
  }
  if (filter.is_active) {
    sql += " AND p.is_active = ?";
    params.emplace_back(int64_t{*filter.is_active ? 1 : 0});
  }
  return sql;
}

}  // namespace

std::string PoolFilter::Key() const {
  std::string key = "pools|";
  key += type.value_or("");
  key += '|';
  key += is_active ? (*is_active ? "1" : "0") : "";
  key += '|';
  key += search.value_or("");
  return key;
}

Result<std::vector<domain::Pool>> PoolRepository::List(int64_t org, const PoolFilter& filter,
                                                       const domain::PageRequest& page) {
  db::Params params;
  std::string sql =
      kSelect + Where(conn_, org, filter, params) + " ORDER BY p.id DESC LIMIT ? OFFSET ?";
  params.emplace_back(page.per_page);
  params.emplace_back(page.Offset());
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query(sql, params));
  std::vector<domain::Pool> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back(ReadPool(*rows));
  }
  return out;
}

Result<int64_t> PoolRepository::Count(int64_t org, const PoolFilter& filter) {
  db::Params params;
  std::string sql = "SELECT COUNT(*) FROM pools p " + Where(conn_, org, filter, params);
  SB_ASSIGN_OR_RETURN(auto n, conn_.QueryInt(sql, params));
  return n.value_or(0);
}

Result<domain::Pool> PoolRepository::Get(int64_t org, const std::string& uuid) {
  SB_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(kSelect + "WHERE p.organization_id = ? AND p.uuid = ?", {org, uuid}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return Error::NotFound("Pool");
  return ReadPool(*rows);
}

Result<domain::Pool> PoolRepository::Create(int64_t org, const PoolFields& f) {
  // Unset fields keep the entity's defaults.
  domain::Pool p;
  p.name = f.name.value_or("");
  p.description = f.description.value_or("");
  if (f.type) p.type = *f.type;
  if (f.max_parallel_items) p.max_parallel_items = *f.max_parallel_items;
  if (f.max_retries) p.max_retries = *f.max_retries;
  if (f.is_active) p.is_active = *f.is_active;
  std::string uuid = ids_.NewUuid();
  const db::Timestamp now{clock_.NowSeconds()};
  static const std::string kInsert = "INSERT INTO pools (organization_id, uuid, " +
                                     entity_sql::StoredColumns(kPoolEntity) +
                                     ", created_at, updated_at) VALUES (?, ?, " +
                                     Placeholders(entity_sql::StoredCount(kPoolEntity)) + ", ?, ?)";
  db::Params params = entity_sql::StoredValues(kPoolEntity, p, [](const domain::PoolField&) {
    return db::Value(db::Null{});  // a pool refers to no other row
  });
  params.insert(params.begin(), {db::Value(org), db::Value(uuid)});
  params.emplace_back(now);
  params.emplace_back(now);
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_RETURN_IF_ERROR(conn_.Exec(kInsert, params));
    return OkStatus();
  }));
  return Get(org, uuid);
}

Result<domain::Pool> PoolRepository::Update(int64_t org, const std::string& uuid,
                                            const PoolFields& f) {
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    // COALESCE keeps the stored value for every field the caller left out.
    SB_ASSIGN_OR_RETURN(
        int64_t n,
        conn_.Exec("UPDATE pools SET name = COALESCE(?, name),"
                   " description = COALESCE(?, description), type = COALESCE(?, type),"
                   " max_parallel_items = COALESCE(?, max_parallel_items),"
                   " max_retries = COALESCE(?, max_retries), is_active = COALESCE(?, is_active),"
                   " updated_at = ? WHERE organization_id = ? AND uuid = ?",
                   {db::Nullable(f.name), db::Nullable(f.description), db::Nullable(f.type),
                    db::Nullable(f.max_parallel_items), db::Nullable(f.max_retries),
                    f.is_active ? db::Value(int64_t{*f.is_active ? 1 : 0}) : db::Value(db::Null{}),
                    db::Timestamp{clock_.NowSeconds()}, org, uuid}));
    if (n == 0) return Error::NotFound("Pool");
    return OkStatus();
  }));
  return Get(org, uuid);
}

Status PoolRepository::Delete(int64_t org, const std::string& uuid) {
  return db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(
        int64_t n,
        conn_.Exec("DELETE FROM pools WHERE organization_id = ? AND uuid = ?", {org, uuid}));
    if (n == 0) return Error::NotFound("Pool");
    return OkStatus();
  });
}

Result<domain::Pool> PoolRepository::Duplicate(int64_t org, const std::string& uuid,
                                               const std::string& name, bool copy_members) {
  std::string new_uuid = ids_.NewUuid();
  const db::Timestamp now{clock_.NowSeconds()};
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t source_id, LookupId(conn_, "pools", org, uuid, "Pool"));
    SB_RETURN_IF_ERROR(conn_.Exec(
        "INSERT INTO pools (organization_id, uuid, name, description, type, max_parallel_items,"
        " max_retries, is_active, created_at, updated_at)"
        " SELECT organization_id, ?, ?, description, type, max_parallel_items, max_retries,"
        " is_active, ?, ? FROM pools WHERE organization_id = ? AND id = ?",
        {new_uuid, name, now, now, org, source_id}));
    if (copy_members) {
      SB_ASSIGN_OR_RETURN(int64_t new_id, LookupId(conn_, "pools", org, new_uuid, "Pool"));
      SB_RETURN_IF_ERROR(conn_.Exec(
          "INSERT INTO pool_items (organization_id, pool_id, contact_id, status, priority, notes,"
          " added_at, updated_at)"
          " SELECT organization_id, ?, contact_id, 'Pending', priority, notes, ?, ?"
          " FROM pool_items WHERE organization_id = ? AND pool_id = ? ORDER BY id",
          {new_id, now, now, org, source_id}));
    }
    return OkStatus();
  }));
  return Get(org, new_uuid);
}

}  // namespace sb::store
