// The dialing queue: workers claim due pool members of an Active campaign,
// report what happened, and leases that run out are returned by the sweeper.
// The decisions are domain/dialer.hpp's and domain/calling_window.hpp's; this
// is where they meet the rows.
//
// Concurrency: a claim locks the campaign's pools (and then the numbers it
// hands out) in id order before it counts what is in flight, so
// max_parallel_items and each number's channel_limit hold with any number of
// claimers in any number of processes; candidate members are read with
// FOR UPDATE SKIP LOCKED on PostgreSQL, and SQLite runs the whole claim in one
// immediate transaction. A member is handed to exactly one worker per attempt.
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
#include "store/repositories/event_outbox.hpp"

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
  // campaign has no agent or numbers), and store::kSkipReasons.
  std::vector<std::pair<std::string, int64_t>> reasons;
  std::optional<int64_t> next_retry_at;    // the earliest not_due member's time
  std::optional<int64_t> window_opens_at;  // the earliest outside_window opening
};

class DialerRepository {
 public:
  DialerRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // Hands out up to `limit` due members. 404 "Campaign"; 409 naming `status`
  // unless the campaign is Active. An empty list when nothing is callable now.
  Result<std::vector<ClaimedMember>> Claim(int64_t org, const std::string& campaign_uuid,
                                           const ClaimRequest& request);

  // Applies a worker's event to the member (see domain::ApplyDialerEvent for
  // the 409s and 422s); writes the call log when an attempt ended, and on an
  // opt-out flags the contact do-not-call and, when the rule says so, skips
  // it in every pool. 404 "Pool" / "Pool member". Emits
  // pool_member.status_changed for every member whose status changes,
  // call.recorded and campaign.status_changed (a campaign completed).
  Result<MemberEventResult> ApplyEvent(int64_t org, const std::string& pool_uuid,
                                       const std::string& contact_uuid, const MemberEvent& event);

  // Evaluates every member of the campaign's active pools as a claim would
  // now, without claiming. 404 "Campaign".
  Result<CampaignPreview> Preview(int64_t org, const std::string& campaign_uuid);

  // Returns members whose lease ran out (in every organization), at most
  // `limit`; the number returned. Safe to run from several processes.
  Result<int64_t> SweepExpiredLeases(int64_t limit);

 private:
  Status ReportOptOutSkips(EventOutbox& outbox, int64_t org, int64_t contact_id,
                           const std::string& contact_uuid);

  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::store
