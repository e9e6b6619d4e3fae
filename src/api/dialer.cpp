// The dialer's worker API: claiming due members of a campaign and reporting
// what happened to each (domain/dialer.hpp has the state machine).
#include <cmath>

#include "api/body_reader.hpp"
#include "api/pool_json.hpp"
#include "api/routes.hpp"
#include "services/dialer_service.hpp"
#include "store/repositories/dialer_repository.hpp"
#include "store/repositories/dialer_stats.hpp"
#include "store/repositories/pool_item_repository.hpp"

namespace sb::api {
namespace {

constexpr size_t kWorkerIdMax = 200;

void WriteClaimed(JsonWriter& w, const store::ClaimedMember& m) {
  w.StartObject();
  w.Field("pool_uuid", m.pool_uuid);
  w.Key("contact");
  w.StartObject();
  w.Field("uuid", m.contact_uuid);
  w.Field("name", m.name);
  w.Field("surname", m.surname);
  w.Field("phone_number", m.phone_number);
  w.Field("email", m.email);
  w.Field("timezone", m.timezone);
  w.EndObject();
  w.Field("attempt", m.attempt);
  w.Field("previous_status", m.previous_status);
  w.TimeField("lease_expires_at", m.lease_expires_at);
  w.Key("from_number");
  w.StartObject();
  w.Field("uuid", m.from_number_uuid);
  w.Field("number", m.from_number);
  w.EndObject();
  w.Field("zone_decided_by", m.zone_decided_by);
  w.EndObject();
}

Result<ApiResponse> Claim(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  store::ClaimRequest claim;
  claim.worker_id = body.String("worker_id", /*required=*/true, 1, kWorkerIdMax).value_or("");
  claim.lease_seconds = body.Int("lease_seconds", 1, 3600).value_or(120);
  claim.limit = body.Int("limit", 1, 100).value_or(1);
  SB_RETURN_IF_ERROR(body.Finish());

  // Claims arriving together share one commit (store/db/commit_group.hpp).
  std::vector<store::ClaimedMember> claimed;
  SB_RETURN_IF_ERROR(s.commits.Run([&](db::Connection& conn) -> Status {
    services::DialerService dialer(conn, s.clock, s.ids);
    SB_ASSIGN_OR_RETURN(claimed, dialer.Claim(req.auth.organization_id, req.Param("uuid"), claim));
    return OkStatus();
  }));
  return Envelope(
      claimed.empty() ? "No contact is due to be called now" : "Contacts claimed successfully",
      [&](JsonWriter& w) {
        w.StartArray();
        for (const auto& m : claimed) WriteClaimed(w, m);
        w.EndArray();
      });
}

Result<ApiResponse> MemberEvent(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  store::MemberEvent event;
  auto type = body.String("type", /*required=*/true, 1, 50);
  event.event.worker_id = body.String("worker_id", /*required=*/true, 1, kWorkerIdMax).value_or("");
  event.event.outcome = body.String("outcome", false, 1, 50);
  if (auto at = body.NullableTime("callback_at"); at && *at) event.event.callback_at = **at;
  event.event.reason = body.String("reason", false, 1, 255);
  event.feedback = body.String("feedback", false, 0, 5000);
  event.recording_url = body.String("recording_url", false, 1, 2000);
  if (type) {
    auto parsed = domain::ParseDialerEventType(*type);
    if (parsed.ok()) {
      event.event.type = *parsed;
    } else {
      body.AddError("type", parsed.error().message());
    }
  }
  SB_RETURN_IF_ERROR(body.Finish());

  const int64_t org = req.auth.organization_id;
  // Events arriving together share one commit (store/db/commit_group.hpp); the
  // member is read back inside the same transaction.
  store::MemberEventResult applied;
  domain::PoolMember member;
  SB_RETURN_IF_ERROR(s.commits.Run([&](db::Connection& conn) -> Status {
    services::DialerService dialer(conn, s.clock, s.ids);
    SB_ASSIGN_OR_RETURN(
        applied, dialer.ReportEvent(org, req.Param("uuid"), req.Param("contact_uuid"), event));
    store::PoolItemRepository members(conn, s.clock, s.ids);
    SB_ASSIGN_OR_RETURN(member, members.Get(org, req.Param("uuid"), req.Param("contact_uuid")));
    return OkStatus();
  }));
  return Envelope("Event recorded successfully", [&](JsonWriter& w) {
    w.StartObject();
    w.Key("member");
    WritePoolMember(w, member, /*with_pool=*/true);
    w.Field("attempts", applied.state.attempt_count);
    w.Field("last_outcome", applied.state.last_outcome);
    w.Field("call_uuid", applied.call_uuid);
    w.EndObject();
  });
}

Result<ApiResponse> Preview(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  services::DialerService dialer(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto p, dialer.Preview(req.auth.organization_id, req.Param("uuid")));
  return Envelope("Campaign preview retrieved successfully", [&](JsonWriter& w) {
    w.StartObject();
    w.Field("campaign_uuid", req.Param("uuid"));
    w.Field("status", p.campaign_status);
    w.TimeField("evaluated_at", p.evaluated_at);
    w.Field("members", p.members);
    w.Field("callable_now", p.callable_now);
    w.Field("free_lines", p.free_lines);
    w.Field("free_slots", p.free_slots);
    w.TimeField("next_retry_at", p.next_retry_at);
    w.TimeField("window_opens_at", p.window_opens_at);
    w.Key("waiting");
    w.StartObject();
    for (const auto& [reason, count] : p.reasons) w.Field(reason, count);
    w.EndObject();
    w.EndObject();
  });
}

// A ratio of two counts rounded to 4 decimals (0 when there is nothing to count).
double Ratio(int64_t part, int64_t whole) {
  if (whole <= 0) return 0.0;
  const double ratio = static_cast<double>(part) / static_cast<double>(whole);
  return std::floor(ratio * 10000.0) / 10000.0;
}

ApiResponse StatsResponse(std::string_view key, const std::string& uuid,
                          const store::DialerStats& st) {
  return Envelope("Statistics retrieved successfully", [&](JsonWriter& w) {
    w.StartObject();
    w.Field(key, uuid);
    w.Field("members", st.members);
    w.Key("by_status");
    w.StartObject();
    for (const auto& [status, n] : st.by_status) w.Field(status, n);
    w.EndObject();
    w.Field("attempts", st.attempts);
    w.Field("calls", st.calls);
    w.Key("outcomes");
    w.StartObject();
    for (const auto& [status, n] : st.outcomes) w.Field(status, n);
    w.EndObject();
    w.Key("completion_rate");
    w.Double(Ratio(st.terminal, st.members));
    w.Key("success_rate");
    w.Double(Ratio(st.completed, st.members));
    w.EndObject();
  });
}

Result<ApiResponse> CampaignStatsRoute(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  SB_ASSIGN_OR_RETURN(auto st,
                      store::CampaignStats(*conn, req.auth.organization_id, req.Param("uuid")));
  return StatsResponse("campaign_uuid", req.Param("uuid"), st);
}

Result<ApiResponse> PoolStatsRoute(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  SB_ASSIGN_OR_RETURN(auto st,
                      store::PoolStats(*conn, req.auth.organization_id, req.Param("uuid")));
  return StatsResponse("pool_uuid", req.Param("uuid"), st);
}

}  // namespace

void RegisterDialerRoutes(Router& router) {
  router.Add("POST", "/api/v1/campaigns/{uuid}/claim", Claim);
  router.Add("GET", "/api/v1/campaigns/{uuid}/preview", Preview);
  router.Add("GET", "/api/v1/campaigns/{uuid}/stats", CampaignStatsRoute);
  router.Add("GET", "/api/v1/pools/{uuid}/stats", PoolStatsRoute);
  router.Add("POST", "/api/v1/pools/{uuid}/contacts/{contact_uuid}/events", MemberEvent);
}

}  // namespace sb::api
