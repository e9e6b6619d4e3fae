#include "api/contact_import_row.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "core/json_parse.hpp"

namespace sb::api {
namespace {

constexpr std::string_view kMetadataPrefix = "metadata.";

// The fields an import may fill: what POST /api/v1/contacts takes, less the
// links that need uuids of other objects the file cannot know (tags come by
// name instead).
const std::vector<std::string>& WritableFields() {
  static const std::vector<std::string> kFields = {"name",
                                                   "surname",
                                                   "email",
                                                   "phone_number",
                                                   "country_code",
                                                   "timezone",
                                                   "primary_language",
                                                   "preferred_contact_channel",
                                                   "preferred_contact_time",
                                                   "status",
                                                   "stage_uuid",
                                                   "notes",
                                                   "owner_uuid",
                                                   "source_name",
                                                   "lead_source",
                                                   "category",
                                                   "do_not_call"};
  return kFields;
}

bool IsWritable(std::string_view field) {
  const auto& f = WritableFields();
  return std::find(f.begin(), f.end(), field) != f.end();
}

// The cell without the ' our CSV export puts before a leading = + - @ TAB or
// CR (core/csv_writer.hpp's formula guard), so an export imports back unchanged.
std::string_view WithoutFormulaGuard(std::string_view cell) {
  if (cell.size() < 2 || cell[0] != '\'' ||
      std::string_view("=+-@\t\r").find(cell[1]) == std::string_view::npos) {
    return cell;
  }
  return cell.substr(1);
}

// "Phone Number" -> "phone_number".
std::string Normalize(std::string_view column) {
  std::string out;
  for (char ch : column) {
    out += ch == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return out;
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

std::optional<bool> ReadBool(std::string_view cell) {
  std::string v = Normalize(cell);
  if (v == "true" || v == "yes" || v == "1") return true;
  if (v == "false" || v == "no" || v == "0") return false;
  return std::nullopt;
}

}  // namespace

Result<ImportMapping> BuildImportMapping(const std::vector<std::string>& header,
                                         std::optional<std::string_view> mapping_json) {
  ImportMapping mapping;
  mapping.columns.resize(header.size());
  if (!mapping_json) {
    for (size_t i = 0; i < header.size(); ++i) {
      if (auto t = TargetFor(Normalize(header[i]))) mapping.columns[i] = *t;
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

Result<MappedRow> MapImportRow(const std::vector<std::string>& header, const ImportMapping& mapping,
                               const std::vector<std::string>& cells,
                               const std::optional<std::string>& default_country_code) {
  MappedRow row;
  auto& a = row.body.GetAllocator();
  row.body.SetObject();
  rapidjson::Value metadata(rapidjson::kObjectType);
  auto str = [&](std::string_view v) {
    return rapidjson::Value(v.data(), static_cast<rapidjson::SizeType>(v.size()), a);
  };
  for (size_t i = 0; i < cells.size() && i < mapping.columns.size(); ++i) {
    const ImportTarget& t = mapping.columns[i];
    const std::string_view cell = WithoutFormulaGuard(cells[i]);
    if (t.kind == ImportTarget::Kind::kIgnored || cell.empty()) continue;
    switch (t.kind) {
      case ImportTarget::Kind::kTags: {
        size_t pos = 0;
        while (pos <= cell.size()) {
          size_t end = std::min(cell.find(';', pos), cell.size());
          std::string name(cell.substr(pos, end - pos));
          name.erase(0, name.find_first_not_of(' '));
          name.erase(name.find_last_not_of(' ') + 1);
          if (!name.empty()) {
            if (row.tag_names.size() == kMaxImportTagsPerRow) {
              return Error::Validation(
                  header[i], fmt::format("may not name more than {} tags", kMaxImportTagsPerRow));
            }
            row.tag_names.push_back(name);
          }
          pos = end + 1;
        }
        break;
      }
      case ImportTarget::Kind::kMetadata: {
        rapidjson::Document value(&a);
        // One level less than any JSON: the cell's value sits inside `metadata`.
        Status parsed = ParseJson(cell, &value, kMaxJsonDepth - 1);
        if (!parsed.ok() && IsJsonTooDeep(parsed.error())) {
          return Error::Validation(
              header[i],
              fmt::format("must not be JSON nested deeper than {} levels ({} with metadata "
                          "itself)",
                          kMaxJsonDepth - 1, kMaxJsonDepth));
        }
        rapidjson::Value v;
        if (parsed.ok() && !value.IsString() && !value.IsNull()) {
          v.CopyFrom(value, a);
        } else {
          v = str(cell);
        }
        metadata.AddMember(str(t.name), v, a);
        break;
      }
      case ImportTarget::Kind::kField:
        if (t.name == "do_not_call") {
          auto b = ReadBool(cell);
          if (!b) return Error::Validation(header[i], "must be true or false");
          row.body.AddMember(str(t.name), rapidjson::Value(*b), a);
        } else {
          row.body.AddMember(str(t.name), str(cell), a);
        }
        break;
      case ImportTarget::Kind::kIgnored:
        break;
    }
  }
  if (default_country_code && !row.body.HasMember("country_code")) {
    row.body.AddMember("country_code", str(*default_country_code), a);
  }
  if (metadata.MemberCount() > 0) row.body.AddMember("metadata", metadata, a);
  return row;
}

}  // namespace sb::api
