#include "domain/contact_fields.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include <fmt/format.h>

#include "domain/enums.hpp"
#include "domain/field_check.hpp"

namespace sb::domain {
namespace {

size_t Rank(const FieldError& e) {
  // "tag_uuids.3" ranks as tag_uuids.
  const std::string_view field = std::string_view(e.field).substr(0, e.field.find('.'));
  auto it = std::find(kContactFieldOrder.begin(), kContactFieldOrder.end(), field);
  return static_cast<size_t>(it - kContactFieldOrder.begin());
}

// Runs `check` on a present value; an error is recorded and the field cleared.
template <typename T, typename Rule>
void Check(std::optional<T>& field, std::vector<FieldError>& errors, Rule check) {
  if (!field) return;
  if (std::optional<FieldError> e = check(*field)) {
    errors.push_back(std::move(*e));
    field.reset();
  }
}

// The same for a nullable field: null passes.
template <typename T, typename Rule>
void CheckNullable(Maybe<T>& field, std::vector<FieldError>& errors, Rule check) {
  if (!field || !*field) return;
  if (std::optional<FieldError> e = check(**field)) {
    errors.push_back(std::move(*e));
    field.reset();
  }
}

auto Length(std::string_view name, size_t max) {
  return [name, max](const std::string& v) { return CheckLength(name, v, 0, max); };
}

auto Choice(std::string_view name, EnumValues allowed) {
  return [name, allowed](const std::string& v) { return CheckChoice(name, v, allowed); };
}

auto Uuid(std::string_view name) {
  return [name](std::string& v) { return CheckUuid(name, v); };
}

auto UuidList(std::string_view name, size_t max_items) {
  return [name, max_items](std::vector<std::string>& v) {
    return CheckUuidList(name, v, 0, max_items);
  };
}

}  // namespace

void CheckContactFields(ContactFields& f, std::vector<FieldError>& errors) {
  Check(f.name, errors, Length("name", 255));
  CheckNullable(f.surname, errors, Length("surname", 255));
  CheckNullable(f.email, errors, Length("email", 254));
  CheckNullable(f.phone_number, errors, Length("phone_number", 64));
  CheckNullable(f.country_code, errors, Length("country_code", 8));
  CheckNullable(f.timezone, errors, Length("timezone", 64));
  CheckNullable(f.primary_language, errors, Length("primary_language", 35));
  CheckNullable(f.preferred_contact_channel, errors,
                Choice("preferred_contact_channel", ContactChannels()));
  CheckNullable(f.preferred_contact_time, errors, Length("preferred_contact_time", 255));
  Check(f.status, errors, Choice("status", ContactStatuses()));
  CheckNullable(f.stage_uuid, errors, Uuid("stage_uuid"));
  CheckNullable(f.notes, errors, Length("notes", 10000));
  Check(f.metadata, errors, [](const std::string& json) -> std::optional<FieldError> {
    if (json.size() <= kMaxContactMetadataBytes) return std::nullopt;
    return FieldError{"metadata", fmt::format("The metadata may not be larger than {} bytes.",
                                              kMaxContactMetadataBytes)};
  });
  Check(f.tag_uuids, errors, UuidList("tag_uuids", kMaxContactTagUuids));
  CheckNullable(f.owner_uuid, errors, Uuid("owner_uuid"));
  Check(f.assignee_uuids, errors, UuidList("assignee_uuids", kMaxContactAssignees));
  CheckNullable(f.source_name, errors, Length("source_name", 255));
  CheckNullable(f.lead_source, errors, Length("lead_source", 255));
  CheckNullable(f.category, errors, Length("category", 255));
  std::stable_sort(errors.begin(), errors.end(),
                   [](const FieldError& a, const FieldError& b) { return Rank(a) < Rank(b); });
}

}  // namespace sb::domain
