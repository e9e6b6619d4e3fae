#include "app/simulate.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "api/json_writer.hpp"
#include "app/cli_error.hpp"
#include "app/open_store.hpp"
#include "core/clock.hpp"
#include "core/time_format.hpp"
#include "jobs/dialer_simulator.hpp"
#include "store/repositories/organization_repository.hpp"
#include "tools/copy/store_copy.hpp"

namespace sb::app {
namespace {

// A directory of its own under `parent`, removed with everything in it when
// the object goes.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& parent) {
    std::string pattern = parent + "/switchboard-simulate-XXXXXX";
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string WriteReport(const jobs::SimulationReport& r, const SimulateOptions& options,
                        const std::vector<jobs::OutcomeOdds>& odds) {
  api::JsonWriter w;
  w.StartObject();
  w.Field("campaign_uuid", r.campaign_uuid);
  w.TimeField("from", r.start);
  w.TimeField("to", r.end);
  w.Field("days", options.days);
  w.Field("workers", options.workers);
  w.Key("seed");
  w.Int(static_cast<int64_t>(options.seed));
  w.Key("outcome_odds");
  w.StartObject();
  for (const auto& o : odds) {
    w.Key(o.outcome);
    w.Double(o.probability);
  }
  w.EndObject();
  w.Field("attempts", r.attempts);
  w.Field("attempts_outside_legal_window", r.outside_legal_window);
  w.Field("attempts_outside_rule_window", r.outside_rule_window);
  w.Key("attempts_by_local_hour");
  w.StartObject();
  for (size_t h = 0; h < r.attempts_by_local_hour.size(); ++h) {
    w.Field(fmt::format("{:02}", h), r.attempts_by_local_hour[h]);
  }
  w.EndObject();
  w.Key("attempts_by_outcome");
  w.StartObject();
  for (const std::string& o : jobs::SimulatedOutcomes()) w.Field(o, r.attempts_by_outcome.at(o));
  w.EndObject();
  w.Key("attempts_by_local_day");
  w.StartObject();
  for (const auto& [day, n] : r.attempts_by_day) w.Field(day, n);
  w.EndObject();
  w.Key("members_by_final_status");
  w.StartObject();
  for (const auto& [status, n] : r.members_by_status) w.Field(status, n);
  w.EndObject();
  w.Field("leases_expired", r.leases_expired);
  w.Field("campaign_status", r.campaign_status);
  w.TimeField("campaign_completed_at",
              r.completed_at ? std::optional<int64_t>(r.completed_at) : std::nullopt);
  w.EndObject();
  return w.Take();
}

}  // namespace

int RunSimulate(const SimulateOptions& options) {
  auto odds = jobs::ParseOutcomeOdds(options.outcomes);
  if (!odds.ok()) return FailWith(odds.error());
  jobs::SimulationOptions sim;
  sim.campaign_uuid = options.campaign_uuid;
  sim.days = options.days;
  sim.workers = options.workers;
  sim.outcomes = *odds;
  sim.seed = options.seed;
  sim.start = SystemClock().NowSeconds();
  if (options.start) {
    auto start = ParseIsoDateTime(*options.start);
    if (!start) return FailWith(Error::Validation("start", "must be an ISO-8601 date and time"));
    sim.start = *start;
  }

  auto source = OpenStore(options.db_path, 2, options.durability);
  if (!source.ok()) return FailWith(source.error());
  std::string org_name;
  {
    auto conn = (*source)->Acquire();
    if (!conn.ok()) return FailWith(conn.error());
    SystemClock clock;
    auto org = store::OrganizationRepository(**conn, clock).FindByCampaign(options.campaign_uuid);
    if (!org.ok()) return FailWith(org.error());
    org_name = org->name;
  }
  const char* tmp = std::getenv("TMPDIR");
  ScratchDir scratch(!options.scratch_dir.empty() ? options.scratch_dir
                     : tmp != nullptr             ? tmp
                                                  : "/tmp");
  if (scratch.path().empty()) {
    return FailWith(Error(ErrorCode::kInternal, "cannot create a scratch directory"));
  }
  auto copy = OpenStore(scratch.path() + "/simulation.db", 1,
                        db::Durability::kNormal);  // thrown away at the end
  if (!copy.ok()) return FailWith(copy.error());
  tools::CopyOptions copy_options;
  copy_options.organization = org_name;
  auto copied = tools::CopyOrganizations(**source, **copy, copy_options);
  if (!copied.ok()) return FailWith(copied.error());
  source->reset();  // the source is not needed any more

  int64_t org = 0;
  {
    auto conn = (*copy)->Acquire();
    if (!conn.ok()) return FailWith(conn.error());
    SystemClock clock;
    auto found = store::OrganizationRepository(**conn, clock).FindByName(org_name);
    if (!found.ok()) return FailWith(found.error());
    org = found->id;
  }
  auto report = jobs::SimulateCampaign(**copy, org, sim);
  if (!report.ok()) return FailWith(report.error());
  std::cout << WriteReport(*report, options, *odds) << std::endl;
  return 0;
}

}  // namespace sb::app
