#include "store/repositories/organization_repository.hpp"

#include "store/repositories/store_util.hpp"

namespace sb::store {

Result<Organization> OrganizationRepository::GetWhere(const std::string& where,
                                                      const db::Params& params,
                                                      const char* missing) {
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query("SELECT o.id, o.uuid, o.name, o.legal_call_start,"
                                             " o.legal_call_end, o.created_at, o.updated_at"
                                             " FROM organizations o " +
                                                 where,
                                             params));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return Error::NotFound(missing);
  return Organization{rows->Int(0),    rows->String(1), rows->String(2), rows->String(3),
                      rows->String(4), rows->Time(5),   rows->Time(6)};
}

Result<Organization> OrganizationRepository::Get(int64_t org) {
  return GetWhere("WHERE o.id = ?", {org}, "Organization");
}

Result<Organization> OrganizationRepository::FindByName(const std::string& name) {
  return GetWhere("WHERE o.name = ?", {name}, "Organization");
}

Result<Organization> OrganizationRepository::FindByCampaign(const std::string& campaign_uuid) {
  return GetWhere(
      "JOIN campaigns k ON k.organization_id = o.id WHERE k.uuid = ? ORDER BY o.id LIMIT 1",
      {campaign_uuid}, "Campaign");
}

Result<Organization> OrganizationRepository::SetLegalWindow(int64_t org, const std::string& start,
                                                            const std::string& end) {
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t n,
                        conn_.Exec("UPDATE organizations SET legal_call_start = ?,"
                                   " legal_call_end = ?, updated_at = ? WHERE id = ?",
                                   {start, end, db::Timestamp{clock_.NowSeconds()}, org}));
    if (n == 0) return Error::NotFound("Organization");
    return OkStatus();
  }));
  return Get(org);
}

}  // namespace sb::store
