// The pipeline and its stage, described once (domain/entity.hpp): their
// fields in the order of their /api/v1 JSON. A pipeline shows its stages
// nested (declared here as kNested with no column, so the JSON order
// lives in one place; the store loads them by their own declaration). A
// stage's times are kept but not shown (dialects 0), and its pipeline_id is a
// column no field shows: the store reads it by name to group the stages.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "domain/entity.hpp"
#include "domain/pipeline.hpp"

namespace sb::domain {

using PipelineField = Field<Pipeline, NoInput>;
using PipelineStageField = Field<PipelineStage, NoInput>;

// The most characters a pipeline's name and a stage's name take, and the
// most stages a pipeline has.
inline constexpr size_t kMaxPipelineNameLength = 255;
inline constexpr size_t kMaxStageNameLength = 100;
inline constexpr size_t kMaxPipelineStages = 100;

// The tables' columns no field shows (contract-tested with the fields).
inline constexpr std::array<std::string_view, 1> kPipelineInternalColumns = {"organization_id"};
inline constexpr std::array<std::string_view, 2> kPipelineStageInternalColumns = {"organization_id",
                                                                                  "pipeline_id"};

// clang-format off
inline constexpr auto kPipelineEntity = std::to_array<PipelineField>({
    {.wire = "id", .column = "id", .type = FieldType::kId, .dialects = 0,
     .member = &Pipeline::id},
    {.wire = "uuid", .column = "uuid", .type = FieldType::kUuid, .member = &Pipeline::uuid},
    {.wire = "name", .column = "name", .write = Write::kClient,
     .max_length = kMaxPipelineNameLength, .member = &Pipeline::name},
    {.wire = "stages", .type = FieldType::kNested, .write = Write::kClient,
     .apply = Apply::kCustom, .max_length = kMaxPipelineStages},
    {.wire = "created_at", .column = "created_at", .type = FieldType::kTimestamp,
     .member = &Pipeline::created_at},
    {.wire = "updated_at", .column = "updated_at", .type = FieldType::kTimestamp,
     .member = &Pipeline::updated_at},
});

inline constexpr auto kPipelineStageEntity = std::to_array<PipelineStageField>({
    {.wire = "id", .column = "id", .type = FieldType::kId, .dialects = 0,
     .member = &PipelineStage::id},
    {.wire = "uuid", .column = "uuid", .type = FieldType::kUuid, .member = &PipelineStage::uuid},
    {.wire = "name", .column = "name", .write = Write::kClient, .max_length = kMaxStageNameLength,
     .member = &PipelineStage::name},
    // 1-based, the order the client listed the stages in.
    {.wire = "position", .column = "position", .type = FieldType::kInt, .write = Write::kDerived,
     .member = &PipelineStage::position},
    {.wire = "created_at", .column = "created_at", .type = FieldType::kTimestamp, .dialects = 0,
     .member = &PipelineStage::created_at},
    {.wire = "updated_at", .column = "updated_at", .type = FieldType::kTimestamp, .dialects = 0,
     .member = &PipelineStage::updated_at},
});
// clang-format on

}  // namespace sb::domain
