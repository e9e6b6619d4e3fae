// The events the store's own changes emit into the outbox (event_outbox.hpp),
// with their `data` documents as docs/API.md ("Webhooks") describes them.
// Each function runs inside the transaction of the change, on the outbox made
// for it, and reads or writes nothing when no active webhook subscribes to
// its event type (one query per outbox decides that).
//
// Thread-safety: none (one connection's transaction).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/pool.hpp"
#include "store/drivers/database.hpp"
#include "store/repositories/event_outbox.hpp"

namespace sb::store::outbox_events {

inline constexpr std::string_view kContactCreated = "contact.created";
inline constexpr std::string_view kContactUpdated = "contact.updated";
inline constexpr std::string_view kContactDeleted = "contact.deleted";
inline constexpr std::string_view kPoolMemberStatusChanged = "pool_member.status_changed";
inline constexpr std::string_view kCallRecorded = "call.recorded";
inline constexpr std::string_view kCampaignStatusChanged = "campaign.status_changed";

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

// campaign.status_changed; nothing when the statuses are equal.
Status CampaignStatusChanged(EventOutbox& outbox, db::Connection& conn, int64_t org,
                             int64_t campaign_id, const std::string& previous_status,
                             const std::string& status);

}  // namespace sb::store::outbox_events
