// Pipelines and their stages. Every call is scoped by organization id; a
// pipeline of another organization is reported as not found. Not thread-safe:
// use one repository per connection.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/pipeline.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

class PipelineRepository {
 public:
  PipelineRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // All pipelines of the organization with their stages, by name (then id).
  Result<std::vector<domain::Pipeline>> List(int64_t org);
  Result<domain::Pipeline> Get(int64_t org, const std::string& uuid);
  // Creates the pipeline with `stages` in the order given (uuids in the input
  // are ignored). Input shape (names, uniqueness) is validated by the caller.
  Result<domain::Pipeline> Create(int64_t org, const std::string& name,
                                  const std::vector<domain::StageInput>& stages);
  // Renames when `name` is set. When `stages` is set it becomes the full stage
  // list: stages matched by uuid are kept (renamed, repositioned), stages
  // without uuid are created, and stages left out are deleted (contacts at
  // them lose their stage). A uuid that is not a stage of this pipeline is a
  // 422 naming "stages.<index>.uuid".
  Result<domain::Pipeline> Update(int64_t org, const std::string& uuid,
                                  const std::optional<std::string>& name,
                                  const std::optional<std::vector<domain::StageInput>>& stages);
  // Deletes the pipeline and its stages.
  Status Delete(int64_t org, const std::string& uuid);

 private:
  Status InsertStage(int64_t org, int64_t pipeline_id, const std::string& name, int64_t position,
                     int64_t now);
  Status ReplaceStages(int64_t org, int64_t pipeline_id,
                       const std::vector<domain::StageInput>& stages, int64_t now);
  // Loads the stages of `pipelines` (all of one organization).
  Status LoadStages(int64_t org, std::vector<domain::Pipeline>& pipelines);

  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::store
