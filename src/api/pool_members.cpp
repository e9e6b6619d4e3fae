// /api/v1/pools/{uuid}/contacts: a pool's members (seed 000), adding contacts
// to a pool, manual moves and removal.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "api/body_reader.hpp"
#include "api/pool_json.hpp"
#include "api/query_reader.hpp"
#include "api/routes.hpp"
#include "services/pool_member_service.hpp"
#include "store/repositories/pool_item_repository.hpp"

namespace sb::api {
namespace {

using domain::kMemberPriorityLimit;

Result<ApiResponse> ListMembers(const ApiRequest& req, HandlerContext& s) {
  QueryReader q(req);
  domain::PageRequest page = q.Page(/*default_per_page=*/25);
  store::PoolMemberFilter filter;
  filter.search = q.String("search");
  filter.status = q.Enum("status", domain::PoolItemStatuses());
  SB_RETURN_IF_ERROR(q.Finish());

  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::PoolItemRepository members(*conn, s.clock, s.ids);
  const int64_t org = req.auth.organization_id;
  const std::string& pool_uuid = req.Param("uuid");
  SB_ASSIGN_OR_RETURN(int64_t pool_id, members.PoolId(org, pool_uuid));
  SB_ASSIGN_OR_RETURN(int64_t total, CachedTotal(req, s, filter.Key(pool_id), [&] {
                        return members.Count(org, pool_id, filter);
                      }));
  SB_ASSIGN_OR_RETURN(auto list, members.List(org, pool_id, filter, page));
  auto info = domain::DescribePage(page, total, static_cast<int64_t>(list.size()));
  return Envelope("Pool contacts retrieved successfully", [&](JsonWriter& w) {
    WriteShortPage(
        w, info,
        [&](JsonWriter& rw) {
          for (const auto& m : list) WritePoolMember(rw, m, /*with_pool=*/false);
        },
        [&](JsonWriter& lw) { lw.Field("pool_uuid", pool_uuid); });
  });
}

// All or nothing: when any uuid is not a contact of the organization the
// answer is a 422 naming contact_uuids (the details list the unknown ones) and
// nothing is added. Contacts already in the pool are counted as skipped.
Result<ApiResponse> AddMembers(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  auto uuids = body.UuidArray("contact_uuids", /*required=*/true, 1, 1000);
  int64_t priority = body.Int("priority", -kMemberPriorityLimit, kMemberPriorityLimit).value_or(0);
  SB_RETURN_IF_ERROR(body.Finish());

  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  services::PoolMemberService members(*conn, s.clock, s.ids);
  const std::string& pool_uuid = req.Param("uuid");
  SB_ASSIGN_OR_RETURN(auto added,
                      members.Add(req.auth.organization_id, pool_uuid, *uuids, priority));
  return Envelope("Contacts added to pool successfully", [&](JsonWriter& w) {
    w.StartObject();
    w.Field("pool_uuid", pool_uuid);
    w.Field("contacts_added", added.added);
    w.Field("contacts_skipped", added.skipped);
    w.Key("contact_uuids_not_found");
    w.StartArray();
    w.EndArray();
    w.EndObject();
  });
}

Result<ApiResponse> UpdateMember(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  store::MemberChange change;
  change.priority = body.Int("priority", -kMemberPriorityLimit, kMemberPriorityLimit);
  change.notes = body.NullableString("notes", domain::kMemberNotesMax);
  for (const char* key : {"priority", "status"}) {
    auto it = doc.FindMember(key);
    if (it != doc.MemberEnd() && it->value.IsNull()) {
      body.AddError(key, fmt::format("The {} may not be null.", key));
    }
  }
  auto status = body.String("status");
  auto next_retry_at = body.NullableTime("next_retry_at");
  auto reason = body.NullableString("reason", 255);
  SB_RETURN_IF_ERROR(body.Finish());
  if (status) {
    domain::ManualMove move;
    move.target = *status;
    if (next_retry_at) move.next_retry_at = *next_retry_at;
    if (reason) move.reason = *reason;
    change.move = std::move(move);
  }

  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  services::PoolMemberService members(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto member, members.Update(req.auth.organization_id, req.Param("uuid"),
                                                  req.Param("contact_uuid"), change));
  return Envelope("Pool contact updated successfully",
                  [&](JsonWriter& w) { WritePoolMember(w, member, /*with_pool=*/true); });
}

Result<ApiResponse> RemoveMember(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  services::PoolMemberService members(*conn, s.clock, s.ids);
  SB_RETURN_IF_ERROR(
      members.Remove(req.auth.organization_id, req.Param("uuid"), req.Param("contact_uuid")));
  return EmptyEnvelope("Contact removed from pool successfully");
}

}  // namespace

void RegisterPoolMemberRoutes(Router& router) {
  router.Add("GET", "/api/v1/pools/{uuid}/contacts", ListMembers);
  router.Add("POST", "/api/v1/pools/{uuid}/contacts", AddMembers);
  router.Add("PATCH", "/api/v1/pools/{uuid}/contacts/{contact_uuid}", UpdateMember);
  router.Add("DELETE", "/api/v1/pools/{uuid}/contacts/{contact_uuid}", RemoveMember);
}

}  // namespace sb::api
