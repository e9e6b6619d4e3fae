#include "store/dialer_repository.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "domain/calling_window.hpp"
#include "domain/phone_number.hpp"
#include "store/call_log.hpp"
#include "store/dialect.hpp"
#include "store/dialer_eligibility.hpp"
#include "store/dialer_settings.hpp"
#include "store/store_util.hpp"

namespace sb::store {
namespace {

// Candidates read per statement while looking for callable members.
constexpr int64_t kCandidatePage = 200;

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

// The pool-item columns PoolItemState holds, read by ReadState.
constexpr const char* kStateColumns =
    "pi.status, pi.retry_count, pi.started_at, pi.completed_at, pi.failed_at,"
    " pi.next_retry_at, pi.skip_reason, pi.worker_id, pi.lease_expires_at,"
    " pi.status_before_claim, pi.attempt_count, pi.last_outcome";
constexpr int kStateColumnCount = 12;

domain::PoolItemState ReadState(const db::Rows& rows, int first) {
  domain::PoolItemState s;
  s.status = rows.String(first);
  s.retry_count = rows.Int(first + 1);
  s.started_at = rows.OptTime(first + 2);
  s.completed_at = rows.OptTime(first + 3);
  s.failed_at = rows.OptTime(first + 4);
  s.next_retry_at = rows.OptTime(first + 5);
  s.skip_reason = rows.OptString(first + 6);
  s.worker_id = rows.OptString(first + 7);
  s.lease_expires_at = rows.OptTime(first + 8);
  s.status_before_claim = rows.OptString(first + 9);
  s.attempt_count = rows.Int(first + 10);
  s.last_outcome = rows.OptString(first + 11);
  return s;
}

Status WriteState(db::Connection& conn, int64_t org, int64_t item_id,
                  const domain::PoolItemState& s, int64_t now) {
  SB_RETURN_IF_ERROR(conn.Exec(
      "UPDATE pool_items SET status = ?, retry_count = ?, started_at = ?, completed_at = ?,"
      " failed_at = ?, next_retry_at = ?, skip_reason = ?, worker_id = ?,"
      " lease_expires_at = ?, status_before_claim = ?, attempt_count = ?, last_outcome = ?,"
      " updated_at = ? WHERE organization_id = ? AND id = ?",
      {s.status, s.retry_count, db::NullableTime(s.started_at), db::NullableTime(s.completed_at),
       db::NullableTime(s.failed_at), db::NullableTime(s.next_retry_at),
       db::Nullable(s.skip_reason), db::Nullable(s.worker_id), db::NullableTime(s.lease_expires_at),
       db::Nullable(s.status_before_claim), s.attempt_count, db::Nullable(s.last_outcome),
       db::Timestamp{now}, org, item_id}));
  return OkStatus();
}

std::string CandidateOrder(const std::string& pool_type) {
  if (pool_type == "LIFO") return " ORDER BY pi.id DESC";
  if (pool_type == "Parallel") return " ORDER BY pi.priority DESC, pi.id";
  return " ORDER BY pi.id";
}

// Marks the campaign Completed once every member of its pools is terminal
// (asked as "none waiting or held", which the status index answers without
// reading the finished members).
Status CompleteCampaignIfDone(db::Connection& conn, int64_t org, int64_t campaign_id, int64_t now) {
  SB_RETURN_IF_ERROR(
      conn.Exec("UPDATE campaigns SET status = 'Completed', updated_at = ?"
                " WHERE organization_id = ? AND id = ? AND status IN ('Active', 'Paused')"
                " AND EXISTS (SELECT 1 FROM campaign_pools cp WHERE cp.organization_id = ?"
                " AND cp.campaign_id = ?)"
                " AND NOT EXISTS (SELECT 1 FROM campaign_pools cp JOIN pool_items pi"
                " ON pi.organization_id = cp.organization_id AND pi.pool_id = cp.pool_id"
                " WHERE cp.organization_id = ? AND cp.campaign_id = ?"
                " AND pi.status IN ('Pending', 'Processing', 'In_Call', 'Retrying', 'Scheduled'))",
                {db::Timestamp{now}, org, campaign_id, org, campaign_id, org, campaign_id}));
  return OkStatus();
}

}  // namespace

// Claims run inside one transaction; see the header for the locking order.
class ClaimRun {
 public:
  ClaimRun(db::Connection& conn, int64_t org, int64_t now, const DialingSettings& settings)
      : conn_(conn), org_(org), now_(now), settings_(settings) {}

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
      SB_ASSIGN_OR_RETURN(int64_t busy, InFlight(pool.id));
      free += std::max<int64_t>(0, pool.max_parallel - busy);
    }
    return free;
  }

  Result<std::vector<ClaimedMember>> Run(int64_t campaign_id, const ClaimRequest& request) {
    std::vector<ClaimedMember> claimed;
    for (const Pool& pool : pools_) {
      if (static_cast<int64_t>(claimed.size()) >= request.limit || !AnyNumberFree()) break;
      SB_ASSIGN_OR_RETURN(int64_t busy, InFlight(pool.id));
      int64_t capacity = pool.max_parallel - busy;
      for (int64_t offset = 0;
           capacity > 0 && AnyNumberFree() && static_cast<int64_t>(claimed.size()) < request.limit;
           offset += kCandidatePage) {
        SB_ASSIGN_OR_RETURN(int64_t read,
                            ClaimFromPage(pool, campaign_id, request, offset, capacity, claimed));
        if (read < kCandidatePage) break;
      }
    }
    return claimed;
  }

 private:
  Result<int64_t> InFlight(int64_t pool_id) {
    SB_ASSIGN_OR_RETURN(auto busy,
                        conn_.QueryInt("SELECT COUNT(*) FROM pool_items WHERE organization_id = ?"
                                       " AND pool_id = ? AND status IN ('Processing', 'In_Call')",
                                       {org_, pool_id}));
    return busy.value_or(0);
  }

  bool AnyNumberFree() const {
    return std::any_of(numbers_.begin(), numbers_.end(),
                       [](const Number& n) { return n.free > 0; });
  }

  // Reads one page of due members of `pool` and claims the callable ones;
  // returns how many rows the page had.
  Result<int64_t> ClaimFromPage(const Pool& pool, int64_t campaign_id, const ClaimRequest& request,
                                int64_t offset, int64_t& capacity,
                                std::vector<ClaimedMember>& claimed) {
    SB_ASSIGN_OR_RETURN(
        auto rows,
        conn_.Query(std::string("SELECT pi.id, ") + kStateColumns +
                        ", c.id, c.uuid, c.name, c.surname, c.phone_number, c.email, c.timezone,"
                        " c.country_code, c.status, c.do_not_call"
                        " FROM pool_items pi JOIN contacts c"
                        " ON c.organization_id = pi.organization_id AND c.id = pi.contact_id"
                        " WHERE pi.organization_id = ? AND pi.pool_id = ?"
                        " AND (pi.status = 'Pending' OR (pi.status IN ('Retrying', 'Scheduled')"
                        " AND (pi.next_retry_at IS NULL OR pi.next_retry_at <= ?)))" +
                        CandidateOrder(pool.type) + " LIMIT ? OFFSET ?" +
                        conn_.dialect().ForUpdateSkipLocked("pi"),
                    {org_, pool.id, db::Timestamp{now_}, kCandidatePage, offset}));
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
      Candidate cand{rows->Int(0), ReadState(*rows, 1), {}, {}};
      cand.contact.contact_id = rows->Int(c);
      cand.member.pool_uuid = pool.uuid;
      cand.member.contact_uuid = rows->String(c + 1);
      cand.member.name = rows->String(c + 2);
      cand.member.surname = rows->OptString(c + 3);
      cand.member.phone_number = rows->OptString(c + 4);
      cand.member.email = rows->OptString(c + 5);
      cand.member.timezone = rows->OptString(c + 6);
      cand.contact.phone_number = cand.member.phone_number;
      cand.contact.timezone = cand.member.timezone;
      cand.contact.country = rows->OptString(c + 7).value_or("");
      cand.contact.active = rows->String(c + 8) == "Active";
      cand.contact.do_not_call = rows->Int(c + 9) != 0;
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
      SB_RETURN_IF_ERROR(WriteState(conn_, org_, cand.item_id, next, now_));
      SB_RETURN_IF_ERROR(conn_.Exec(
          "UPDATE pool_items SET campaign_id = ?, phone_number_id = ? WHERE organization_id = ?"
          " AND id = ?",
          {campaign_id, number->id, org_, cand.item_id}));
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
  std::vector<Pool> pools_;
  std::vector<Number> numbers_;
};

