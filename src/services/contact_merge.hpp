// Merging two contacts that are one person: the merge rules. Scoped by the
// unit of work's organization; another organization's contact is not found.
// Not thread-safe: one unit of work per connection.
#pragma once

#include <string>

#include "domain/contact.hpp"
#include "services/unit_of_work.hpp"

namespace sb::services {

// Merges contact `source_uuid` into `target_uuid`, inside `uow` (its
// organization, time and outbox):
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
Result<domain::Contact> MergeContacts(UnitOfWork& uow, const std::string& target_uuid,
                                      const std::string& source_uuid);

}  // namespace sb::services
