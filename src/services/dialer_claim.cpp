// Claims and the campaign preview: which due members a worker gets, and why
// the others wait (services/dialer_service.hpp).
#include "services/dialer_service.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "domain/calling_window.hpp"
#include "domain/phone_number.hpp"
#include "services/dialer_eligibility.hpp"
#include "services/outbox_events.hpp"
#include "services/unit_of_work.hpp"
#include "store/drivers/dialect.hpp"
#include "store/repositories/dialer_rows.hpp"
#include "store/repositories/dialer_settings.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::services {
namespace {

namespace dialer_rows = store::dialer_rows;
using store::CampaignPreview;
using store::ClaimedMember;
using store::ClaimRequest;
using store::DialingSettings;
using store::LoadDialingSettings;
using store::LookupId;

using dialer_rows::kStateColumnCount;
using dialer_rows::kStateColumns;
using dialer_rows::ReadState;
using dialer_rows::WriteState;

// Candidates read per statement while looking for callable members: a few
// more than asked for, so a claim of one reads a handful of rows, and more
// pages only when members are skipped.
int64_t CandidatePage(int64_t limit) { return std::min<int64_t>(200, 2 * limit + 8); }

struct Pool {
  int64_t id = 0;
  std::string uuid;
  std::string type;
  int64_t max_parallel = 0;
  int64_t max_retries = 0;
};

struct Number {
  int64_t id = 0;
  std::string uuid;
  std::string number;
  int64_t free = 0;  // calls it may still carry
};

// Where a claim looks for members, in turn: retries and callbacks that have
// come due (earliest first: they were promised a time), then Pending members
// in the pool's queue order. Each is one index range (pool_items_due,
// pool_items_queue or pool_items_priority), so a claim reads the head of the
// queue instead of sorting the pool.
enum class Source { kDueRetries, kPending };

std::string CandidateFilterAndOrder(Source source, const std::string& pool_type) {
  if (source == Source::kDueRetries) {
    return " AND pi.status IN ('Retrying', 'Scheduled')"
           " AND (pi.next_retry_at IS NULL OR pi.next_retry_at <= ?)"
           " ORDER BY pi.next_retry_at, pi.id";
  }
  std::string pending = " AND pi.status = 'Pending'";
  if (pool_type == "LIFO") return pending + " ORDER BY pi.id DESC";
  if (pool_type == "Parallel") return pending + " ORDER BY pi.priority DESC, pi.id";
  return pending + " ORDER BY pi.id";
}

}  // namespace

// Claims run inside one transaction; see the header for the locking order.
class ClaimRun {
 public:
  // `outbox` receives the claimed members' status changes (none for a
  // preview, which claims nothing).
  ClaimRun(db::Connection& conn, int64_t org, int64_t now, const DialingSettings& settings,
           store::EventOutbox* outbox = nullptr)
      : conn_(conn), org_(org), now_(now), settings_(settings), outbox_(outbox) {}

  Status LockPoolsAndNumbers(int64_t campaign_id) {
    SB_ASSIGN_OR_RETURN(
        auto rows,
        conn_.Query("SELECT p.id, p.uuid, p.type, p.max_parallel_items, p.max_retries"
                    " FROM campaign_pools cp JOIN pools p"
                    " ON p.organization_id = cp.organization_id AND p.id = cp.pool_id"
                    " WHERE cp.organization_id = ? AND cp.campaign_id = ? AND p.is_active = 1"
                    " ORDER BY p.id" +
                        conn_.dialect().ForUpdate("p"),
                    {org_, campaign_id}));
    while (true) {
      SB_ASSIGN_OR_RETURN(bool more, rows->Next());
      if (!more) break;
      pools_.push_back(
          {rows->Int(0), rows->String(1), rows->String(2), rows->Int(3), rows->Int(4)});
    }
    if (!settings_.agent_id) return OkStatus();
    SB_ASSIGN_OR_RETURN(
        auto numbers,
        conn_.Query(
            "SELECT n.id, n.uuid, n.number, n.channel_settings,"
            " (SELECT COUNT(*) FROM pool_items x WHERE x.organization_id = n.organization_id"
            " AND x.phone_number_id = n.id AND x.status IN ('Processing', 'In_Call'))"
            " FROM phone_number_bindings b JOIN phone_numbers n"
            " ON n.organization_id = b.organization_id AND n.id = b.phone_number_id"
            " WHERE b.organization_id = ? AND b.agent_id = ? AND b.channel = 'call'"
            " AND n.status = 'active' ORDER BY n.id" +
                conn_.dialect().ForUpdate("n"),
            {org_, *settings_.agent_id}));
    while (true) {
      SB_ASSIGN_OR_RETURN(bool more, numbers->Next());
      if (!more) break;
      domain::ChannelSettings channels = domain::ParseChannelSettings(numbers->Text(3));
      if (!channels.voice.enabled) continue;
      numbers_.push_back({numbers->Int(0), numbers->String(1), numbers->String(2),
                          channels.voice.channel_limit - numbers->Int(4)});
    }
    return OkStatus();
  }

