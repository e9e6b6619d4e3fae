#include "jobs/contact_import_row.hpp"

#include <rapidjson/document.h>

#include <algorithm>
#include <type_traits>
#include <variant>

#include <fmt/format.h>

#include "core/json_parse.hpp"
#include "domain/contact_entity.hpp"

namespace sb::jobs {
namespace {

std::optional<bool> ReadBool(std::string_view cell) {
  std::string v = domain::NormalizeColumnName(cell);
  if (v == "true" || v == "yes" || v == "1") return true;
  if (v == "false" || v == "no" || v == "0") return false;
  return std::nullopt;
}

// Sets the field `name` (one an import may fill: domain/import_mapping.hpp)
// where the contact's declaration puts it: text as it is, a flag read from
// true/false, yes/no or 1/0. False for a flag that is none of these.
bool SetField(domain::ContactFields& f, std::string_view name, std::string value) {
  const auto* d = domain::FindField(domain::kContactEntity, name);
  if (d == nullptr) return true;
  bool ok = true;
  std::visit(
      [&](auto member) {
        if constexpr (!std::is_same_v<decltype(member), std::monostate>) {
          using T = std::decay_t<decltype(f.*member)>;
          if constexpr (std::is_same_v<T, std::optional<std::string>>) {
            f.*member = std::move(value);
          } else if constexpr (std::is_same_v<T, Maybe<std::string>>) {
            f.*member = std::optional<std::string>(std::move(value));
          } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
            f.*member = ReadBool(value);
            ok = (f.*member).has_value();
          }
        }
      },
      d->input_member);
  return ok;
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
        if (!SetField(row.fields, t.name, std::string(cell))) {
          return Error::Validation(header[i], "must be true or false");
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
