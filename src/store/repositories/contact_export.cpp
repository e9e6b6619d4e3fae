#include "store/repositories/contact_export.hpp"

#include <utility>

#include "store/repositories/contact_links.hpp"
#include "store/repositories/contact_sql.hpp"

namespace sb::store {
namespace {

// The campaign column: through the pools that hold the contact, newest pool
// first (pool_items_contact and campaign_pools_pool serve it).
constexpr const char* kCampaignColumn =
    ", (SELECT cam.uuid FROM pool_items pi JOIN campaign_pools cp"
    " ON cp.organization_id = pi.organization_id AND cp.pool_id = pi.pool_id"
    " JOIN campaigns cam ON cam.organization_id = cp.organization_id AND cam.id = cp.campaign_id"
    " WHERE pi.organization_id = c.organization_id AND pi.contact_id = c.id"
    " ORDER BY pi.pool_id DESC, cam.id DESC LIMIT 1)";
constexpr int kCampaignIndex = static_cast<int>(contact_sql::kColumnCount);  // after kColumns

// Loads the batch's tags and assignees.
Status LoadLinks(db::Connection& conn, int64_t org, std::vector<ExportedContact>& batch) {
  if (batch.empty()) return OkStatus();
  std::vector<domain::Contact> contacts;
  contacts.reserve(batch.size());
  for (auto& e : batch) contacts.push_back(std::move(e.contact));
  SB_RETURN_IF_ERROR(contact_links::LoadTagsAndAssignees(conn, org, contacts));
  for (size_t i = 0; i < batch.size(); ++i) batch[i].contact = std::move(contacts[i]);
  return OkStatus();
}

// Hands the batch out and empties it.
Status Emit(std::vector<ExportedContact>& batch, const ContactBatchFn& emit) {
  if (batch.empty()) return OkStatus();
  SB_RETURN_IF_ERROR(emit(batch));
  batch.clear();
  return OkStatus();
}

}  // namespace

namespace {

// WHERE for `filter`, with its parameters.
std::string WhereFor(db::Connection& conn, int64_t org, const domain::ContactFilter& filter,
                     db::Params& params) {
  bool trigram = filter.search && conn.dialect().SearchDrivesQuery(*filter.search);
  std::string where = trigram ? " WHERE +c.organization_id = ?" : " WHERE c.organization_id = ?";
  params.emplace_back(org);
  contact_sql::AppendFilter(conn.dialect(), org, filter, where, params);
  return where;
}

// Runs `select_list` (which starts with c.id) over the matching contacts
// newest first, `batch_size` rows per statement, resuming below the last id
// read (keyset: no row skipped or repeated between batches), and calls `row`
// for each and `complete` after each batch, on the batch's connection; then
// gives the connection back and calls `after_batch`. So no connection is held
// while the caller writes to a slow client, and neither engine holds more
// than one batch.
Status ForEachMatchingRow(db::Database& db, int64_t org, const domain::ContactFilter& filter,
                          const std::string& select_list, size_t batch_size,
                          const std::function<Status(const db::Rows&)>& row,
                          const std::function<Status(db::Connection&)>& complete,
                          const std::function<Status()>& after_batch) {
  std::optional<int64_t> below;
  while (true) {
    SB_ASSIGN_OR_RETURN(auto lease, db.Acquire());
    db::Connection& conn = *lease;
    db::Params params;
    std::string where = WhereFor(conn, org, filter, params);
    if (below) {
      where += " AND c.id < ?";
      params.emplace_back(*below);
    }
    params.emplace_back(static_cast<int64_t>(batch_size));
    std::string sql = "SELECT " + select_list;
    sql += contact_sql::kFrom;
    sql += where;
    sql += " ORDER BY c.id DESC LIMIT ?";
    SB_ASSIGN_OR_RETURN(auto rows, conn.Query(sql, params));
    size_t read = 0;
    while (true) {
      SB_ASSIGN_OR_RETURN(bool more, rows->Next());
      if (!more) break;
      ++read;
      below = rows->Int(0);
      SB_RETURN_IF_ERROR(row(*rows));
    }
    rows.reset();
    SB_RETURN_IF_ERROR(complete(conn));
    lease.reset();
    SB_RETURN_IF_ERROR(after_batch());
    if (read < batch_size) return OkStatus();
  }
}

}  // namespace

Status ForEachContactBatch(db::Database& db, int64_t org, const domain::ContactFilter& filter,
                           const std::optional<domain::PageRequest>& page, size_t batch_size,
                           const ContactBatchFn& emit) {
  std::vector<ExportedContact> batch;
  batch.reserve(batch_size);
  if (!page) {
    return ForEachMatchingRow(
        db, org, filter, std::string(contact_sql::kColumns) + kCampaignColumn, batch_size,
        [&](const db::Rows& rows) -> Status {
          batch.push_back({contact_sql::ReadContact(rows), rows.OptString(kCampaignIndex)});
          return OkStatus();
        },
        [&](db::Connection& conn) { return LoadLinks(conn, org, batch); },
        [&]() { return Emit(batch, emit); });
  }
  // One page: at most one page of rows (per_page is capped), read whole on
  // one connection, then handed out without it.
  SB_ASSIGN_OR_RETURN(auto lease, db.Acquire());
  db::Connection& conn = *lease;
  db::Params params;
  std::string where = WhereFor(conn, org, filter, params);
  std::string sql = std::string("SELECT ") + contact_sql::kColumns + kCampaignColumn +
                    contact_sql::kFrom + where + " ORDER BY c.id DESC LIMIT ? OFFSET ?";
  params.emplace_back(page->per_page);
  params.emplace_back(page->Offset());
  SB_ASSIGN_OR_RETURN(auto rows, conn.Query(sql, params));
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    batch.push_back({contact_sql::ReadContact(*rows), rows->OptString(kCampaignIndex)});
  }
  rows.reset();
  SB_RETURN_IF_ERROR(LoadLinks(conn, org, batch));
  lease.reset();
  std::vector<ExportedContact> part;
  for (auto& e : batch) {
    part.push_back(std::move(e));
    if (part.size() >= batch_size) SB_RETURN_IF_ERROR(Emit(part, emit));
  }
  return Emit(part, emit);
}

Status ForEachContactMetadata(db::Database& db, int64_t org, const domain::ContactFilter& filter,
                              size_t batch_size,
                              const std::function<Status(std::string_view)>& emit) {
  return ForEachMatchingRow(
      db, org, filter, "c.id, c.metadata", batch_size,
      [&](const db::Rows& rows) { return emit(rows.Text(1)); },
      [](db::Connection&) { return OkStatus(); }, [] { return OkStatus(); });
}

}  // namespace sb::store
