// Pipelines: an ordered list of stages a contact moves through (a sales
// funnel). Stage names are unique within their pipeline; positions are 1-based
// and follow the order the client gave.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb::domain {

struct PipelineStage {
  int64_t id = 0;
  std::string uuid;
  std::string name;
  int64_t position = 0;  // 1-based
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct Pipeline {
  int64_t id = 0;
  std::string uuid;
  std::string name;
  std::vector<PipelineStage> stages;  // by position
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// One stage as a client sends it: with the uuid of an existing stage to keep
// it (and the contacts at it), without to create a new one.
struct StageInput {
  std::optional<std::string> uuid;
  std::string name;
};

}  // namespace sb::domain
