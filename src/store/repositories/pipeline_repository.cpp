#include "store/repositories/pipeline_repository.hpp"

#include <fmt/format.h>

#include <map>
#include <set>
#include <unordered_map>

#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

constexpr const char* kSelectPipeline =
    "SELECT id, uuid, name, created_at, updated_at FROM pipelines ";

domain::Pipeline ReadPipeline(const db::Rows& r) {
  domain::Pipeline p;
  p.id = r.Int(0);
  p.uuid = r.String(1);
  p.name = r.String(2);
  p.created_at = r.Time(3);
  p.updated_at = r.Time(4);
  return p;
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
      conn_.Query("SELECT pipeline_id, id, uuid, name, position, created_at, updated_at"
                  " FROM pipeline_stages WHERE organization_id = ? AND pipeline_id IN (" +
                      Placeholders(pipelines.size()) + ") ORDER BY pipeline_id, position, id",
                  params));
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    auto it = by_id.find(rows->Int(0));
    if (it == by_id.end()) continue;
    it->second->stages.push_back(domain::PipelineStage{rows->Int(1), rows->String(2),
                                                       rows->String(3), rows->Int(4), rows->Time(5),
                                                       rows->Time(6)});
  }
  return OkStatus();
}

Result<std::vector<domain::Pipeline>> PipelineRepository::List(int64_t org) {
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query(std::string(kSelectPipeline) +
                                                 "WHERE organization_id = ? ORDER BY name, id",
                                             {org}));
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
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query(std::string(kSelectPipeline) +
                                                 "WHERE organization_id = ? AND uuid = ?",
                                             {org, uuid}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return Error::NotFound("Pipeline");
  std::vector<domain::Pipeline> one{ReadPipeline(*rows)};
  SB_RETURN_IF_ERROR(LoadStages(org, one));
  return std::move(one.front());
}

Status PipelineRepository::InsertStage(int64_t org, int64_t pipeline_id, const std::string& name,
                                       int64_t position, int64_t now) {
  SB_RETURN_IF_ERROR(conn_.Exec(
      "INSERT INTO pipeline_stages (organization_id, pipeline_id, uuid, name, position,"
      " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {org, pipeline_id, ids_.NewUuid(), name, position, db::Timestamp{now}, db::Timestamp{now}}));
  return OkStatus();
}

Result<domain::Pipeline> PipelineRepository::Create(int64_t org, const std::string& name,
                                                    const std::vector<domain::StageInput>& stages) {
  std::string uuid = ids_.NewUuid();
  int64_t now = clock_.NowSeconds();
  Status st = db::InTransaction(conn_, [&]() -> Status {
    SB_RETURN_IF_ERROR(
        conn_.Exec("INSERT INTO pipelines (organization_id, uuid, name, created_at, updated_at)"
                   " VALUES (?, ?, ?, ?, ?)",
                   {org, uuid, name, db::Timestamp{now}, db::Timestamp{now}}));
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
    SB_ASSIGN_OR_RETURN(auto rows, conn_.Query("SELECT uuid, id FROM pipeline_stages"
                                               " WHERE organization_id = ? AND pipeline_id = ?",
                                               {org, pipeline_id}));
    while (true) {
      SB_ASSIGN_OR_RETURN(bool more, rows->Next());
      if (!more) break;
      existing.emplace(rows->String(0), rows->Int(1));
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
      SB_RETURN_IF_ERROR(
          conn_.Exec("UPDATE pipeline_stages SET name = ?, position = ?, updated_at = ?"
                     " WHERE organization_id = ? AND id = ?",
                     {stages[i].name, position, db::Timestamp{now}, org, *kept_ids[i]}));
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
      SB_RETURN_IF_ERROR(conn_.Exec(
          "UPDATE pipelines SET name = ? WHERE organization_id = ? AND id = ?", {*name, org, id}));
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
