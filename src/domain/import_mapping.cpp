#include "domain/import_mapping.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "core/json_parse.hpp"
#include "domain/contact_entity.hpp"

namespace sb::domain {
namespace {

constexpr std::string_view kMetadataPrefix = "metadata.";

// The fields an import may fill: what POST /api/v1/contacts takes, less
// metadata (its keys come as `metadata.KEY` columns) and the links that need
// uuids of other objects the file cannot know (tags come by name instead).
const std::vector<std::string>& WritableFields() {
  static const std::vector<std::string> kFields = [] {
    std::vector<std::string> fields;
    for (const ContactField& f : kContactEntity) {
      const bool list_or_json = f.type == FieldType::kJson || f.type == FieldType::kUuidList ||
                                f.type == FieldType::kTagList;
      if (f.write == Write::kClient && !list_or_json) fields.emplace_back(f.InputName());
    }
    return fields;
  }();
  return kFields;
}

bool IsWritable(std::string_view field) {
  const auto& f = WritableFields();
  return std::find(f.begin(), f.end(), field) != f.end();
}

// `spec` ("email", "tags", "metadata.plan") as a target; nullopt when unknown.
std::optional<ImportTarget> TargetFor(std::string_view spec) {
  if (spec == "tags") return ImportTarget{ImportTarget::Kind::kTags, ""};
  if (spec.substr(0, kMetadataPrefix.size()) == kMetadataPrefix &&
      spec.size() > kMetadataPrefix.size()) {
    return ImportTarget{ImportTarget::Kind::kMetadata,
                        std::string(spec.substr(kMetadataPrefix.size()))};
  }
  if (IsWritable(spec)) return ImportTarget{ImportTarget::Kind::kField, std::string(spec)};
  return std::nullopt;
}

Error MappingError(const std::string& why) { return Error::Validation("mapping", why); }

Status CheckTargets(const ImportMapping& mapping) {
  std::set<std::string> seen;
  bool name = false;
  bool reachable = false;
  for (const ImportTarget& t : mapping.columns) {
    if (t.kind == ImportTarget::Kind::kIgnored) continue;
    std::string key = t.kind == ImportTarget::Kind::kMetadata ? "metadata." + t.name
                      : t.kind == ImportTarget::Kind::kTags   ? "tags"
                                                              : t.name;
    if (!seen.insert(key).second) return MappingError(fmt::format("two columns fill {}", key));
    name = name || key == "name";
    reachable = reachable || key == "phone_number" || key == "email";
  }
  if (!name) return MappingError("no column fills name");
  if (!reachable) return MappingError("no column fills phone_number or email");
  return OkStatus();
}

}  // namespace

Result<ImportMapping> BuildImportMapping(const std::vector<std::string>& header,
                                         std::optional<std::string_view> mapping_json) {
  ImportMapping mapping;
  mapping.columns.resize(header.size());
  if (!mapping_json) {
    for (size_t i = 0; i < header.size(); ++i) {
      if (auto t = TargetFor(NormalizeColumnName(header[i]))) mapping.columns[i] = *t;
    }
    SB_RETURN_IF_ERROR(CheckTargets(mapping));
    return mapping;
  }
  rapidjson::Document doc;
  if (!ParseJson(*mapping_json, &doc).ok() || !doc.IsObject()) {
    return MappingError("must be a JSON object of CSV column to contact field");
  }
  for (const auto& m : doc.GetObject()) {
    std::string column(m.name.GetString(), m.name.GetStringLength());
    auto at = std::find(header.begin(), header.end(), column);
    if (at == header.end()) return MappingError(fmt::format("no column '{}' in the file", column));
    if (m.value.IsNull()) continue;
    if (!m.value.IsString()) {
      return MappingError(fmt::format("'{}' must map to a field name or null", column));
    }
    std::string spec(m.value.GetString(), m.value.GetStringLength());
    auto target = TargetFor(spec);
    if (!target) {
      return MappingError(fmt::format("'{}' is not a field an import can fill", spec));
    }
    mapping.columns[static_cast<size_t>(at - header.begin())] = *target;
  }
  SB_RETURN_IF_ERROR(CheckTargets(mapping));
  return mapping;
}

std::string_view WithoutFormulaGuard(std::string_view cell) {
  if (cell.size() < 2 || cell[0] != '\'' ||
      std::string_view("=+-@\t\r").find(cell[1]) == std::string_view::npos) {
    return cell;
  }
  return cell.substr(1);
}

std::string NormalizeColumnName(std::string_view column) {
  std::string out;
  for (char ch : column) {
    out += ch == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return out;
}

}  // namespace sb::domain
