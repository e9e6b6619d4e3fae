// The members of a pool (pool_items joined to their contacts). Every call is
// scoped by organization id; a pool, contact or member of another organization
// is reported as not found. Not thread-safe: use one repository per connection.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/pagination.hpp"
#include "domain/pool.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

struct PoolMemberFilter {
  // Case-insensitive substring of the contact's name, surname, email or phone
  // number: the trigram index for 3+ characters, a LIKE scan of the pool's
  // members for shorter terms (a trigram index cannot serve those).
  std::optional<std::string> search;
  std::optional<std::string> status;

  // A stable text form, for keying cached totals (with the pool id).
  std::string Key(int64_t pool_id) const;
};

struct AddMembersResult {
  int64_t added = 0;
  int64_t skipped = 0;                 // already members (or repeated in the request)
  std::vector<std::string> not_found;  // in request order; nothing is written when non-empty
};

// A PATCH of a member: absent fields are left alone.
struct MemberChange {
  std::optional<int64_t> priority;
  std::optional<std::optional<std::string>> notes;  // a value, or explicit null to clear
  std::optional<domain::ManualMove> move;
};

// Adds the contact to the pool as a Pending member inside the caller's
// transaction; false when it already is one.
Result<bool> AddPendingMember(db::Connection& conn, int64_t org, int64_t pool_id,
                              int64_t contact_id, int64_t priority, int64_t now);

class PoolItemRepository {
 public:
  PoolItemRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // The internal id of the pool `pool_uuid`; 404 "Pool" when absent.
  Result<int64_t> PoolId(int64_t org, const std::string& pool_uuid);

  // One page of matching members in insertion order (pool_uuid left empty).
  Result<std::vector<domain::PoolMember>> List(int64_t org, int64_t pool_id,
                                               const PoolMemberFilter& filter,
                                               const domain::PageRequest& page);
  // How many members match; without a search this is answered from the
  // (organization_id, pool_id, status) index alone.
  Result<int64_t> Count(int64_t org, int64_t pool_id, const PoolMemberFilter& filter);

  // Adds the contacts (public uuids) as Pending members with `priority`, in
  // request order, all in one transaction. When any uuid is not a contact of
  // the organization nothing is written and `not_found` lists them.
  Result<AddMembersResult> Add(int64_t org, const std::string& pool_uuid,
                               const std::vector<std::string>& contact_uuids, int64_t priority);

  // 404 "Pool" or "Pool member".
  Result<domain::PoolMember> Get(int64_t org, const std::string& pool_uuid,
                                 const std::string& contact_uuid);
  // Applies `change` in one transaction; a status move follows
  // domain::ApplyManualMove (422/409 as it reports). The member after the
  // change, its state after it and its status before it.
  struct Updated {
    domain::PoolMember member;
    domain::PoolItemState state;
    std::string previous_status;
  };
  Result<Updated> Update(int64_t org, const std::string& pool_uuid, const std::string& contact_uuid,
                         const MemberChange& change);
  Status Remove(int64_t org, const std::string& pool_uuid, const std::string& contact_uuid);

 private:
  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::store
