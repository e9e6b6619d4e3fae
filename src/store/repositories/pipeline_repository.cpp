#include "store/repositories/pipeline_repository.hpp"

#include <fmt/format.h>

#include <map>
#include <set>
#include <unordered_map>

#include "domain/pipeline_entity.hpp"
#include "store/repositories/entity_sql.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

using domain::kPipelineEntity;
using domain::kPipelineStageEntity;

const std::string kSelectPipeline = "SELECT " + entity_sql::SelectList(kPipelineEntity, "p") +
                                    " FROM pipelines p" + entity_sql::Joins(kPipelineEntity, "p") +
                                    " ";

// A stage's pipeline, beside its declared columns: read by name to group.
constexpr std::array<std::string_view, 1> kStageParent = {"pipeline_id"};

const std::string kSelectStage = "SELECT " + entity_sql::SelectList(kPipelineStageEntity, "s") +
                                 ", s.pipeline_id AS pipeline_id FROM pipeline_stages s" +
                                 entity_sql::Joins(kPipelineStageEntity, "s") + " ";

const std::string kInsertStage =
    "INSERT INTO pipeline_stages (organization_id, pipeline_id, uuid, " +
    entity_sql::StoredColumns(kPipelineStageEntity) +
    ", created_at, updated_at) VALUES (?, ?, ?, " +
    Placeholders(entity_sql::StoredCount(kPipelineStageEntity) + 2) + ")";

const std::string kUpdateStage = "UPDATE pipeline_stages SET " +
                                 entity_sql::UpdateSets(kPipelineStageEntity) +
                                 ", updated_at = ? WHERE organization_id = ? AND id = ?";

const std::string kInsertPipeline =
    "INSERT INTO pipelines (organization_id, uuid, " + entity_sql::StoredColumns(kPipelineEntity) +
    ", created_at, updated_at) VALUES (?, ?, " +
    Placeholders(entity_sql::StoredCount(kPipelineEntity) + 2) + ")";

const std::string kUpdatePipeline = "UPDATE pipelines SET " +
                                    entity_sql::UpdateSets(kPipelineEntity) +
                                    " WHERE organization_id = ? AND id = ?";

domain::Pipeline ReadPipeline(const db::Rows& r) {
  domain::Pipeline p;
  entity_sql::ReadRow<kPipelineEntity>(r, p);
  return p;
}

// Neither declaration has references.
const auto kNoReference = [](const auto& /*field*/) { return db::Value(db::Null{}); };

// The stored columns' values of a stage named `name` at `position`.
db::Params StageValues(const std::string& name, int64_t position) {
  domain::PipelineStage stage;
  stage.name = name;
  stage.position = position;
  return entity_sql::StoredValues(kPipelineStageEntity, stage, kNoReference);
}

// The stored columns' values of a pipeline named `name`.
db::Params PipelineValues(const std::string& name) {
  domain::Pipeline p;
  p.name = name;
  return entity_sql::StoredValues(kPipelineEntity, p, kNoReference);
}

}  // namespace

Status PipelineRepository::LoadStages(int64_t org, std::vector<domain::Pipeline>& pipelines) {
  if (pipelines.empty()) return OkStatus();
  std::unordered_map<int64_t, domain::Pipeline*> by_id;
  // Sized up front: growing a vector of variants trips a false
  // -Wmaybe-uninitialized in GCC 12.
  db::Params params(pipelines.size() + 1, db::Value(org));
  for (size_t i = 0; i < pipelines.size(); ++i) {
    by_id[pipelines[i].id] = &pipelines[i];
    params[i + 1] = db::Value(pipelines[i].id);
  }
  SB_ASSIGN_OR_RETURN(
      auto rows,
      conn_.Query(kSelectStage + "WHERE s.organization_id = ? AND s.pipeline_id IN (" +
                      Placeholders(pipelines.size()) + ") ORDER BY s.pipeline_id, s.position, s.id",
                  params));
  static constexpr size_t kParent =
      entity_sql::ResultIndex<kPipelineStageEntity, kStageParent>("pipeline_id");
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    domain::PipelineStage stage;
    const std::span<const int> at =
        entity_sql::ReadRowWith<kPipelineStageEntity, kStageParent>(*rows, stage);
    auto it = by_id.find(rows->Int(at[kParent]));
    if (it == by_id.end()) continue;
    it->second->stages.push_back(std::move(stage));
  }
  return OkStatus();
}

Result<std::vector<domain::Pipeline>> PipelineRepository::List(int64_t org) {
  SB_ASSIGN_OR_RETURN(
      auto rows,
      conn_.Query(kSelectPipeline + "WHERE p.organization_id = ? ORDER BY p.name, p.id", {org}));
  std::vector<domain::Pipeline> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back(ReadPipeline(*rows));
  }
  SB_RETURN_IF_ERROR(LoadStages(org, out));
  return out;
}

