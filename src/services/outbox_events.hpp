// The webhook events the use cases emit into their unit of work's outbox
// (store/repositories/event_outbox.hpp), with their `data` documents as
// docs/API.md ("Webhooks") describes them. The services decide which changes
// emit which events and call these; repositories emit nothing. Each function
// runs inside the transaction of the change, reads what the event describes
// (store/repositories/event_rows.hpp) and reads or writes nothing when no
// active webhook subscribes to its event type (one query per outbox decides
// that).
//
// Thread-safety: none (one connection's transaction).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/contact_import.hpp"
#include "domain/pool.hpp"
#include "store/drivers/database.hpp"
#include "store/repositories/contact_bulk.hpp"
#include "store/repositories/event_outbox.hpp"

namespace sb::services::outbox_events {

using store::EventOutbox;

inline constexpr std::string_view kContactCreated = "contact.created";
inline constexpr std::string_view kContactUpdated = "contact.updated";
inline constexpr std::string_view kContactDeleted = "contact.deleted";
inline constexpr std::string_view kPoolMemberStatusChanged = "pool_member.status_changed";
inline constexpr std::string_view kCallRecorded = "call.recorded";
inline constexpr std::string_view kCampaignStatusChanged = "campaign.status_changed";
inline constexpr std::string_view kImportCompleted = "import.completed";

// One contact.* event per contact id (of `org`), data {"contact": {...}} read
// from the contact's row as it is now in the transaction; a contact.deleted is
// emitted before the row goes. `merged_into`, when not empty, is added to the
// data (the contact merged away into that one).
Status Contacts(EventOutbox& outbox, db::Connection& conn, int64_t org, std::string_view type,
                const std::vector<int64_t>& contact_ids, const std::string& merged_into = "");
// The same for contacts named by uuid; uuids that name no contact are skipped.
Status ContactsByUuid(EventOutbox& outbox, db::Connection& conn, int64_t org, std::string_view type,
                      const std::vector<std::string>& uuids);

// A pool member's status went from `previous_status` to `state.status`;
// nothing when they are equal.
struct MemberStatusChange {
  std::string pool_uuid;
  std::string contact_uuid;
  std::string previous_status;
  domain::PoolItemState state;  // after the change
};
Status PoolMemberStatusChanged(EventOutbox& outbox, const MemberStatusChange& change);

// call.recorded for the call with this uuid (just inserted).
Status CallRecorded(EventOutbox& outbox, db::Connection& conn, int64_t org,
                    const std::string& call_uuid);

// campaign.status_changed of the campaign with this uuid and name; nothing
// when the statuses are equal.
Status CampaignStatusChanged(EventOutbox& outbox, const std::string& uuid, const std::string& name,
                             const std::string& previous_status, const std::string& status);

// import.completed for `import` as it is once finished (its status, error
// and finish time set): data {"import": {...}} as GET /api/v1/imports/{uuid}
// shows it (services/import_json.hpp).
Status ImportCompleted(EventOutbox& outbox, const domain::ContactImport& import, int64_t now);

// The events of a bulk upsert (or an import batch) that wrote `result`: one
// per contact written, a contact created earlier in the call and updated by
// a later item reported once, as created (with its final fields).
Status UpsertedContacts(EventOutbox& outbox, db::Connection& conn, int64_t org,
                        const store::BulkUpsertResult& result);

}  // namespace sb::services::outbox_events
