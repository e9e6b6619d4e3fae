#include "services/pool_member_service.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "services/outbox_events.hpp"
#include "services/unit_of_work.hpp"

namespace sb::services {

Result<store::AddMembersResult> PoolMemberService::Add(
    int64_t org, const std::string& pool_uuid, const std::vector<std::string>& contact_uuids,
    int64_t priority) {
  return InUnitOfWork(
      conn_, org, clock_, ids_, [&](UnitOfWork& uow) -> Result<store::AddMembersResult> {
        store::PoolItemRepository members(conn_, clock_, ids_);
        SB_ASSIGN_OR_RETURN(auto added, members.Add(org, pool_uuid, contact_uuids, priority));
        if (!added.not_found.empty()) {
          return Error::Validation("contact_uuids",
                                   fmt::format("These contact_uuids were not found: {}.",
                                               fmt::join(added.not_found, ", ")));
        }
        if (added.added == 0) uow.NothingChanged();
        return added;
      });
}

Result<domain::PoolMember> PoolMemberService::Update(int64_t org, const std::string& pool_uuid,
                                                     const std::string& contact_uuid,
                                                     const store::MemberChange& change) {
  return InUnitOfWork(conn_, org, clock_, ids_, [&](UnitOfWork& uow) -> Result<domain::PoolMember> {
    SB_ASSIGN_OR_RETURN(auto updated, store::PoolItemRepository(conn_, clock_, ids_)
                                          .Update(org, pool_uuid, contact_uuid, change));
    SB_RETURN_IF_ERROR(outbox_events::PoolMemberStatusChanged(
        uow.outbox(), {pool_uuid, contact_uuid, updated.previous_status, updated.state}));
    return std::move(updated.member);
  });
}

Status PoolMemberService::Remove(int64_t org, const std::string& pool_uuid,
                                 const std::string& contact_uuid) {
  return InUnitOfWork(conn_, org, clock_, ids_, [&] {
    return store::PoolItemRepository(conn_, clock_, ids_).Remove(org, pool_uuid, contact_uuid);
  });
}

}  // namespace sb::services