  int64_t FreeLines() const {
    int64_t free = 0;
    for (const Number& n : numbers_) free += std::max<int64_t>(0, n.free);
    return free;
  }

  // Room left under the pools' max_parallel_items.
  Result<int64_t> FreeSlots() {
    int64_t free = 0;
    for (const Pool& pool : pools_) {
      SB_ASSIGN_OR_RETURN(int64_t busy, InFlight(pool.id, pool.max_parallel));
      free += std::max<int64_t>(0, pool.max_parallel - busy);
    }
    return free;
  }

  Result<std::vector<ClaimedMember>> Run(int64_t campaign_id, const ClaimRequest& request) {
    std::vector<ClaimedMember> claimed;
    for (const Pool& pool : pools_) {
      if (static_cast<int64_t>(claimed.size()) >= request.limit || !AnyNumberFree()) break;
      SB_ASSIGN_OR_RETURN(int64_t busy, InFlight(pool.id, pool.max_parallel));
      int64_t capacity = pool.max_parallel - busy;
      for (Source source : {Source::kDueRetries, Source::kPending}) {
        for (int64_t offset = 0; capacity > 0 && AnyNumberFree() &&
                                 static_cast<int64_t>(claimed.size()) < request.limit;
             offset += CandidatePage(request.limit)) {
          SB_ASSIGN_OR_RETURN(int64_t read, ClaimFromPage(pool, source, campaign_id, request,
                                                          offset, capacity, claimed));
          if (read < CandidatePage(request.limit)) break;
        }
      }
    }
    return claimed;
  }

 private:
  // Counts at most `cap` (all a claim needs to know), so a pool with many
  // calls in flight costs no more than one with few.
  Result<int64_t> InFlight(int64_t pool_id, int64_t cap) {
    SB_ASSIGN_OR_RETURN(auto busy, conn_.QueryInt("SELECT COUNT(*) FROM (SELECT 1 FROM pool_items"
                                                  " WHERE organization_id = ? AND pool_id = ?"
                                                  " AND status IN ('Processing', 'In_Call')"
                                                  " LIMIT ?) busy",
                                                  {org_, pool_id, cap}));
    return busy.value_or(0);
  }

  bool AnyNumberFree() const {
    return std::any_of(numbers_.begin(), numbers_.end(),
                       [](const Number& n) { return n.free > 0; });
  }

