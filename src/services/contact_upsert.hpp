// Many contacts created or updated in one unit of work, with a result per
// item: the rules of POST /api/v1/contacts/bulk and of an import's batch.
//
// Each item is created, or updates the existing contact its key
// (options.key, store::UpsertKeyValue) names — or a contact an earlier item
// of the same call wrote — as POST /api/v1/contacts or PATCH
// /api/v1/contacts/{uuid} would (only the item's fields change; tag_uuids and
// assignee_uuids replace their sets when given). options.on_match says what a
// match does: update, skip, or fail naming the key's field. An item that fails
// validation, names an unknown stage/owner/assignee/tag, or takes a number
// another contact has is reported (naming the field) and not written; the
// others are. The unit of work gets one contact.created or contact.updated
// event per contact written (services/outbox_events.hpp).
//
// Thread-safety: none (the unit of work's connection).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/unit_of_work.hpp"
#include "store/repositories/contact_bulk.hpp"

namespace sb::services {

// Creates are made by `user_id` (0: nobody) and owned by `default_owner_uuid`
// unless the item names an owner.
Result<store::BulkUpsertResult> UpsertContacts(UnitOfWork& uow, int64_t user_id,
                                               const std::optional<std::string>& default_owner_uuid,
                                               const store::UpsertOptions& options,
                                               const std::vector<store::BulkContactItem>& items);

}  // namespace sb::services
