// /api/v1/tags
#include "api/body_reader.hpp"
#include "api/entity_json.hpp"
#include "api/json_writer.hpp"
#include "api/routes.hpp"
#include "api/unit_of_work.hpp"
#include "domain/tag_entity.hpp"
#include "store/repositories/tag_repository.hpp"

namespace sb::api {
namespace {

void WriteTag(JsonWriter& w, const domain::Tag& t) {
  w.StartObject();
  for (const auto& f : domain::kTagEntity) WriteEntityField(w, f, t);
  w.EndObject();
}

Result<std::string> ReadName(const ApiRequest& req) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  auto name = body.String("name", /*required=*/true, 1, domain::kMaxTagNameLength);
  SB_RETURN_IF_ERROR(body.Finish());
  return *name;
}

Result<ApiResponse> ListTags(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::TagRepository tags(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto list, tags.List(req.auth.organization_id));
  return Envelope("Tags retrieved successfully", [&](JsonWriter& w) {
    w.StartArray();
    for (const auto& t : list) WriteTag(w, t);
    w.EndArray();
  });
}

Result<ApiResponse> CreateTag(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(std::string name, ReadName(req));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::TagRepository tags(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto tag, InUnitOfWork(req, s, *conn, [&] {
                        return tags.Create(req.auth.organization_id, name);
                      }));
  return Envelope(
      "Tag created successfully", [&](JsonWriter& w) { WriteTag(w, tag); }, 201);
}

Result<ApiResponse> GetTag(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::TagRepository tags(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto tag, tags.Get(req.auth.organization_id, req.Param("uuid")));
  return Envelope("Tag retrieved successfully", [&](JsonWriter& w) { WriteTag(w, tag); });
}

Result<ApiResponse> UpdateTag(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(std::string name, ReadName(req));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::TagRepository tags(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto tag, InUnitOfWork(req, s, *conn, [&] {
                        return tags.Rename(req.auth.organization_id, req.Param("uuid"), name);
                      }));
  return Envelope("Tag updated successfully", [&](JsonWriter& w) { WriteTag(w, tag); });
}

Result<ApiResponse> DeleteTag(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::TagRepository tags(*conn, s.clock, s.ids);
  SB_RETURN_IF_ERROR(InUnitOfWork(
      req, s, *conn, [&] { return tags.Delete(req.auth.organization_id, req.Param("uuid")); }));
  return EmptyEnvelope("Tag deleted successfully");
}

}  // namespace

void RegisterTagRoutes(Router& router) {
  router.Add("GET", "/api/v1/tags", ListTags);
  router.Add("POST", "/api/v1/tags", CreateTag);
  router.Add("GET", "/api/v1/tags/{uuid}", GetTag);
  router.Add("PATCH", "/api/v1/tags/{uuid}", UpdateTag);
  router.Add("PUT", "/api/v1/tags/{uuid}", UpdateTag);
  router.Add("DELETE", "/api/v1/tags/{uuid}", DeleteTag);
}

}  // namespace sb::api