  // Reads one page of due members of `pool` and claims the callable ones;
  // returns how many rows the page had.
  Result<int64_t> ClaimFromPage(const Pool& pool, Source source, int64_t campaign_id,
                                const ClaimRequest& request, int64_t offset, int64_t& capacity,
                                std::vector<ClaimedMember>& claimed) {
    std::vector<db::Value> params = {org_, pool.id};
    if (source == Source::kDueRetries) params.emplace_back(db::Timestamp{now_});
    params.emplace_back(CandidatePage(request.limit));
    params.emplace_back(offset);
    SB_ASSIGN_OR_RETURN(
        auto rows,
        conn_.Query(std::string("SELECT pi.id, ") + kStateColumns + ", " + kMemberContactColumns +
                        ", c.uuid, c.name, c.surname, c.email"
                        " FROM pool_items pi JOIN contacts c"
                        " ON c.organization_id = pi.organization_id AND c.id = pi.contact_id"
                        " WHERE pi.organization_id = ? AND pi.pool_id = ?" +
                        CandidateFilterAndOrder(source, pool.type) + " LIMIT ? OFFSET ?" +
                        conn_.dialect().ForUpdateSkipLocked("pi"),
                    params));
    struct Candidate {
      int64_t item_id;
      domain::PoolItemState state;
      MemberContact contact;
      ClaimedMember member;
    };
    std::vector<Candidate> page;
    while (true) {
      SB_ASSIGN_OR_RETURN(bool more, rows->Next());
      if (!more) break;
      const int c = 1 + kStateColumnCount;
      const int m = c + kMemberContactColumnCount;
      Candidate cand{rows->Int(0), ReadState(*rows, 1), ReadMemberContact(*rows, c), {}};
      cand.member.pool_uuid = pool.uuid;
      cand.member.contact_uuid = rows->String(m);
      cand.member.name = rows->String(m + 1);
      cand.member.surname = rows->OptString(m + 2);
      cand.member.phone_number = cand.contact.phone_number;
      cand.member.email = rows->OptString(m + 3);
      cand.member.timezone = cand.contact.timezone;
      page.push_back(std::move(cand));
    }
    rows.reset();
    for (Candidate& cand : page) {
      if (capacity <= 0 || static_cast<int64_t>(claimed.size()) >= request.limit) break;
      auto number =
          std::max_element(numbers_.begin(), numbers_.end(),
                           [](const Number& a, const Number& b) { return a.free < b.free; });
      if (number == numbers_.end() || number->free <= 0) break;
      SB_ASSIGN_OR_RETURN(Eligibility eligible, CheckEligibility(conn_, org_, now_, settings_,
                                                                 cand.contact, campaign_id));
      if (!eligible.callable()) continue;
      const int64_t lease = now_ + request.lease_seconds;
      SB_ASSIGN_OR_RETURN(auto next,
                          domain::ApplyClaim(cand.state, request.worker_id, lease, now_));
      SB_RETURN_IF_ERROR(WriteState(conn_, org_, cand.item_id, next, now_,
                                    dialer_rows::ClaimBinding{campaign_id, number->id}));
      if (outbox_ != nullptr) {
        SB_RETURN_IF_ERROR(outbox_events::PoolMemberStatusChanged(
            *outbox_, {pool.uuid, cand.member.contact_uuid, cand.state.status, next}));
      }
      --number->free;
      --capacity;
      cand.member.attempt = cand.state.attempt_count + 1;
      cand.member.lease_expires_at = lease;
      cand.member.from_number_uuid = number->uuid;
      cand.member.from_number = number->number;
      cand.member.zone_decided_by = eligible.zones->decided_by;
      cand.member.previous_status = cand.state.status;
      claimed.push_back(std::move(cand.member));
    }
    return static_cast<int64_t>(page.size());
  }

  db::Connection& conn_;
  const int64_t org_;
  const int64_t now_;
  const DialingSettings& settings_;
  store::EventOutbox* const outbox_;
  std::vector<Pool> pools_;
  std::vector<Number> numbers_;
};

Result<std::vector<ClaimedMember>> DialerService::Claim(int64_t org,
                                                        const std::string& campaign_uuid,
                                                        const ClaimRequest& request) {
  std::vector<ClaimedMember> claimed;
  SB_RETURN_IF_ERROR(InUnitOfWork(conn_, org, clock_, ids_, [&](UnitOfWork& uow) -> Status {
    const int64_t now = uow.now();
    SB_ASSIGN_OR_RETURN(int64_t campaign_id,
                        LookupId(conn_, "campaigns", org, campaign_uuid, "Campaign"));
    SB_ASSIGN_OR_RETURN(DialingSettings settings, LoadDialingSettings(conn_, org, campaign_id));
    if (settings.campaign_status != "Active") {
      return Error::Conflict(fmt::format("The campaign is {}; only Active campaigns hand out work.",
                                         settings.campaign_status),
                             "status");
    }
    ClaimRun run(conn_, org, now, settings, &uow.outbox());
    SB_RETURN_IF_ERROR(run.LockPoolsAndNumbers(campaign_id));
    SB_ASSIGN_OR_RETURN(claimed, run.Run(campaign_id, request));
    if (claimed.empty()) uow.NothingChanged();  // nothing was due: no total moved
    return OkStatus();
  }));
  return claimed;
}

