// The worker events and the lease sweeper of DialerService: the member-event
// rules (domain::ApplyDialerEvent) applied to the stored member, with the call
// log, opt-outs and campaign completion they imply.
#include <algorithm>

#include "domain/calling_window.hpp"
#include "services/dialer_service.hpp"
#include "services/outbox_events.hpp"
#include "services/unit_of_work.hpp"
#include "store/drivers/dialect.hpp"
#include "store/repositories/call_log.hpp"
#include "store/repositories/dialer_repository.hpp"
#include "store/repositories/dialer_rows.hpp"
#include "store/repositories/dialer_settings.hpp"
#include "store/repositories/event_outbox.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::services {
namespace {

namespace dialer_rows = store::dialer_rows;
using dialer_rows::CompleteCampaignIfDone;
using dialer_rows::kStateColumnCount;
using dialer_rows::kStateColumns;
using dialer_rows::ReadState;
using dialer_rows::WriteState;
using store::MemberEvent;
using store::MemberEventResult;

// The contact's other memberships an opt-out is about to skip, as
// pool_member.status_changed events (read only when someone listens).
Status ReportOptOutSkips(db::Connection& conn, store::EventOutbox& outbox, int64_t org,
                         int64_t contact_id, const std::string& contact_uuid) {
  SB_ASSIGN_OR_RETURN(bool wanted, outbox.Wants(outbox_events::kPoolMemberStatusChanged));
  if (!wanted) return OkStatus();
  std::vector<outbox_events::MemberStatusChange> changes;
  {
    SB_ASSIGN_OR_RETURN(
        auto rows,
        conn.Query(std::string("SELECT p.uuid, ") + kStateColumns +
                       " FROM pool_items pi JOIN pools p ON p.organization_id = pi.organization_id"
                       " AND p.id = pi.pool_id WHERE pi.organization_id = ? AND pi.contact_id = ?"
                       " AND pi.status IN ('Pending', 'Retrying', 'Scheduled') ORDER BY pi.id",
                   {org, contact_id}));
    while (true) {
      SB_ASSIGN_OR_RETURN(bool more, rows->Next());
      if (!more) break;
      outbox_events::MemberStatusChange c{rows->String(0), contact_uuid, "", ReadState(*rows, 1)};
      c.previous_status = c.state.status;
      c.state.status = "Skipped";
      c.state.skip_reason = "opted_out";
      c.state.next_retry_at = std::nullopt;
      changes.push_back(std::move(c));
    }
  }
  for (const auto& c : changes) {
    SB_RETURN_IF_ERROR(outbox_events::PoolMemberStatusChanged(outbox, c));
  }
  return OkStatus();
}

}  // namespace

Result<MemberEventResult> DialerService::ReportEvent(int64_t org, const std::string& pool_uuid,
                                                     const std::string& contact_uuid,
                                                     const MemberEvent& event) {
  MemberEventResult result;
  SB_RETURN_IF_ERROR(InUnitOfWork(conn_, org, clock_, ids_, [&](UnitOfWork& uow) -> Status {
    const int64_t now = uow.now();
    SB_ASSIGN_OR_RETURN(
        auto rows,
        conn_.Query(std::string("SELECT pi.id, ") + kStateColumns +
                        ", pi.campaign_id, pi.phone_number_id, c.id, c.timezone, c.country_code,"
                        " p.max_retries, p.id FROM pool_items pi JOIN contacts c"
                        " ON c.organization_id = pi.organization_id AND c.id = pi.contact_id"
                        " JOIN pools p ON p.organization_id = pi.organization_id"
                        " AND p.id = pi.pool_id"
                        " WHERE pi.organization_id = ? AND p.uuid = ? AND c.uuid = ?" +
                        conn_.dialect().ForUpdate("pi"),
                    {org, pool_uuid, contact_uuid}));
    SB_ASSIGN_OR_RETURN(bool found, rows->Next());
    if (!found) {
      rows.reset();
      // Which one is missing decides the 404's message.
      SB_RETURN_IF_ERROR(store::LookupId(conn_, "pools", org, pool_uuid, "Pool"));
      return Error::NotFound("Pool member");
    }
    const int64_t item_id = rows->Int(0);
    const domain::PoolItemState state = ReadState(*rows, 1);
    const int c = 1 + kStateColumnCount;
    const std::optional<int64_t> campaign_id = rows->OptInt(c);
    const std::optional<int64_t> number_id = rows->OptInt(c + 1);
    const int64_t contact_id = rows->Int(c + 2);
    const std::string timezone = rows->OptString(c + 3).value_or("");
    const std::string country = rows->OptString(c + 4).value_or("");
    const int64_t max_retries = rows->Int(c + 5);
    const int64_t pool_id = rows->Int(c + 6);
    rows.reset();

    SB_ASSIGN_OR_RETURN(store::DialingSettings settings,
                        store::LoadDialingSettings(conn_, org, campaign_id));
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
    store::EventOutbox& outbox = uow.outbox();
    SB_RETURN_IF_ERROR(outbox_events::PoolMemberStatusChanged(
        outbox, {pool_uuid, contact_uuid, state.status, t.next}));

    if (t.call_status) {
      store::CallRow call;
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
      SB_RETURN_IF_ERROR(store::InsertCallRow(conn_, org, call, now));
      SB_RETURN_IF_ERROR(outbox_events::CallRecorded(outbox, conn_, org, call.uuid));
      result.call_uuid = call.uuid;
    }
    if (t.opt_out) {
      SB_RETURN_IF_ERROR(
          conn_.Exec("UPDATE contacts SET do_not_call = 1, updated_at = ?"
                     " WHERE organization_id = ? AND id = ?",
                     {db::Timestamp{now}, org, contact_id}));
      if (settings.remove_on_opt_out) {
        SB_RETURN_IF_ERROR(ReportOptOutSkips(conn_, outbox, org, contact_id, contact_uuid));
        SB_RETURN_IF_ERROR(conn_.Exec(
            "UPDATE pool_items SET status = 'Skipped', skip_reason = 'opted_out',"
            " next_retry_at = NULL, updated_at = ? WHERE organization_id = ? AND contact_id = ?"
            " AND status IN ('Pending', 'Retrying', 'Scheduled')",
            {db::Timestamp{now}, org, contact_id}));
      }
    }
    if (campaign_id &&
        (t.next.status == "Completed" || t.next.status == "Failed" || t.next.status == "Skipped")) {
      SB_ASSIGN_OR_RETURN(auto completed, CompleteCampaignIfDone(conn_, org, *campaign_id, now));
      if (completed) {
        SB_RETURN_IF_ERROR(outbox_events::CampaignStatusChanged(
            outbox, completed->uuid, completed->name, completed->previous_status, "Completed"));
      }
    }
    return OkStatus();
  }));
  return result;
}

Result<int64_t> DialerService::SweepExpiredLeases(int64_t limit) {
  SB_ASSIGN_OR_RETURN(std::vector<store::HeldMember> expired,
                      store::DialerRepository(conn_, clock_, ids_).ExpiredLeases(limit));
  int64_t returned = 0;
  for (const store::HeldMember& e : expired) {
    MemberEvent event;
    event.event.type = domain::DialerEventType::kLeaseExpired;
    // Each in a unit of work of its member's organization.
    auto applied = ReportEvent(e.org, e.pool_uuid, e.contact_uuid, event);
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

}  // namespace sb::services