Result<std::vector<ClaimedMember>> DialerRepository::Claim(int64_t org,
                                                           const std::string& campaign_uuid,
                                                           const ClaimRequest& request) {
  const int64_t now = clock_.NowSeconds();
  std::vector<ClaimedMember> claimed;
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t campaign_id,
                        LookupId(conn_, "campaigns", org, campaign_uuid, "Campaign"));
    SB_ASSIGN_OR_RETURN(DialingSettings settings, LoadDialingSettings(conn_, org, campaign_id));
    if (settings.campaign_status != "Active") {
      return Error::Conflict(fmt::format("The campaign is {}; only Active campaigns hand out work.",
                                         settings.campaign_status),
                             "status");
    }
    ClaimRun run(conn_, org, now, settings);
    SB_RETURN_IF_ERROR(run.LockPoolsAndNumbers(campaign_id));
    SB_ASSIGN_OR_RETURN(claimed, run.Run(campaign_id, request));
    if (claimed.empty()) return OkStatus();
    return BumpGeneration(conn_, org);
  }));
  return claimed;
}

Result<MemberEventResult> DialerRepository::ApplyEvent(int64_t org, const std::string& pool_uuid,
                                                       const std::string& contact_uuid,
                                                       const MemberEvent& event) {
  const int64_t now = clock_.NowSeconds();
  MemberEventResult result;
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t pool_id, LookupId(conn_, "pools", org, pool_uuid, "Pool"));
    SB_ASSIGN_OR_RETURN(
        auto rows,
        conn_.Query(std::string("SELECT pi.id, ") + kStateColumns +
                        ", pi.campaign_id, pi.phone_number_id, c.id, c.timezone, c.country_code,"
                        " p.max_retries FROM pool_items pi JOIN contacts c"
                        " ON c.organization_id = pi.organization_id AND c.id = pi.contact_id"
                        " JOIN pools p ON p.organization_id = pi.organization_id"
                        " AND p.id = pi.pool_id"
                        " WHERE pi.organization_id = ? AND pi.pool_id = ? AND c.uuid = ?" +
                        conn_.dialect().ForUpdate("pi"),
                    {org, pool_id, contact_uuid}));
    SB_ASSIGN_OR_RETURN(bool found, rows->Next());
    if (!found) return Error::NotFound("Pool member");
    const int64_t item_id = rows->Int(0);
    const domain::PoolItemState state = ReadState(*rows, 1);
    const int c = 1 + kStateColumnCount;
    const std::optional<int64_t> campaign_id = rows->OptInt(c);
    const std::optional<int64_t> number_id = rows->OptInt(c + 1);
    const int64_t contact_id = rows->Int(c + 2);
    const std::string timezone = rows->OptString(c + 3).value_or("");
    const std::string country = rows->OptString(c + 4).value_or("");
    const int64_t max_retries = rows->Int(c + 5);
    rows.reset();

    SB_ASSIGN_OR_RETURN(DialingSettings settings, LoadDialingSettings(conn_, org, campaign_id));
    auto zones = domain::ResolveContactZones(timezone, country);
    domain::DialerContext ctx;
    ctx.now = now;
    ctx.policy = settings.RetryFor(max_retries);
    ctx.next_callable = [&](int64_t t) -> std::optional<int64_t> {
      if (!zones.ok()) return std::nullopt;
      return domain::NextCallableAt(*zones, settings.policy, t);
    };
    ctx.is_legal = [&](int64_t t) {
      return zones.ok() && domain::IsLegalAt(*zones, settings.policy, t);
    };
    SB_ASSIGN_OR_RETURN(domain::DialerTransition t,
                        domain::ApplyDialerEvent(state, event.event, ctx));
    SB_RETURN_IF_ERROR(WriteState(conn_, org, item_id, t.next, now));
    result.state = t.next;

    if (t.call_status) {
      CallRow call;
      call.uuid = ids_.NewUuid();
      call.contact_id = contact_id;
      call.agent_id = settings.agent_id;
      call.phone_number_id = number_id;
      call.campaign_id = campaign_id;
      call.pool_id = pool_id;
      call.attempt = t.next.attempt_count;
      call.status = *t.call_status;
      call.started_at = state.status == "In_Call" ? state.started_at.value_or(now) : now;
      call.duration = std::max<int64_t>(0, now - call.started_at);
      call.feedback = event.feedback;
      call.recording_url = event.recording_url;
      SB_RETURN_IF_ERROR(InsertCallRow(conn_, org, call, now));
      result.call_uuid = call.uuid;
    }
    if (t.opt_out) {
      SB_RETURN_IF_ERROR(
          conn_.Exec("UPDATE contacts SET do_not_call = 1, updated_at = ?"
                     " WHERE organization_id = ? AND id = ?",
                     {db::Timestamp{now}, org, contact_id}));
      if (settings.remove_on_opt_out) {
        SB_RETURN_IF_ERROR(conn_.Exec(
            "UPDATE pool_items SET status = 'Skipped', skip_reason = 'opted_out',"
            " next_retry_at = NULL, updated_at = ? WHERE organization_id = ? AND contact_id = ?"
            " AND status IN ('Pending', 'Retrying', 'Scheduled')",
            {db::Timestamp{now}, org, contact_id}));
      }
    }
    if (campaign_id &&
        (t.next.status == "Completed" || t.next.status == "Failed" || t.next.status == "Skipped")) {
      SB_RETURN_IF_ERROR(CompleteCampaignIfDone(conn_, org, *campaign_id, now));
    }
    return BumpGeneration(conn_, org);
  }));
  return result;
}