Result<domain::Pipeline> PipelineRepository::Get(int64_t org, const std::string& uuid) {
  SB_ASSIGN_OR_RETURN(
      auto rows,
      conn_.Query(kSelectPipeline + "WHERE p.organization_id = ? AND p.uuid = ?", {org, uuid}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return Error::NotFound("Pipeline");
  std::vector<domain::Pipeline> one{ReadPipeline(*rows)};
  SB_RETURN_IF_ERROR(LoadStages(org, one));
  return std::move(one.front());
}

Status PipelineRepository::InsertStage(int64_t org, int64_t pipeline_id, const std::string& name,
                                       int64_t position, int64_t now) {
  db::Params params{org, pipeline_id, ids_.NewUuid()};
  for (auto& v : StageValues(name, position)) params.push_back(std::move(v));
  params.emplace_back(db::Timestamp{now});
  params.emplace_back(db::Timestamp{now});
  SB_RETURN_IF_ERROR(conn_.Exec(kInsertStage, params));
  return OkStatus();
}

Result<domain::Pipeline> PipelineRepository::Create(int64_t org, const std::string& name,
                                                    const std::vector<domain::StageInput>& stages) {
  std::string uuid = ids_.NewUuid();
  int64_t now = clock_.NowSeconds();
  Status st = db::InTransaction(conn_, [&]() -> Status {
    db::Params params{org, uuid};
    for (auto& v : PipelineValues(name)) params.push_back(std::move(v));
    params.emplace_back(db::Timestamp{now});
    params.emplace_back(db::Timestamp{now});
    SB_RETURN_IF_ERROR(conn_.Exec(kInsertPipeline, params));
    SB_ASSIGN_OR_RETURN(int64_t id, LookupId(conn_, "pipelines", org, uuid, "Pipeline"));
    for (size_t i = 0; i < stages.size(); ++i) {
      SB_RETURN_IF_ERROR(InsertStage(org, id, stages[i].name, static_cast<int64_t>(i) + 1, now));
    }
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return Get(org, uuid);
}

Status PipelineRepository::ReplaceStages(int64_t org, int64_t pipeline_id,
                                         const std::vector<domain::StageInput>& stages,
                                         int64_t now) {
  std::map<std::string, int64_t> existing;  // uuid -> id
  {
    SB_ASSIGN_OR_RETURN(
        auto rows, conn_.Query(kSelectStage + "WHERE s.organization_id = ? AND s.pipeline_id = ?",
                               {org, pipeline_id}));
    while (true) {
      SB_ASSIGN_OR_RETURN(bool more, rows->Next());
      if (!more) break;
      domain::PipelineStage stage;
      entity_sql::ReadRowWith<kPipelineStageEntity, kStageParent>(*rows, stage);
      existing.emplace(std::move(stage.uuid), stage.id);
    }
  }
  // Resolve every kept uuid before changing anything.
  std::vector<std::optional<int64_t>> kept_ids(stages.size());
  std::set<int64_t> kept;
  for (size_t i = 0; i < stages.size(); ++i) {
    if (!stages[i].uuid) continue;
    auto it = existing.find(*stages[i].uuid);
    std::string field = fmt::format("stages.{}.uuid", i);
    if (it == existing.end()) {
      return Error::Validation(field,
                               fmt::format("The {} is not a stage of this pipeline.", field));
    }
    if (!kept.insert(it->second).second) {
      return Error::Validation(field, fmt::format("The {} appears more than once.", field));
    }
    kept_ids[i] = it->second;
  }
  for (const auto& [stage_uuid, id] : existing) {
    if (kept.count(id)) continue;
    // Contacts at the stage keep existing with no stage (ON DELETE SET NULL).
    SB_RETURN_IF_ERROR(
        conn_.Exec("DELETE FROM pipeline_stages WHERE organization_id = ? AND id = ?", {org, id}));
  }
  for (size_t i = 0; i < stages.size(); ++i) {
    int64_t position = static_cast<int64_t>(i) + 1;
    if (kept_ids[i]) {
      db::Params params = StageValues(stages[i].name, position);
      params.emplace_back(db::Timestamp{now});
      params.emplace_back(org);
      params.emplace_back(*kept_ids[i]);
      SB_RETURN_IF_ERROR(conn_.Exec(kUpdateStage, params));
    } else {
      SB_RETURN_IF_ERROR(InsertStage(org, pipeline_id, stages[i].name, position, now));
    }
  }
  return OkStatus();
}

Result<domain::Pipeline> PipelineRepository::Update(
    int64_t org, const std::string& uuid, const std::optional<std::string>& name,
    const std::optional<std::vector<domain::StageInput>>& stages) {
  int64_t now = clock_.NowSeconds();
  Status st = db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t id, LookupId(conn_, "pipelines", org, uuid, "Pipeline"));
    if (name) {
      db::Params params = PipelineValues(*name);
      params.emplace_back(org);
      params.emplace_back(id);
      SB_RETURN_IF_ERROR(conn_.Exec(kUpdatePipeline, params));
    }
    if (stages) SB_RETURN_IF_ERROR(ReplaceStages(org, id, *stages, now));
    SB_RETURN_IF_ERROR(
        conn_.Exec("UPDATE pipelines SET updated_at = ? WHERE organization_id = ? AND id = ?",
                   {db::Timestamp{now}, org, id}));
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return Get(org, uuid);
}

Status PipelineRepository::Delete(int64_t org, const std::string& uuid) {
  return db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t id, LookupId(conn_, "pipelines", org, uuid, "Pipeline"));
    // Explicit rather than relying on the cascade, so contacts at these stages
    // are released the same way on every engine.
    SB_RETURN_IF_ERROR(conn_.Exec(
        "DELETE FROM pipeline_stages WHERE organization_id = ? AND pipeline_id = ?", {org, id}));
    SB_RETURN_IF_ERROR(
        conn_.Exec("DELETE FROM pipelines WHERE organization_id = ? AND id = ?", {org, id}));
    return OkStatus();
  });
}

}  // namespace sb::store
