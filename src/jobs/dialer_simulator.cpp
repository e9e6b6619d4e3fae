#include "jobs/dialer_simulator.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/calling_window.hpp"
#include "jobs/window_audit.hpp"
#include "services/campaign_service.hpp"
#include "services/dialer_service.hpp"
#include "store/repositories/campaign_repository.hpp"
#include "store/repositories/dialer_repository.hpp"
#include "store/repositories/dialer_settings.hpp"
#include "store/repositories/dialer_stats.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::jobs {
namespace {

// How long the clock may stand still with idle workers and no other event.
constexpr int64_t kIdleStepSeconds = int64_t{15} * 60;
// A simulated worker's lease: longer than any simulated call.
constexpr int64_t kLeaseSeconds = 3600;

// The event a worker reports for an outcome.
domain::DialerEvent EventFor(const std::string& outcome, const std::string& worker) {
  domain::DialerEvent e;
  e.worker_id = worker;
  if (outcome == "picked-up") {
    e.type = domain::DialerEventType::kCompleted;
  } else if (outcome == "opted-out") {
    e.type = domain::DialerEventType::kOptedOut;
  } else if (outcome == "invalid-number") {
    e.type = domain::DialerEventType::kInvalidNumber;
  } else {
    e.type = domain::DialerEventType::kFailed;
    e.outcome = outcome;
  }
  return e;
}

struct Call {
  store::ClaimedMember member;
  std::string outcome;
  int64_t ends_at = 0;
};

// One run: the workers, the clock and the tallies.
class Simulation {
 public:
  Simulation(db::Connection& conn, int64_t org, const SimulationOptions& options,
             const store::DialingSettings& settings)
      : conn_(conn),
        org_(org),
        options_(options),
        clock_(options.start),
        dialer_(conn, clock_, ids_),
        audit_(settings.policy),
        random_(options.seed),
        calls_(static_cast<size_t>(options.workers)) {
    for (const OutcomeOdds& o : options.outcomes) weights_.push_back(o.probability);
    for (const std::string& o : SimulatedOutcomes()) report_.attempts_by_outcome[o] = 0;
  }

  Result<SimulationReport> Run() {
    const int64_t end = options_.start + int64_t{options_.days} * 86400;
    report_.campaign_uuid = options_.campaign_uuid;
    report_.start = options_.start;
    report_.end = end;
    int64_t now = options_.start;
    while (now < end) {
      clock_.Set(now);
      SB_ASSIGN_OR_RETURN(int64_t swept, dialer_.SweepExpiredLeases(1000));
      report_.leases_expired += swept;
      SB_RETURN_IF_ERROR(FinishCallsEndingBy(now));
      SB_ASSIGN_OR_RETURN(bool active, ClaimForIdleWorkers(now));
      if (!active) break;
      SB_ASSIGN_OR_RETURN(std::optional<int64_t> next, NextEventAfter(now));
      if (!next) break;
      now = std::max(*next, now + 1);
    }
    clock_.Set(std::min(now, end));
    return Finish();
  }

 private:
  Status FinishCallsEndingBy(int64_t now) {
    for (size_t w = 0; w < calls_.size(); ++w) {
      if (!calls_[w] || calls_[w]->ends_at > now) continue;
      store::MemberEvent event;
      event.event = EventFor(calls_[w]->outcome, WorkerName(w));
      SB_RETURN_IF_ERROR(dialer_.ReportEvent(org_, calls_[w]->member.pool_uuid,
                                             calls_[w]->member.contact_uuid, event));
      calls_[w].reset();
    }
    return OkStatus();
  }

  // False when the campaign no longer hands out work (it completed).
  Result<bool> ClaimForIdleWorkers(int64_t now) {
    for (size_t w = 0; w < calls_.size(); ++w) {
      if (calls_[w]) continue;
      auto claimed = dialer_.Claim(org_, options_.campaign_uuid, {WorkerName(w), kLeaseSeconds, 1});
      if (!claimed.ok() && claimed.error().code() == ErrorCode::kConflict) return false;
      if (!claimed.ok()) return std::move(claimed).error();
      if (claimed->empty()) return true;  // the other idle workers would get nothing either
      Call call{std::move(claimed->front()), Draw(), 0};
      call.ends_at = now + (call.outcome == "picked-up" ? options_.answered_call_seconds
                                                        : options_.unanswered_call_seconds);
      Record(call, now);
      store::MemberEvent started;
      started.event.type = domain::DialerEventType::kStarted;
      started.event.worker_id = WorkerName(w);
      SB_RETURN_IF_ERROR(
          dialer_.ReportEvent(org_, call.member.pool_uuid, call.member.contact_uuid, started));
      calls_[w] = std::move(call);
    }
    return true;
  }

  // The next moment something can change: a call ending, or with every worker
  // idle, a retry coming due or a window opening (at most kIdleStepSeconds
  // ahead). nullopt when the campaign stopped handing out work.
  Result<std::optional<int64_t>> NextEventAfter(int64_t now) {
    std::optional<int64_t> next;
    for (const auto& call : calls_) {
      if (call && (!next || call->ends_at < *next)) next = call->ends_at;
    }
    if (next) return next;
    SB_ASSIGN_OR_RETURN(store::CampaignPreview preview,
                        dialer_.Preview(org_, options_.campaign_uuid));
    if (preview.campaign_status != "Active") return std::optional<int64_t>();
    int64_t at = now + kIdleStepSeconds;
    for (const auto& t : {preview.next_retry_at, preview.window_opens_at}) {
      if (t && *t > now) at = std::min(at, *t);
    }
    return std::optional<int64_t>(at);
  }

