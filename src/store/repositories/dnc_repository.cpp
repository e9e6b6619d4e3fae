#include "store/repositories/dnc_repository.hpp"

#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

DncNumber ReadDnc(const db::Rows& r) { return DncNumber{r.String(0), r.OptString(1), r.Time(2)}; }

// The list is one organization's and small next to its contacts; the primary
// key (organization_id, number) bounds the scan and orders the page.
std::string Where(int64_t org, const DncFilter& filter, db::Params& params) {
  std::string sql = " WHERE organization_id = ?";
  params.emplace_back(org);
  if (filter.search) {
    sql += " AND number LIKE ? ESCAPE '\\'";
    params.emplace_back(LikeContains(*filter.search));
  }
  return sql;
}

}  // namespace

std::string DncFilter::Key() const { return "dnc|" + search.value_or(""); }

Result<std::vector<DncNumber>> DncRepository::List(int64_t org, const DncFilter& filter,
                                                   const domain::PageRequest& page) {
  db::Params params;
  std::string sql = "SELECT number, reason, created_at FROM dnc_numbers" +
                    Where(org, filter, params) + " ORDER BY number LIMIT ? OFFSET ?";
  params.emplace_back(page.per_page);
  params.emplace_back(page.Offset());
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query(sql, params));
  std::vector<DncNumber> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back(ReadDnc(*rows));
  }
  return out;
}

Result<int64_t> DncRepository::Count(int64_t org, const DncFilter& filter) {
  db::Params params;
  std::string sql = "SELECT COUNT(*) FROM dnc_numbers" + Where(org, filter, params);
  SB_ASSIGN_OR_RETURN(auto n, conn_.QueryInt(sql, params));
  return n.value_or(0);
}

Result<std::optional<DncNumber>> DncRepository::Find(int64_t org, const std::string& e164) {
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query("SELECT number, reason, created_at FROM dnc_numbers"
                                             " WHERE organization_id = ? AND number = ?",
                                             {org, e164}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return std::optional<DncNumber>();
  return std::optional<DncNumber>(ReadDnc(*rows));
}

Result<DncAddResult> DncRepository::Add(int64_t org, const std::string& e164,
                                        const std::optional<std::string>& reason) {
  DncAddResult result;
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(
        int64_t inserted,
        conn_.Exec("INSERT INTO dnc_numbers (organization_id, number, reason, created_at)"
                   " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                   {org, e164, db::Nullable(reason), db::Timestamp{clock_.NowSeconds()}}));
    result.created = inserted > 0;
    SB_ASSIGN_OR_RETURN(auto entry, Find(org, e164));
    if (!entry) return Error::Internal("do-not-call number vanished after insert");
    result.entry = *entry;
    return OkStatus();
  }));
  return result;
}

Status DncRepository::Remove(int64_t org, const std::string& e164) {
  return db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t n, conn_.Exec("DELETE FROM dnc_numbers WHERE organization_id = ?"
                                              " AND number = ?",
                                              {org, e164}));
    if (n == 0) return Error::NotFound("Do-not-call number");
    return OkStatus();
  });
}

Result<bool> DncRepository::Contains(int64_t org, const std::string& e164) {
  SB_ASSIGN_OR_RETURN(auto found, conn_.QueryInt("SELECT 1 FROM dnc_numbers WHERE"
                                                 " organization_id = ? AND number = ?",
                                                 {org, e164}));
  return found.has_value();
}

}  // namespace sb::store
