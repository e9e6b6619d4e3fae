#include "store/repositories/dialer_repository.hpp"

namespace sb::store {

Result<std::vector<HeldMember>> DialerRepository::ExpiredLeases(int64_t limit) {
  std::vector<HeldMember> expired;
  SB_ASSIGN_OR_RETURN(
      auto rows,
      conn_.Query("SELECT pi.organization_id, p.uuid, c.uuid FROM pool_items pi"
                  " JOIN pools p ON p.organization_id = pi.organization_id AND p.id = pi.pool_id"
                  " JOIN contacts c ON c.organization_id = pi.organization_id"
                  " AND c.id = pi.contact_id"
                  " WHERE pi.status IN ('Processing', 'In_Call') AND pi.lease_expires_at <= ?"
                  " ORDER BY pi.lease_expires_at LIMIT ?",
                  {db::Timestamp{clock_.NowSeconds()}, limit}));
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    expired.push_back({rows->Int(0), rows->String(1), rows->String(2)});
  }
  return expired;
}

}  // namespace sb::store
