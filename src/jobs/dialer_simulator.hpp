// What a campaign will do before it starts: the real dialer (claims, worker
// events, the lease sweeper) driven by simulated workers against a simulated
// clock, with call outcomes drawn from given odds.
//
// Contract:
// - Runs on the database it is given and WRITES to it (claims, call log,
//   members' statuses): give it a copy (`switchboard simulate` copies the
//   organization into a scratch SQLite file first). The campaign is set Active
//   for the run when it is Draft or Paused.
// - `workers` simulated AI agents each carry one call at a time. A worker
//   claims one member, reports `started`, and after the outcome's duration
//   reports it (picked-up: completed; no-answer, busy, voicemail, unreachable,
//   failed: a failed attempt; opted-out; invalid-number). When nothing can be
//   claimed the clock jumps to the next thing that can change it (a call
//   ending, a retry coming due, a window opening), or 15 minutes.
// - Every attempt is checked against the organization's legal window and the
//   rule's window in every zone of the contact, by local wall-clock time
//   computed here and not by the dialer's own window code, and counted when
//   outside.
// - Deterministic: the same data, options and seed give the same report.
//
// Thread-safety: one call at a time per database.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/drivers/database.hpp"

namespace sb::jobs {

// One possible outcome of an attempt and its odds.
struct OutcomeOdds {
  std::string outcome;  // one of SimulatedOutcomes()
  double probability = 0;
};

// The outcomes simulate understands, in report order.
const std::vector<std::string>& SimulatedOutcomes();

// Parses "picked-up=0.3,no-answer=0.5,busy=0.2". Each outcome once, each
// probability in (0, 1], summing to 1 (within 0.001). 422 naming `outcomes`.
Result<std::vector<OutcomeOdds>> ParseOutcomeOdds(std::string_view spec);

struct SimulationOptions {
  std::string campaign_uuid;
  int64_t start = 0;  // Unix seconds
  int days = 7;       // 1..90
  int workers = 1;    // 1..1000
  std::vector<OutcomeOdds> outcomes;
  uint64_t seed = 1;
  int64_t answered_call_seconds = 180;   // a picked-up call's length
  int64_t unanswered_call_seconds = 30;  // any other attempt's length
};

struct SimulationReport {
  std::string campaign_uuid;
  int64_t start = 0;
  int64_t end = 0;
  int64_t attempts = 0;
  std::array<int64_t, 24> attempts_by_local_hour{};    // the contact's primary zone
  std::map<std::string, int64_t> attempts_by_outcome;  // every SimulatedOutcomes()
  std::map<std::string, int64_t> attempts_by_day;      // contact-local date, YYYY-MM-DD
  std::map<std::string, int64_t> members_by_status;    // every pool-item status
  int64_t outside_legal_window = 0;                    // must be 0
  int64_t outside_rule_window = 0;                     // must be 0 too
  int64_t leases_expired = 0;                          // members the sweeper returned
  std::string campaign_status;                         // at the end
  int64_t completed_at = 0;  // when the campaign completed; 0 when it did not
};

// Runs the simulation of `options.campaign_uuid` of organization `org`.
// 404 "Campaign"; 422 naming `days`, `workers` or `outcomes`; 409 naming
// `status` when the campaign is Completed or Archived.
Result<SimulationReport> SimulateCampaign(db::Database& db, int64_t org,
                                          const SimulationOptions& options);

}  // namespace sb::jobs
