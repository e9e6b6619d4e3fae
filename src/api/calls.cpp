// /api/v1/calls and /api/v1/contacts/{uuid}/calls: the call log.
#include "api/body_reader.hpp"
#include "api/json_writer.hpp"
#include "api/pool_json.hpp"
#include "api/query_reader.hpp"
#include "api/routes.hpp"
#include "services/call_service.hpp"
#include "store/repositories/call_repository.hpp"

namespace sb::api {
namespace {

constexpr int64_t kCallsPerPage = 15;
constexpr int64_t kDaySeconds = int64_t{24} * 3600;

void WriteCall(JsonWriter& w, const domain::Call& k) {
  w.StartObject();
  w.Field("uuid", k.uuid);
  w.Field("contact_uuid", k.contact_uuid);
  w.Field("agent_uuid", k.agent_uuid);
  w.Field("phone_number_uuid", k.phone_number_uuid);
  w.Field("campaign_uuid", k.campaign_uuid);
  w.Field("direction", k.direction);
  w.Field("status", k.status);
  w.TimeField("started_at", k.started_at);
  w.Field("duration", k.duration);
  w.Field("feedback", k.feedback);
  w.Field("recording_url", k.recording_url);
  w.TimeField("created_at", k.created_at);
  w.EndObject();
}

Result<domain::NewCall> ReadNewCall(const ApiRequest& req, const Clock& clock) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  domain::NewCall call;
  auto contact = body.Uuid("contact_uuid", /*required=*/true);
  call.agent_uuid = body.Uuid("agent_uuid");
  call.phone_number_uuid = body.Uuid("phone_number_uuid");
  call.campaign_uuid = body.Uuid("campaign_uuid");
  auto direction = body.Enum("direction", domain::CallDirections());
  auto status = body.Enum("status", domain::CallStatuses(), /*required=*/true);
  auto started_at = body.NullableTime("started_at");
  auto duration = body.Int("duration", 0, domain::kCallDurationMax);
  auto feedback = body.NullableString("feedback", domain::kCallFeedbackMax);
  auto recording_url = body.NullableString("recording_url", domain::kRecordingUrlMax);
  if (recording_url && *recording_url && !domain::IsHttpUrl(**recording_url)) {
    body.AddError("recording_url", "The recording_url must be an http or https URL.");
  }
  SB_RETURN_IF_ERROR(body.Finish());
  call.contact_uuid = *contact;
  call.direction = direction.value_or("outbound");
  call.status = *status;
  // Absent or null: the call starts now.
  call.started_at = started_at && *started_at ? **started_at : clock.NowSeconds();
  call.duration = duration.value_or(0);
  if (feedback) call.feedback = *feedback;
  if (recording_url) call.recording_url = *recording_url;
  return call;
}

// The filters both call lists share; `contact_uuid` only on /api/v1/calls.
Result<domain::CallFilter> ReadCallFilter(QueryReader& q, bool with_contact_filter) {
  domain::CallFilter filter;
  if (with_contact_filter) filter.contact_uuid = q.Uuid("contact_uuid");
  filter.campaign_uuid = q.Uuid("campaign_uuid");
  filter.status = q.Enum("status", domain::CallStatuses());
  filter.started_from = q.Date("date_from");
  if (auto to = q.Date("date_to")) filter.started_until = *to + kDaySeconds;  // inclusive day
  SB_RETURN_IF_ERROR(q.Finish());
  return filter;
}

Result<ApiResponse> CallPage(const ApiRequest& req, HandlerContext& s, store::CallRepository& calls,
                             const domain::CallFilter& filter, const domain::PageRequest& page) {
  const int64_t org = req.auth.organization_id;
  SB_ASSIGN_OR_RETURN(int64_t total, CachedTotal(req, s, filter.CacheKey(),
                                                 [&] { return calls.Count(org, filter); }));
  SB_ASSIGN_OR_RETURN(auto list, calls.List(org, filter, page));
  auto info = domain::DescribePage(page, total, static_cast<int64_t>(list.size()));
  return Envelope("Calls retrieved successfully", [&](JsonWriter& w) {
    WriteShortPage(w, info, [&](JsonWriter& rw) {
      for (const auto& k : list) WriteCall(rw, k);
    });
  });
}

Result<ApiResponse> ListCalls(const ApiRequest& req, HandlerContext& s) {
  QueryReader q(req);
  domain::PageRequest page = q.Page(kCallsPerPage);
  SB_ASSIGN_OR_RETURN(auto filter, ReadCallFilter(q, /*with_contact_filter=*/true));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::CallRepository calls(*conn, s.clock, s.ids);
  return CallPage(req, s, calls, filter, page);
}

Result<ApiResponse> ListContactCalls(const ApiRequest& req, HandlerContext& s) {
  QueryReader q(req);
  domain::PageRequest page = q.Page(kCallsPerPage);
  SB_ASSIGN_OR_RETURN(auto filter, ReadCallFilter(q, /*with_contact_filter=*/false));
  filter.contact_uuid = req.Param("uuid");
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::CallRepository calls(*conn, s.clock, s.ids);
  SB_RETURN_IF_ERROR(calls.RequireContact(req.auth.organization_id, *filter.contact_uuid));
  return CallPage(req, s, calls, filter, page);
}

Result<ApiResponse> CreateCall(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto fields, ReadNewCall(req, s.clock));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  SB_ASSIGN_OR_RETURN(
      auto call,
      services::CallService(*conn, s.clock, s.ids).Record(req.auth.organization_id, fields));
  return Envelope(
      "Call created successfully", [&](JsonWriter& w) { WriteCall(w, call); }, 201);
}

Result<ApiResponse> GetCall(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::CallRepository calls(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto call, calls.Get(req.auth.organization_id, req.Param("uuid")));
  return Envelope("Call retrieved successfully", [&](JsonWriter& w) { WriteCall(w, call); });
}

}  // namespace

void RegisterCallRoutes(Router& router) {
  router.Add("GET", "/api/v1/calls", ListCalls);
  router.Add("POST", "/api/v1/calls", CreateCall);
  router.Add("GET", "/api/v1/calls/{uuid}", GetCall);
  router.Add("GET", "/api/v1/contacts/{uuid}/calls", ListContactCalls);
}

}  // namespace sb::api
