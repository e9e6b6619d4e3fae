// The rows a webhook event describes, read inside the transaction of the
// change that emits it (services/outbox_events.hpp writes the events' data
// from them). Reads only; no event is decided or written here.
//
// Thread-safety: none (one connection's transaction).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/contact.hpp"
#include "store/drivers/database.hpp"

namespace sb::store::event_rows {

// The contacts of `org` with these ids (or uuids), in id order, with the
// fields of a contact event's data only: uuid, name, surname, email,
// phone_number, country_code, status, do_not_call, created_at and
// updated_at (no tags, assignees or references). Ids and uuids that name no
// contact are skipped.
Result<std::vector<domain::Contact>> ContactsById(db::Connection& conn, int64_t org,
                                                  const std::vector<int64_t>& ids);
Result<std::vector<domain::Contact>> ContactsByUuid(db::Connection& conn, int64_t org,
                                                    const std::vector<std::string>& uuids);

// A recorded call with its references shown as uuids (call.recorded).
struct RecordedCall {
  std::string uuid;
  std::string contact_uuid;
  std::optional<std::string> agent_uuid;
  std::optional<std::string> phone_number_uuid;
  std::optional<std::string> campaign_uuid;
  std::optional<std::string> pool_uuid;
  std::string direction;
  std::string status;
  int64_t started_at = 0;
  int64_t duration = 0;
  std::optional<std::string> feedback;
  std::optional<std::string> recording_url;
  std::optional<int64_t> attempt;
};

// The call of `org` with this uuid; kInternal when it is not there (it was
// just inserted by the same transaction).
Result<RecordedCall> Call(db::Connection& conn, int64_t org, const std::string& call_uuid);

}  // namespace sb::store::event_rows
