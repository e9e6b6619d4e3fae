// /api/v1/pipelines
#include <fmt/format.h>

#include <set>

#include "api/body_reader.hpp"
#include "api/entity_json.hpp"
#include "api/json_writer.hpp"
#include "api/routes.hpp"
#include "api/unit_of_work.hpp"
#include "domain/pipeline_entity.hpp"
#include "store/repositories/pipeline_repository.hpp"

namespace sb::api {
namespace {

// The declared fields in order; the stages (no plain member) nested, each by
// the stage's declaration.
void WritePipeline(JsonWriter& w, const domain::Pipeline& p) {
  w.StartObject();
  for (const auto& f : domain::kPipelineEntity) {
    if (f.type != domain::FieldType::kNested) {
      WriteEntityField(w, f, p);
      continue;
    }
    w.Key(f.wire);
    w.StartArray();
    for (const auto& s : p.stages) {
      w.StartObject();
      for (const auto& sf : domain::kPipelineStageEntity) WriteEntityField(w, sf, s);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

// Reads `stages`: an array of at least one {name, uuid?}, names 1..100
// characters and unique within the list. `keep_uuids` reads each stage's uuid
// (PATCH); on create uuids are ignored.
std::optional<std::vector<domain::StageInput>> ReadStages(const rapidjson::Value& doc,
                                                          BodyReader& body, bool required,
                                                          bool keep_uuids) {
  auto it = doc.FindMember("stages");
  if (it == doc.MemberEnd() || it->value.IsNull()) {
    if (required) body.AddError("stages", "The stages field is required.");
    return std::nullopt;
  }
  const rapidjson::Value& arr = it->value;
  if (!arr.IsArray() || arr.Size() < 1 || arr.Size() > domain::kMaxPipelineStages) {
    body.AddError("stages", "The stages must be an array of 1 to 100 stages.");
    return std::nullopt;
  }
  std::vector<domain::StageInput> out;
  std::set<std::string> names;
  bool ok = true;
  for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
    std::string prefix = fmt::format("stages.{}", i);
    if (!arr[i].IsObject()) {
      body.AddError(prefix, fmt::format("The {} must be an object.", prefix));
      ok = false;
      continue;
    }
    BodyReader stage(arr[i]);
    stage.set_prefix(prefix + ".");
    domain::StageInput in;
    auto name = stage.String("name", /*required=*/true, 1, domain::kMaxStageNameLength);
    if (keep_uuids) in.uuid = stage.Uuid("uuid");
    if (!stage.ok()) {
      Status bad = stage.Finish();
      for (const auto& e : bad.error().fields()) body.AddError(e.field, e.message);
      ok = false;
      continue;
    }
    if (!names.insert(*name).second) {
      body.AddError(prefix + ".name",
                    fmt::format("The {}.name is used by another stage of this pipeline.", prefix));
      ok = false;
      continue;
    }
    in.name = std::move(*name);
    out.push_back(std::move(in));
  }
  if (!ok) return std::nullopt;
  return out;
}

Result<ApiResponse> ListPipelines(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::PipelineRepository pipelines(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto list, pipelines.List(req.auth.organization_id));
  return Envelope("Pipelines retrieved successfully", [&](JsonWriter& w) {
    w.StartArray();
    for (const auto& p : list) WritePipeline(w, p);
    w.EndArray();
  });
}

Result<ApiResponse> CreatePipeline(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  auto name = body.String("name", /*required=*/true, 1, domain::kMaxPipelineNameLength);
  auto stages = ReadStages(doc, body, /*required=*/true, /*keep_uuids=*/false);
  SB_RETURN_IF_ERROR(body.Finish());
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::PipelineRepository pipelines(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto p, InUnitOfWork(req, s, *conn, [&] {
                        return pipelines.Create(req.auth.organization_id, *name, *stages);
                      }));
  return Envelope(
      "Pipeline created successfully", [&](JsonWriter& w) { WritePipeline(w, p); }, 201);
}

Result<ApiResponse> GetPipeline(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::PipelineRepository pipelines(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto p, pipelines.Get(req.auth.organization_id, req.Param("uuid")));
  return Envelope("Pipeline retrieved successfully", [&](JsonWriter& w) { WritePipeline(w, p); });
}

Result<ApiResponse> UpdatePipeline(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  auto name = body.String("name", /*required=*/false, 1, domain::kMaxPipelineNameLength);
  auto stages = ReadStages(doc, body, /*required=*/false, /*keep_uuids=*/true);
  SB_RETURN_IF_ERROR(body.Finish());
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::PipelineRepository pipelines(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto p, InUnitOfWork(req, s, *conn, [&] {
                        return pipelines.Update(req.auth.organization_id, req.Param("uuid"), name,
                                                stages);
                      }));
  return Envelope("Pipeline updated successfully", [&](JsonWriter& w) { WritePipeline(w, p); });
}

Result<ApiResponse> DeletePipeline(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::PipelineRepository pipelines(*conn, s.clock, s.ids);
  SB_RETURN_IF_ERROR(InUnitOfWork(req, s, *conn, [&] {
    return pipelines.Delete(req.auth.organization_id, req.Param("uuid"));
  }));
  return EmptyEnvelope("Pipeline deleted successfully");
}

}  // namespace

void RegisterPipelineRoutes(Router& router) {
  router.Add("GET", "/api/v1/pipelines", ListPipelines);
  router.Add("POST", "/api/v1/pipelines", CreatePipeline);
  router.Add("GET", "/api/v1/pipelines/{uuid}", GetPipeline);
  router.Add("PATCH", "/api/v1/pipelines/{uuid}", UpdatePipeline);
  router.Add("PUT", "/api/v1/pipelines/{uuid}", UpdatePipeline);
  router.Add("DELETE", "/api/v1/pipelines/{uuid}", DeletePipeline);
}

}  // namespace sb::api
