// Writing one row of the call log, shared by the calls API and the dialer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/drivers/database.hpp"

namespace sb::store {

// A call to record, by internal ids (the caller has resolved and checked them).
struct CallRow {
  std::string uuid;
  int64_t contact_id = 0;
  std::optional<int64_t> agent_id;
  std::optional<int64_t> phone_number_id;
  std::optional<int64_t> campaign_id;
  std::optional<int64_t> pool_id;
  std::optional<int64_t> attempt;
  std::string direction = "outbound";
  std::string status;
  int64_t started_at = 0;
  int64_t duration = 0;
  std::optional<std::string> feedback;
  std::optional<std::string> recording_url;
};

// Inserts the call and copies its status, start, duration and feedback to the
// contact's last_call_* fields when it is the contact's latest call. Run
// inside the caller's transaction; `now` stamps the row.
Status InsertCallRow(db::Connection& conn, int64_t org, const CallRow& call, int64_t now);

}  // namespace sb::store
