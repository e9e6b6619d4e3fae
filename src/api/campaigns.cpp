// /api/v1/campaigns and their pools.
#include <fmt/format.h>

#include "api/body_reader.hpp"
#include "api/entity_json.hpp"
#include "api/pool_json.hpp"
#include "api/query_reader.hpp"
#include "api/routes.hpp"
#include "api/unit_of_work.hpp"
#include "domain/campaign.hpp"
#include "domain/campaign_entity.hpp"
#include "services/campaign_service.hpp"
#include "store/repositories/campaign_repository.hpp"

namespace sb::api {
namespace {

void WriteCampaign(JsonWriter& w, const domain::Campaign& c) {
  w.StartObject();
  for (const auto& f : domain::kCampaignEntity) {
    if (f.type != domain::FieldType::kUuidList) {
      WriteEntityField(w, f, c);
      continue;
    }
    // The attached pools, each with its name.
    w.Key(f.wire);
    w.StartArray();
    for (const auto& p : c.pools) {
      w.StartObject();
      w.Field("uuid", p.uuid);
      w.Field("name", p.name);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

// A POST body (name required) or PUT body (every field optional; name and
// status may not be null, agent_uuid null detaches the agent).
Result<store::CampaignFields> ReadCampaignFields(const ApiRequest& req, bool create) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  if (!create) {
    for (const char* key : {"name", "status"}) {
      auto it = doc.FindMember(key);
      if (it != doc.MemberEnd() && it->value.IsNull()) {
        body.AddError(key, fmt::format("The {} may not be null.", key));
      }
    }
  }
  store::CampaignFields f;
  f.name = body.String("name", create, 1, domain::kCampaignNameMax);
  f.status = body.Enum("status", domain::CampaignStatuses());
  f.agent_uuid = body.NullableUuid("agent_uuid");
  SB_RETURN_IF_ERROR(body.Finish());
  return f;
}

Result<ApiResponse> ListCampaigns(const ApiRequest& req, HandlerContext& s) {
  QueryReader q(req);
  domain::PageRequest page = q.Page(15);
  store::CampaignFilter filter;
  filter.status = q.Enum("status", domain::CampaignStatuses());
  SB_RETURN_IF_ERROR(q.Finish());

  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::CampaignRepository campaigns(*conn, s.clock, s.ids);
  const int64_t org = req.auth.organization_id;
  SB_ASSIGN_OR_RETURN(int64_t total, CachedTotal(req, s, filter.Key(),
                                                 [&] { return campaigns.Count(org, filter); }));
  SB_ASSIGN_OR_RETURN(auto list, campaigns.List(org, filter, page));
  auto info = domain::DescribePage(page, total, static_cast<int64_t>(list.size()));
  return Envelope("Campaigns retrieved successfully", [&](JsonWriter& w) {
    WriteShortPage(w, info, [&](JsonWriter& rw) {
      for (const auto& c : list) WriteCampaign(rw, c);
    });
  });
}

Result<ApiResponse> CreateCampaign(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto fields, ReadCampaignFields(req, /*create=*/true));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::CampaignRepository campaigns(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto c, InUnitOfWork(req, s, *conn, [&] {
                        return campaigns.Create(req.auth.organization_id, fields);
                      }));
  return Envelope(
      "Campaign created successfully", [&](JsonWriter& w) { WriteCampaign(w, c); }, 201);
}

Result<ApiResponse> GetCampaign(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::CampaignRepository campaigns(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto c, campaigns.Get(req.auth.organization_id, req.Param("uuid")));
  return Envelope("Campaign retrieved successfully", [&](JsonWriter& w) { WriteCampaign(w, c); });
}

Result<ApiResponse> UpdateCampaign(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto fields, ReadCampaignFields(req, /*create=*/false));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  services::CampaignService campaigns(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto c,
                      campaigns.Update(req.auth.organization_id, req.Param("uuid"), fields));
  return Envelope("Campaign updated successfully", [&](JsonWriter& w) { WriteCampaign(w, c); });
}

Result<ApiResponse> DeleteCampaign(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::CampaignRepository campaigns(*conn, s.clock, s.ids);
  SB_RETURN_IF_ERROR(InUnitOfWork(req, s, *conn, [&] {
    return campaigns.Delete(req.auth.organization_id, req.Param("uuid"));
  }));
  return EmptyEnvelope("Campaign deleted successfully");
}

// {"rule_uuid": uuid} attaches a rule of the organization, null detaches it.
Result<ApiResponse> SetCampaignRule(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  auto rule_uuid = body.NullableUuid("rule_uuid");
  if (!body.Has("rule_uuid")) body.AddError("rule_uuid", "The rule_uuid field is required.");
  SB_RETURN_IF_ERROR(body.Finish());
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::CampaignRepository campaigns(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto c, InUnitOfWork(req, s, *conn, [&] {
                        return campaigns.SetRule(req.auth.organization_id, req.Param("uuid"),
                                                 *rule_uuid);
                      }));
  return Envelope("Campaign rule updated successfully",
                  [&](JsonWriter& w) { WriteCampaign(w, c); });
}

Result<ApiResponse> AttachPools(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  auto uuids = body.UuidArray("pool_uuids", /*required=*/true, 1, 1000);
  SB_RETURN_IF_ERROR(body.Finish());
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::CampaignRepository campaigns(*conn, s.clock, s.ids);
  const std::string& uuid = req.Param("uuid");
  SB_ASSIGN_OR_RETURN(auto result, InUnitOfWork(req, s, *conn, [&] {
                        return campaigns.AttachPools(req.auth.organization_id, uuid, *uuids);
                      }));
  return Envelope("Pools attached to campaign successfully", [&](JsonWriter& w) {
    w.StartObject();
    w.Field("campaign_uuid", uuid);
    w.Field("pools_attached", result.attached);
    w.Field("pools_already_attached", result.already_attached);
    w.Key("pool_uuids_not_found");
    w.StartArray();
    for (const auto& u : result.not_found) w.String(u);
    w.EndArray();
    w.EndObject();
  });
}

Result<ApiResponse> DetachPool(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::CampaignRepository campaigns(*conn, s.clock, s.ids);
  SB_RETURN_IF_ERROR(InUnitOfWork(req, s, *conn, [&] {
    return campaigns.DetachPool(req.auth.organization_id, req.Param("uuid"),
                                req.Param("pool_uuid"));
  }));
  return EmptyEnvelope("Pool detached from campaign successfully");
}

}  // namespace

void RegisterCampaignRoutes(Router& router) {
  router.Add("GET", "/api/v1/campaigns", ListCampaigns);
  router.Add("POST", "/api/v1/campaigns", CreateCampaign);
  router.Add("GET", "/api/v1/campaigns/{uuid}", GetCampaign);
  router.Add("PUT", "/api/v1/campaigns/{uuid}", UpdateCampaign);
  router.Add("PATCH", "/api/v1/campaigns/{uuid}", UpdateCampaign);
  router.Add("PUT", "/api/v1/campaigns/{uuid}/rule", SetCampaignRule);
  router.Add("DELETE", "/api/v1/campaigns/{uuid}", DeleteCampaign);
  router.Add("POST", "/api/v1/campaigns/{uuid}/pools", AttachPools);
  router.Add("DELETE", "/api/v1/campaigns/{uuid}/pools/{pool_uuid}", DetachPool);
}

}  // namespace sb::api