Result<CampaignPreview> DialerService::Preview(int64_t org, const std::string& campaign_uuid) {
  const int64_t now = clock_.NowSeconds();
  CampaignPreview preview;
  preview.evaluated_at = now;
  std::map<std::string, int64_t> counts;
  for (std::string_view r : {"terminal", "in_progress", "not_due", "no_lines"})
    counts[std::string(r)];
  for (std::string_view r : kSkipReasons) counts[std::string(r)];
  // No transaction: a preview reads, and must not hold SQLite's write lock.
  auto evaluate = [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t campaign_id,
                        LookupId(conn_, "campaigns", org, campaign_uuid, "Campaign"));
    SB_ASSIGN_OR_RETURN(DialingSettings settings, LoadDialingSettings(conn_, org, campaign_id));
    preview.campaign_status = settings.campaign_status;
    ClaimRun run(conn_, org, now, settings);
    SB_RETURN_IF_ERROR(run.LockPoolsAndNumbers(campaign_id));
    preview.free_lines = run.FreeLines();
    SB_ASSIGN_OR_RETURN(preview.free_slots, run.FreeSlots());
    SB_ASSIGN_OR_RETURN(
        auto rows,
        conn_.Query(std::string("SELECT pi.id, ") + kStateColumns + ", " + kMemberContactColumns +
                        " FROM campaign_pools cp JOIN pools p"
                        " ON p.organization_id = cp.organization_id AND p.id = cp.pool_id"
                        " JOIN pool_items pi ON pi.organization_id = cp.organization_id"
                        " AND pi.pool_id = cp.pool_id"
                        " JOIN contacts c ON c.organization_id = pi.organization_id"
                        " AND c.id = pi.contact_id"
                        " WHERE cp.organization_id = ? AND cp.campaign_id = ? AND p.is_active = 1",
                    {org, campaign_id}));
    struct Row {
      domain::PoolItemState state;
      MemberContact contact;
    };
    std::vector<Row> members;
    while (true) {
      SB_ASSIGN_OR_RETURN(bool more, rows->Next());
      if (!more) break;
      Row row{ReadState(*rows, 1), ReadMemberContact(*rows, 1 + kStateColumnCount)};
      members.push_back(std::move(row));
    }
    rows.reset();
    auto earliest = [](std::optional<int64_t>& into, std::optional<int64_t> t) {
      if (t && (!into || *t < *into)) into = t;
    };
    for (const Row& m : members) {
      ++preview.members;
      const std::string& status = m.state.status;
      if (status == "Completed" || status == "Failed" || status == "Skipped") {
        ++counts["terminal"];
      } else if (status == "Processing" || status == "In_Call") {
        ++counts["in_progress"];
      } else if (!domain::IsDue(m.state, now)) {
        ++counts["not_due"];
        earliest(preview.next_retry_at, m.state.next_retry_at);
      } else {
        SB_ASSIGN_OR_RETURN(Eligibility e,
                            CheckEligibility(conn_, org, now, settings, m.contact, campaign_id));
        if (!e.callable()) {
          ++counts[std::string(e.reason)];
          earliest(preview.window_opens_at, e.opens_at);
        } else if (preview.free_lines <= 0) {
          ++counts["no_lines"];
        } else {
          ++preview.callable_now;
        }
      }
    }
    return OkStatus();
  };
  SB_RETURN_IF_ERROR(evaluate());
  std::vector<std::string> order = {"terminal", "in_progress", "not_due", "no_lines"};
  for (std::string_view r : kSkipReasons) order.emplace_back(r);
  for (const std::string& r : order) preview.reasons.emplace_back(r, counts[r]);
  return preview;
}

}  // namespace sb::services
