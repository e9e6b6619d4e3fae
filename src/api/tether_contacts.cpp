// GET /api/contacts: the contacts list of Tether's CRM (seed 002), answered
// from the same contacts and the same domain filter as /api/v1/contacts. Ids
// are our UUIDs; `status` is the contact's pipeline stage name.
#include <map>
#include <string>
#include <vector>

#include "api/json_writer.hpp"
#include "api/query_reader.hpp"
#include "api/routes.hpp"
#include "api/time_range.hpp"
#include "core/ids.hpp"
#include "domain/message.hpp"
#include "store/repositories/contact_repository.hpp"
#include "store/repositories/pipeline_repository.hpp"

namespace sb::api {
namespace {

constexpr int64_t kDefaultSize = 50;
constexpr int64_t kMaxSize = 500;

// The user ids of a parameter that may repeat (owner=a&owner=b), use brackets
// (owner[]=a) or commas (owner=a,b). Each must be a UUID.
std::vector<std::string> UserIds(const ApiRequest& req, const std::string& key, QueryReader& q) {
  std::vector<std::string> raw = req.QueryValues(key);
  for (auto& v : req.QueryValues(key + "[]")) raw.push_back(std::move(v));
  std::vector<std::string> out;
  for (const auto& value : raw) {
    size_t pos = 0;
    while (pos <= value.size()) {
      size_t comma = value.find(',', pos);
      if (comma == std::string::npos) comma = value.size();
      std::string id = value.substr(pos, comma - pos);
      while (!id.empty() && id.back() == ' ') id.pop_back();
      while (!id.empty() && id.front() == ' ') id.erase(0, 1);
      if (!id.empty()) {
        if (!IsUuid(id)) {
          q.AddError(key, "The " + key + " must be one or more user ids.");
          return {};
        }
        out.push_back(CanonicalUuid(id));
      }
      pos = comma + 1;
    }
  }
  return out;
}

// Narrows [from, until) by a JSON range parameter when present.
void ApplyRange(const ApiRequest& req, std::string_view key, QueryReader& q,
                std::optional<int64_t>& from, std::optional<int64_t>& until) {
  auto raw = req.QueryValue(key);
  if (!raw || raw->empty()) return;
  auto range = ParseTimeRange(*raw, key);
  if (!range.ok()) {
    q.AddError(std::string(key), range.error().fields().front().message);
    return;
  }
  if (range->from && (!from || *range->from > *from)) from = range->from;
  if (range->until && (!until || *range->until < *until)) until = range->until;
}

// ownerFilter: my (default), all, unassigned, or a user id (that user owns,
// created or is assigned the contact). `owner` and `assignee` override it.
void ApplyOwnership(const ApiRequest& req, QueryReader& q, domain::ContactFilter& f) {
  std::vector<std::string> users = UserIds(req, "owner", q);
  for (auto& u : UserIds(req, "assignee", q)) users.push_back(std::move(u));
  std::optional<std::string> scope = q.String("ownerFilter");
  if (!users.empty()) {
    f.involved_uuids = std::move(users);
    return;
  }
  std::string s = scope.value_or("my");
  if (s == "my") {
    f.involved_uuids = {req.auth.user_uuid};
  } else if (s == "unassigned") {
    f.unassigned = true;
  } else if (IsUuid(s)) {
    f.involved_uuids = {CanonicalUuid(s)};
  } else if (s != "all") {
    q.AddError("ownerFilter", "The ownerFilter must be my, all, unassigned or a user id.");
  }
}

Result<domain::ContactFilter> ReadFilter(const ApiRequest& req, QueryReader& q) {
  domain::ContactFilter f;
  f.search = q.String("search");
  auto one = [](std::optional<std::string> v) {
    return v ? std::vector<std::string>{std::move(*v)} : std::vector<std::string>{};
  };
  f.source_names = one(q.String("source"));
  f.lead_sources = one(q.String("leadSource"));
  f.stage_name = q.String("status");
  f.stage_uuid = q.Uuid("pipelineStage");
  f.pipeline_uuid = q.Uuid("pipelineId");
  f.last_message_status = q.Enum("messageStatus", domain::MessageStatuses());
  ApplyOwnership(req, q, f);
  ApplyRange(req, "dateRange", q, f.created_from, f.created_until);
  ApplyRange(req, "lastMessageTimeRange", q, f.last_message_from, f.last_message_until);
  ApplyRange(req, "lastMessageDateRange", q, f.last_message_from, f.last_message_until);
  SB_RETURN_IF_ERROR(q.Finish());
  return f;
}

// Stage uuid -> (stage name, pipeline uuid), for each contact's status and pipelineId.
struct StageInfo {
  std::string name;
  std::string pipeline_uuid;
};

void WriteTetherContact(JsonWriter& w, const domain::Contact& c, const std::string& org_uuid,
                        const std::map<std::string, StageInfo>& stages) {
  const StageInfo* stage = nullptr;
  if (c.stage_uuid) {
    auto it = stages.find(*c.stage_uuid);
    if (it != stages.end()) stage = &it->second;
  }
  w.StartObject();
  w.Field("_id", c.uuid);
  w.Field("firstName", c.name);
  w.Field("lastName", c.surname);
  w.Field("phoneNumber", c.phone_number);
  w.Field("email", c.email);
  w.Field("status", stage ? std::optional<std::string>(stage->name) : std::nullopt);
  w.Field("pipelineId", stage ? std::optional<std::string>(stage->pipeline_uuid) : std::nullopt);
  w.Field("pipelineStage", c.stage_uuid);
  w.Field("organizationId", org_uuid);
  w.Field("userId", c.owner_uuid);
  w.Field("createdBy", c.created_by_uuid);
  w.Key("assignees");
  w.StartArray();
  for (const auto& a : c.assignee_uuids) w.String(a);
  w.EndArray();
  w.TimeField("createdAt", c.created_at);
  w.TimeField("updatedAt", c.updated_at);
  w.EndObject();
}

Result<ApiResponse> ListTetherContacts(const ApiRequest& req, HandlerContext& s) {
  QueryReader q(req);
  domain::PageRequest page = q.Page(kDefaultSize, kMaxSize, "size");
  SB_ASSIGN_OR_RETURN(domain::ContactFilter filter, ReadFilter(req, q));

  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  const int64_t org = req.auth.organization_id;
  std::map<std::string, StageInfo> stages;
  {
    store::PipelineRepository pipelines(*conn, s.clock, s.ids);
    SB_ASSIGN_OR_RETURN(auto all, pipelines.List(org));
    for (const auto& p : all) {
      for (const auto& st : p.stages) stages[st.uuid] = StageInfo{st.name, p.uuid};
    }
  }
  store::ContactRepository contacts(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto result,
                      contacts.List(org, req.auth.write_generation, filter, page, s.counts));

  auto write_list = [&](JsonWriter& w) {
    w.StartArray();
    for (const auto& c : result.contacts) {
      WriteTetherContact(w, c, req.auth.organization_uuid, stages);
    }
    w.EndArray();
  };
  JsonWriter w;
  w.StartObject();
  w.Field("success", true);
  w.Key("data");
  w.StartObject();
  w.Key("contacts");
  write_list(w);
  w.Field("total", result.total);
  w.Field("page", page.page);
  w.Field("size", page.per_page);
  w.EndObject();
  w.Key("meta");
  w.StartObject();
  w.EndObject();
  w.Key("contacts");
  write_list(w);
  w.Field("total", result.total);
  w.EndObject();
  return ApiResponse{200, "application/json", w.Take()};
}

}  // namespace

void RegisterTetherRoutes(Router& router) {
  router.Add("GET", "/api/contacts", ListTetherContacts, /*requires_auth=*/true,
             ErrorStyle::kTether);
}

}  // namespace sb::api
