#include "jobs/contact_import_row.hpp"

#include <rapidjson/document.h>

#include <algorithm>

#include <fmt/format.h>

#include "core/json_parse.hpp"

namespace sb::jobs {
namespace {

std::optional<bool> ReadBool(std::string_view cell) {
  std::string v = domain::NormalizeColumnName(cell);
  if (v == "true" || v == "yes" || v == "1") return true;
  if (v == "false" || v == "no" || v == "0") return false;
  return std::nullopt;
}

// Sets the text field `name` (one an import may fill: domain/import_mapping.hpp).
void SetText(domain::ContactFields& f, std::string_view name, std::string value) {
  if (name == "name") {
    f.name = std::move(value);
    return;
  }
  if (name == "status") {
    f.status = std::move(value);
    return;
  }
  Maybe<std::string>* field = name == "surname"                     ? &f.surname
                              : name == "email"                     ? &f.email
                              : name == "phone_number"              ? &f.phone_number
                              : name == "country_code"              ? &f.country_code
                              : name == "timezone"                  ? &f.timezone
                              : name == "primary_language"          ? &f.primary_language
                              : name == "preferred_contact_channel" ? &f.preferred_contact_channel
                              : name == "preferred_contact_time"    ? &f.preferred_contact_time
                              : name == "stage_uuid"                ? &f.stage_uuid
                              : name == "notes"                     ? &f.notes
                              : name == "owner_uuid"                ? &f.owner_uuid
                              : name == "source_name"               ? &f.source_name
                              : name == "lead_source"               ? &f.lead_source
                              : name == "category"                  ? &f.category
                                                                    : nullptr;
  if (field != nullptr) *field = std::optional<std::string>(std::move(value));
}

}  // namespace

Result<MappedRow> MapImportRow(const std::vector<std::string>& header,
                               const domain::ImportMapping& mapping,
                               const std::vector<std::string>& cells,
                               const std::optional<std::string>& default_country_code) {
  using Kind = domain::ImportTarget::Kind;
  MappedRow row;
  rapidjson::Document metadata(rapidjson::kObjectType);
  auto& a = metadata.GetAllocator();
  auto str = [&](std::string_view v) {
    return rapidjson::Value(v.data(), static_cast<rapidjson::SizeType>(v.size()), a);
  };
  for (size_t i = 0; i < cells.size() && i < mapping.columns.size(); ++i) {
    const domain::ImportTarget& t = mapping.columns[i];
    const std::string_view cell = domain::WithoutFormulaGuard(cells[i]);
    if (t.kind == Kind::kIgnored || cell.empty()) continue;
    switch (t.kind) {
      case Kind::kTags: {
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
      case Kind::kMetadata: {
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
      case Kind::kField:
        if (t.name == "do_not_call") {
          auto b = ReadBool(cell);
          if (!b) return Error::Validation(header[i], "must be true or false");
          row.fields.do_not_call = *b;
        } else {
          SetText(row.fields, t.name, std::string(cell));
        }
        break;
      case Kind::kIgnored:
        break;
    }
  }
  if (default_country_code && !row.fields.country_code) {
    row.fields.country_code = std::optional<std::string>(*default_country_code);
  }
  if (metadata.MemberCount() > 0) {
    // Within the depth: each cell was parsed one level short of it.
    SB_ASSIGN_OR_RETURN(row.fields.metadata, WriteJson(metadata));
  }
  return row;
}

}  // namespace sb::jobs