  void Record(const Call& call, int64_t now) {
    ++report_.attempts;
    ++report_.attempts_by_outcome[call.outcome];
    const WindowCheck check =
        audit_.Check(call.member.timezone.value_or(""), call.member.zone_decided_by, now);
    if (!check.inside_legal) ++report_.outside_legal_window;
    if (!check.inside_rule) ++report_.outside_rule_window;
    ++report_.attempts_by_local_hour[static_cast<size_t>(check.local_hour)];
    ++report_.attempts_by_day[check.local_date];
  }

  std::string Draw() {
    std::discrete_distribution<size_t> pick(weights_.begin(), weights_.end());
    return options_.outcomes[pick(random_)].outcome;
  }

  static std::string WorkerName(size_t w) { return fmt::format("sim-worker-{}", w + 1); }

  Result<SimulationReport> Finish() {
    SB_ASSIGN_OR_RETURN(store::DialerStats stats,
                        store::CampaignStats(conn_, org_, options_.campaign_uuid));
    for (const auto& [status, n] : stats.by_status) report_.members_by_status[status] = n;
    store::CampaignRepository campaigns(conn_, clock_, ids_);
    SB_ASSIGN_OR_RETURN(domain::Campaign campaign, campaigns.Get(org_, options_.campaign_uuid));
    report_.campaign_status = campaign.status;
    if (campaign.status == "Completed") report_.completed_at = campaign.updated_at;
    return report_;
  }

  db::Connection& conn_;
  const int64_t org_;
  const SimulationOptions& options_;
  FakeClock clock_;
  SequentialIdGenerator ids_;
  services::DialerService dialer_;
  WindowAudit audit_;
  std::mt19937_64 random_;
  std::vector<double> weights_;
  std::vector<std::optional<Call>> calls_;  // per worker: the call it is on
  SimulationReport report_;
};

}  // namespace

const std::vector<std::string>& SimulatedOutcomes() {
  static const std::vector<std::string> kOutcomes = {"picked-up", "no-answer",     "busy",
                                                     "voicemail", "unreachable",   "failed",
                                                     "opted-out", "invalid-number"};
  return kOutcomes;
}

Result<std::vector<OutcomeOdds>> ParseOutcomeOdds(std::string_view spec) {
  auto bad = [](const std::string& why) { return Error::Validation("outcomes", why); };
  std::vector<OutcomeOdds> odds;
  double sum = 0;
  size_t pos = 0;
  while (pos <= spec.size()) {
    size_t comma = spec.find(',', pos);
    std::string_view item =
        spec.substr(pos, comma == std::string_view::npos ? spec.npos : comma - pos);
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      return bad(fmt::format("'{}' is not OUTCOME=PROBABILITY", item));
    }
    std::string name(item.substr(0, eq));
    const auto& known = SimulatedOutcomes();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return bad(fmt::format("unknown outcome '{}' (one of: {})", name, fmt::join(known, ", ")));
    }
    if (std::any_of(odds.begin(), odds.end(),
                    [&](const OutcomeOdds& o) { return o.outcome == name; })) {
      return bad(fmt::format("outcome '{}' is given twice", name));
    }
    std::string number(item.substr(eq + 1));
    char* end = nullptr;
    double p = std::strtod(number.c_str(), &end);
    if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(p) || p <= 0 ||
        p > 1) {
      return bad(fmt::format("the probability of '{}' must be a number in (0, 1]", name));
    }
    odds.push_back({name, p});
    sum += p;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  if (std::abs(sum - 1.0) > 0.001) {
    return bad(fmt::format("the probabilities add up to {:.3f}, not 1", sum));
  }
  return odds;
}

Result<SimulationReport> SimulateCampaign(db::Database& db, int64_t org,
                                          const SimulationOptions& options) {
  if (options.days < 1 || options.days > 90) {
    return Error::Validation("days", "must be between 1 and 90");
  }
  if (options.workers < 1 || options.workers > 1000) {
    return Error::Validation("workers", "must be between 1 and 1000");
  }
  if (options.outcomes.empty()) return Error::Validation("outcomes", "give at least one outcome");
  SB_ASSIGN_OR_RETURN(auto conn, db.Acquire());
  FakeClock clock(options.start);
  SequentialIdGenerator ids;
  store::CampaignRepository campaigns(*conn, clock, ids);
  SB_ASSIGN_OR_RETURN(domain::Campaign campaign, campaigns.Get(org, options.campaign_uuid));
  if (campaign.status == "Completed" || campaign.status == "Archived") {
    return Error::Conflict(
        fmt::format("The campaign is {}; there is nothing left to simulate.", campaign.status),
        "status");
  }
  if (campaign.status != "Active") {
    store::CampaignFields activate;
    activate.status = "Active";
    SB_RETURN_IF_ERROR(
        services::CampaignService(*conn, clock, ids).Update(org, options.campaign_uuid, activate));
  }
  SB_ASSIGN_OR_RETURN(store::DialingSettings settings,
                      store::LoadDialingSettings(*conn, org, campaign.id));
  Simulation simulation(*conn, org, options, settings);
  return simulation.Run();
}

}  // namespace sb::jobs
