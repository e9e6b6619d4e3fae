// /api/v1/agents and their channel bindings
// (/api/v1/agents/{uuid}/channels/{channel}).
#include "api/body_reader.hpp"
#include "api/json_writer.hpp"
#include "api/query_reader.hpp"
#include "api/routes.hpp"
#include "api/unit_of_work.hpp"
#include "store/repositories/agent_repository.hpp"
#include "store/repositories/count_cache.hpp"

namespace sb::api {
namespace {

void WriteAgent(JsonWriter& w, const domain::Agent& a) {
  w.StartObject();
  w.Field("uuid", a.uuid);
  w.Field("name", a.name);
  w.Key("bindings");
  w.StartArray();
  for (const auto& b : a.bindings) {
    w.StartObject();
    w.Field("channel", b.channel);
    w.Field("phone_number_uuid", b.phone_number_uuid);
    w.Field("number", b.number);
    w.EndObject();
  }
  w.EndArray();
  w.TimeField("created_at", a.created_at);
  w.TimeField("updated_at", a.updated_at);
  w.EndObject();
}

Result<std::string> ReadName(const ApiRequest& req) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  auto name = body.String("name", /*required=*/true, 1, 255);
  SB_RETURN_IF_ERROR(body.Finish());
  return *name;
}

// The {channel} path segment: call, sms or whatsapp.
Result<std::string> ReadChannel(const ApiRequest& req) {
  const std::string& channel = req.Param("channel");
  if (!domain::IsOneOf(channel, domain::AgentChannels())) {
    return Error::Validation("channel", "The selected channel is invalid; it must be " +
                                            domain::DescribeChoices(domain::AgentChannels()) + ".");
  }
  return channel;
}

Result<ApiResponse> ListAgents(const ApiRequest& req, HandlerContext& s) {
  QueryReader query(req);
  domain::PageRequest page = query.Page(15);
  SB_RETURN_IF_ERROR(query.Finish());
  int64_t org = req.auth.organization_id;
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::AgentRepository agents(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto list, agents.List(org, page));
  std::optional<int64_t> total = s.counts.Get(org, req.auth.write_generation, "agents");
  if (!total) {
    SB_ASSIGN_OR_RETURN(total, agents.Count(org));
    s.counts.Put(org, req.auth.write_generation, "agents", *total);
  }
  domain::PageInfo info = domain::DescribePage(page, *total, static_cast<int64_t>(list.size()));
  return Envelope("Agents retrieved successfully", [&](JsonWriter& w) {
    w.StartObject();
    w.Field("current_page", info.current_page);
    w.Field("last_page", info.last_page);
    w.Field("per_page", info.per_page);
    w.Field("total", info.total);
    w.Key("data");
    w.StartArray();
    for (const auto& a : list) WriteAgent(w, a);
    w.EndArray();
    w.EndObject();
  });
}

Result<ApiResponse> CreateAgent(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(std::string name, ReadName(req));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::AgentRepository agents(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto agent, InUnitOfWork(req, s, *conn, [&] {
                        return agents.Create(req.auth.organization_id, name);
                      }));
  return Envelope(
      "Agent created successfully", [&](JsonWriter& w) { WriteAgent(w, agent); }, 201);
}

Result<ApiResponse> GetAgent(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::AgentRepository agents(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto agent, agents.Get(req.auth.organization_id, req.Param("uuid")));
  return Envelope("Agent retrieved successfully", [&](JsonWriter& w) { WriteAgent(w, agent); });
}

Result<ApiResponse> UpdateAgent(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(std::string name, ReadName(req));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::AgentRepository agents(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto agent, InUnitOfWork(req, s, *conn, [&] {
                        return agents.Rename(req.auth.organization_id, req.Param("uuid"), name);
                      }));
  return Envelope("Agent updated successfully", [&](JsonWriter& w) { WriteAgent(w, agent); });
}

Result<ApiResponse> DeleteAgent(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::AgentRepository agents(*conn, s.clock, s.ids);
  SB_RETURN_IF_ERROR(InUnitOfWork(
      req, s, *conn, [&] { return agents.Delete(req.auth.organization_id, req.Param("uuid")); }));
  return EmptyEnvelope("Agent deleted successfully");
}

Result<ApiResponse> BindChannel(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(std::string channel, ReadChannel(req));
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  auto number = body.Uuid("phone_number_uuid", /*required=*/true);
  SB_RETURN_IF_ERROR(body.Finish());
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::AgentRepository agents(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto agent,
                      agents.Bind(req.auth.organization_id, req.Param("uuid"), channel, *number));
  return Envelope("Phone number bound successfully", [&](JsonWriter& w) { WriteAgent(w, agent); });
}

// The number to unbind may come as a query parameter or in a JSON body.
Result<std::optional<std::string>> ReadUnbindNumber(const ApiRequest& req) {
  QueryReader query(req);
  std::optional<std::string> number = query.Uuid("phone_number_uuid");
  SB_RETURN_IF_ERROR(query.Finish());
  if (number) return number;
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  number = body.Uuid("phone_number_uuid");
  SB_RETURN_IF_ERROR(body.Finish());
  return number;
}

Result<ApiResponse> UnbindChannel(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(std::string channel, ReadChannel(req));
  SB_ASSIGN_OR_RETURN(std::optional<std::string> number, ReadUnbindNumber(req));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::AgentRepository agents(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto agent,
                      agents.Unbind(req.auth.organization_id, req.Param("uuid"), channel, number));
  return Envelope("Phone number unbound successfully",
                  [&](JsonWriter& w) { WriteAgent(w, agent); });
}

}  // namespace

void RegisterAgentRoutes(Router& router) {
  router.Add("GET", "/api/v1/agents", ListAgents);
  router.Add("POST", "/api/v1/agents", CreateAgent);
  router.Add("GET", "/api/v1/agents/{uuid}", GetAgent);
  router.Add("PATCH", "/api/v1/agents/{uuid}", UpdateAgent);
  router.Add("PUT", "/api/v1/agents/{uuid}", UpdateAgent);
  router.Add("DELETE", "/api/v1/agents/{uuid}", DeleteAgent);
  router.Add("POST", "/api/v1/agents/{uuid}/channels/{channel}", BindChannel);
  router.Add("DELETE", "/api/v1/agents/{uuid}/channels/{channel}", UnbindChannel);
}

}  // namespace sb::api
