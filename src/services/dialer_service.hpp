// The dialing queue's use cases: workers claim due pool members of an Active
// campaign, report what happened to each, and leases that run out are
// returned by the sweeper; the preview shows what a claim would get now. The
// decisions are domain/dialer.hpp's (the member's state machine) and
// domain/calling_window.hpp's, with the eligibility checks of
// services/dialer_eligibility.hpp; this is where they meet the rows. The HTTP
// handlers (api/dialer.cpp), the lease sweeper (jobs/lease_sweeper.cpp) and
// the simulator (jobs/dialer_simulator.cpp) call these.
//
// Each write runs in one unit of work (services/unit_of_work.hpp): inside the
// group commit's shared transaction (store/drivers/commit_group.hpp) it is a
// savepoint that bumps the write generation once; a claim that hands out
// nothing bumps nothing.
//
// Concurrency: a claim locks the campaign's pools (and then the numbers it
// hands out) in id order before it counts what is in flight, so
// max_parallel_items and each number's channel_limit hold with any number of
// claimers in any number of processes; candidate members are read with
// FOR UPDATE SKIP LOCKED on PostgreSQL, and SQLite runs the whole claim in one
// immediate transaction. A member is handed to exactly one worker per attempt.
//
// Thread-safety: none; one service per connection.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "store/drivers/database.hpp"
#include "store/repositories/dialer_repository.hpp"

namespace sb::services {

class DialerService {
 public:
  DialerService(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // Hands out up to request.limit due members, leased to request.worker_id.
  // 404 "Campaign"; 409 naming `status` unless the campaign is Active. An
  // empty list when nothing is callable now.
  Result<std::vector<store::ClaimedMember>> Claim(int64_t org, const std::string& campaign_uuid,
                                                  const store::ClaimRequest& request);

  // Applies a worker's event to the member (see domain::ApplyDialerEvent for
  // the 409s and 422s); writes the call log when an attempt ended, and on an
  // opt-out flags the contact do-not-call and, when the rule says so, skips
  // it in every pool. 404 "Pool" / "Pool member". Emits
  // pool_member.status_changed for every member whose status changes,
  // call.recorded and campaign.status_changed (a campaign completed).
  Result<store::MemberEventResult> ReportEvent(int64_t org, const std::string& pool_uuid,
                                               const std::string& contact_uuid,
                                               const store::MemberEvent& event);

  // Evaluates every member of the campaign's active pools as a claim would
  // now, without claiming (and without a transaction). 404 "Campaign".
  Result<store::CampaignPreview> Preview(int64_t org, const std::string& campaign_uuid);

  // Returns members whose lease ran out (in every organization), at most
  // `limit`, each in a unit of work of its own; the number returned. Safe to
  // run from several processes.
  Result<int64_t> SweepExpiredLeases(int64_t limit);

 private:
  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::services
