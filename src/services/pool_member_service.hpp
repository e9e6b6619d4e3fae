// Adding contacts to a pool, changing a member and removing one. Each runs in
// one unit of work (services/unit_of_work.hpp). The HTTP handlers
// (api/pool_members.cpp) call these, never the repository's writes.
//
// Thread-safety: none; one service per connection.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/pool.hpp"
#include "store/drivers/database.hpp"
#include "store/repositories/pool_item_repository.hpp"

namespace sb::services {

class PoolMemberService {
 public:
  PoolMemberService(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // Adds the contacts (public uuids) to the pool as Pending members with
  // `priority`, all or nothing: when any uuid is not a contact of the
  // organization the answer is a 422 naming contact_uuids (the message lists
  // the unknown ones) and nothing is added. Contacts already in the pool are
  // counted as skipped; when none is added the write generation stays. 404
  // "Pool".
  Result<store::AddMembersResult> Add(int64_t org, const std::string& pool_uuid,
                                      const std::vector<std::string>& contact_uuids,
                                      int64_t priority);
  // store::PoolItemRepository::Update's rules and failures.
  Result<domain::PoolMember> Update(int64_t org, const std::string& pool_uuid,
                                    const std::string& contact_uuid,
                                    const store::MemberChange& change);
  // 404 "Pool" or "Pool member".
  Status Remove(int64_t org, const std::string& pool_uuid, const std::string& contact_uuid);

 private:
  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::services
