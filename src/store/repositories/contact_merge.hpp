// Merging two contacts that are one person. Scoped by organization id;
// another organization's contact is not found. Not thread-safe: one
// repository per connection.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/contact.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

class ContactMergeRepository {
 public:
  ContactMergeRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // Merges contact `source_uuid` into `target_uuid`, in one transaction:
  // - the source's tags and assignees are added to the target's;
  // - its pool memberships move to the target; where both are members of one
  //   pool, one membership is kept: the target's, unless the target's is
  //   Pending and the source's is not (the one with progress wins);
  // - its calls and messages move to the target, and the target's last call
  //   and last message become the later of the two;
  // - every field that is null on the target is taken from the source (the
  //   phone number with its type and country), and metadata keys the target
  //   lacks are copied; an opt-out (do_not_call) on either is kept;
  // - the source is deleted.
  // Emits contact.deleted for the source (its data names the target in
  // "merged_into") and contact.updated for the target.
  // 422 naming from_uuid when both name the same contact; 404 when either is
  // not the organization's. Returns the merged target.
  Result<domain::Contact> Merge(int64_t org, const std::string& target_uuid,
                                const std::string& source_uuid);

 private:
  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::store
