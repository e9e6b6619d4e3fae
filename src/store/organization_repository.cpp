#include "store/organization_repository.hpp"

#include "store/store_util.hpp"

namespace sb::store {

Result<Organization> OrganizationRepository::Get(int64_t org) {
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query("SELECT id, uuid, name, legal_call_start,"
                                             " legal_call_end, created_at, updated_at"
                                             " FROM organizations WHERE id = ?",
                                             {org}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return Error::NotFound("Organization");
  return Organization{rows->Int(0),    rows->String(1), rows->String(2), rows->String(3),
                      rows->String(4), rows->Time(5),   rows->Time(6)};
}

Result<Organization> OrganizationRepository::SetLegalWindow(int64_t org, const std::string& start,
                                                            const std::string& end) {
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t n,
                        conn_.Exec("UPDATE organizations SET legal_call_start = ?,"
                                   " legal_call_end = ?, updated_at = ? WHERE id = ?",
                                   {start, end, db::Timestamp{clock_.NowSeconds()}, org}));
    if (n == 0) return Error::NotFound("Organization");
    return BumpGeneration(conn_, org);
  }));
  return Get(org);
}

}  // namespace sb::store