Result<CampaignPreview> DialerRepository::Preview(int64_t org, const std::string& campaign_uuid) {
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
        conn_.Query(std::string("SELECT pi.id, ") + kStateColumns +
                        ", c.id, c.phone_number, c.timezone, c.country_code, c.status,"
                        " c.do_not_call FROM campaign_pools cp JOIN pools p"
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
      const int c = 1 + kStateColumnCount;
      Row row{ReadState(*rows, 1), {}};
      row.contact.contact_id = rows->Int(c);
      row.contact.phone_number = rows->OptString(c + 1);
      row.contact.timezone = rows->OptString(c + 2);
      row.contact.country = rows->OptString(c + 3).value_or("");
      row.contact.active = rows->String(c + 4) == "Active";
      row.contact.do_not_call = rows->Int(c + 5) != 0;
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

Result<int64_t> DialerRepository::SweepExpiredLeases(int64_t limit) {
  const int64_t now = clock_.NowSeconds();
  struct Expired {
    int64_t org;
    std::string pool_uuid;
    std::string contact_uuid;
  };
  std::vector<Expired> expired;
  {
    SB_ASSIGN_OR_RETURN(
        auto rows,
        conn_.Query("SELECT pi.organization_id, p.uuid, c.uuid FROM pool_items pi"
                    " JOIN pools p ON p.organization_id = pi.organization_id AND p.id = pi.pool_id"
                    " JOIN contacts c ON c.organization_id = pi.organization_id"
                    " AND c.id = pi.contact_id"
                    " WHERE pi.status IN ('Processing', 'In_Call') AND pi.lease_expires_at <= ?"
                    " ORDER BY pi.lease_expires_at LIMIT ?",
                    {db::Timestamp{now}, limit}));
    while (true) {
      SB_ASSIGN_OR_RETURN(bool more, rows->Next());
      if (!more) break;
      expired.push_back({rows->Int(0), rows->String(1), rows->String(2)});
    }
  }
  int64_t returned = 0;
  for (const Expired& e : expired) {
    MemberEvent event;
    event.event.type = domain::DialerEventType::kLeaseExpired;
    auto applied = ApplyEvent(e.org, e.pool_uuid, e.contact_uuid, event);
    // Another process may have swept it, or its worker reported in time: the
    // member is then no longer held and the event does not fit.
    if (applied.ok()) {
      ++returned;
    } else if (applied.error().code() != ErrorCode::kConflict) {
      return std::move(applied).error();
    }
  }
  return returned;
}

}  // namespace sb::store
