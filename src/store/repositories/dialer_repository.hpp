// The dialing queue's values (claims, worker events, the campaign preview)
// and its one row read of its own: the members whose lease ran out. The claim
// and the worker events are use cases, in services/dialer_service.hpp.
//
// Thread-safety: one repository per connection, like every repository.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/dialer.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

struct ClaimRequest {
  std::string worker_id;
  int64_t lease_seconds = 120;  // 1..3600
  int64_t limit = 1;            // 1..100
};

// One member handed to a worker.
struct ClaimedMember {
  std::string pool_uuid;
  std::string contact_uuid;
  std::string name;
  std::optional<std::string> surname;
  std::optional<std::string> phone_number;
  std::optional<std::string> email;
  std::optional<std::string> timezone;
  int64_t attempt = 1;  // the attempt this claim is for
  int64_t lease_expires_at = 0;
  std::string from_number_uuid;
  std::string from_number;
  std::string zone_decided_by;  // "timezone" or "region:US"
  std::string previous_status;  // Pending, Retrying or Scheduled
};

// What a worker reports about a member (POST .../events).
struct MemberEvent {
  domain::DialerEvent event;
  std::optional<std::string> feedback;       // into the call log
  std::optional<std::string> recording_url;  // into the call log
};

struct MemberEventResult {
  domain::PoolItemState state;
  std::optional<std::string> call_uuid;  // the call log row this event wrote
};

// What a worker asking now would get, and why the rest waits.
struct CampaignPreview {
  std::string campaign_status;
  int64_t evaluated_at = 0;
  int64_t members = 0;
  int64_t callable_now = 0;
  // Lines (numbers bound to the campaign's agent) free now, and room left under
  // the pools' max_parallel_items.
  int64_t free_lines = 0;
  int64_t free_slots = 0;
  // Every reason, with 0 for those that apply to nobody: "terminal",
  // "in_progress", "not_due" (a retry or callback later), "no_lines" (the
  // campaign has no agent or numbers), and services::kSkipReasons
  // (services/dialer_eligibility.hpp).
  std::vector<std::pair<std::string, int64_t>> reasons;
  std::optional<int64_t> next_retry_at;    // the earliest not_due member's time
  std::optional<int64_t> window_opens_at;  // the earliest outside_window opening
};

// A member held by a worker (Processing or In_Call).
struct HeldMember {
  int64_t org = 0;
  std::string pool_uuid;
  std::string contact_uuid;
};

class DialerRepository {
 public:
  DialerRepository(db::Connection& conn, const Clock& clock, IdGenerator& /*ids*/)
      : conn_(conn), clock_(clock) {}

  // The held members (in every organization) whose lease ran out by now,
  // earliest first, at most `limit`.
  Result<std::vector<HeldMember>> ExpiredLeases(int64_t limit);

 private:
  db::Connection& conn_;
  const Clock& clock_;
};

}  // namespace sb::store
