#include "api/contact_csv.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <set>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/csv_writer.hpp"
#include "core/json_parse.hpp"
#include "core/time_format.hpp"
#include "domain/contact_entity.hpp"
#include "store/repositories/contact_export.hpp"

namespace sb::api {
namespace {

constexpr size_t kBatch = 500;
constexpr std::string_view kMetadataPrefix = "metadata.";

// The exported fields in their column order (the declaration's csv
// positions); the header is their wire names.
const std::vector<const domain::ContactField*>& ExportedFields() {
  static const std::vector<const domain::ContactField*> kFields = [] {
    std::vector<const domain::ContactField*> fields;
    for (const domain::ContactField& d : domain::kContactEntity) {
      if (d.csv >= 0) fields.push_back(&d);
    }
    std::sort(fields.begin(), fields.end(),
              [](const auto* a, const auto* b) { return a->csv < b->csv; });
    return fields;
  }();
  return kFields;
}

std::vector<std::string> FixedColumns() {
  std::vector<std::string> columns;
  for (const auto* d : ExportedFields()) columns.emplace_back(d->wire);
  return columns;
}

// Field `d` of `c` as a cell: text as it is, null as empty, flags as
// true/false, times as ISO 8601, tags by name joined with ';'.
std::string Cell(const domain::ContactField& d, const domain::Contact& c) {
  if (d.type == domain::FieldType::kTagList) {
    std::string tags;
    for (const auto& t : c.tags) {
      if (!tags.empty()) tags += ';';
      tags += t.name;
    }
    return tags;
  }
  const bool time = d.type == domain::FieldType::kTimestamp;
  return std::visit(
      [&](auto member) -> std::string {
        if constexpr (std::is_same_v<decltype(member), std::monostate>) {
          return "";
        } else {
          const auto& v = c.*member;
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, bool>) {
            return v ? "true" : "false";
          } else if constexpr (std::is_same_v<T, int64_t>) {
            return time ? FormatIsoUtc(v) : std::to_string(v);
          } else if constexpr (std::is_same_v<T, std::optional<int64_t>>) {
            if (!v) return "";
            return time ? FormatIsoUtc(*v) : std::to_string(*v);
          } else if constexpr (std::is_same_v<T, std::optional<std::string>>) {
            return v.value_or("");
          } else {
            return v;
          }
        }
      },
      d.member);
}

std::vector<std::string> FixedCells(const domain::Contact& c) {
  std::vector<std::string> cells;
  cells.reserve(ExportedFields().size());
  for (const auto* d : ExportedFields()) cells.push_back(Cell(*d, c));
  return cells;
}

// A metadata value as a cell: strings as they are, anything else as JSON.
std::string MetadataCell(const rapidjson::Value& v) {
  if (v.IsString()) return {v.GetString(), v.GetStringLength()};
  if (v.IsNull()) return "";
  // The document was parsed with ParseJson's depth limit: this cannot fail.
  auto text = WriteJson(v);
  return text.ok() ? std::move(text).value() : std::string();
}

}  // namespace

Status WriteContactsCsv(db::Database& db, int64_t org, const domain::ContactFilter& filter,
                        const std::function<Status(std::string_view)>& out) {
  std::set<std::string> keys;
  SB_RETURN_IF_ERROR(
      store::ForEachContactMetadata(db, org, filter, kBatch, [&](std::string_view json) {
        rapidjson::Document doc;
        // Stored before depth was bounded, a document too deep to read safely
        // adds no columns (and its row no cells).
        if (ParseJson(json, &doc).ok() && doc.IsObject()) {
          for (const auto& m : doc.GetObject()) {
            // Every row carries every column: the count is bounded, or
            // contacts with keys of their own would make the file square.
            if (keys.size() >= kMaxExportMetadataColumns) break;
            keys.emplace(m.name.GetString(), m.name.GetStringLength());
          }
        }
        return OkStatus();
      }));
  CsvWriter csv(out);
  std::vector<std::string> header = FixedColumns();
  for (const std::string& k : keys) header.push_back(std::string(kMetadataPrefix) + k);
  SB_RETURN_IF_ERROR(csv.WriteRecord(header));
  SB_RETURN_IF_ERROR(store::ForEachContactBatch(
      db, org, filter, std::nullopt, kBatch,
      [&](std::vector<store::ExportedContact>& batch) -> Status {
        for (const auto& e : batch) {
          std::vector<std::string> cells = FixedCells(e.contact);
          rapidjson::Document doc;
          if (!ParseJson(e.contact.metadata, &doc).ok()) doc.SetNull();
          for (const std::string& k : keys) {
            auto it =
                doc.IsObject() ? doc.FindMember(k.c_str()) : rapidjson::Value::MemberIterator();
            cells.push_back(doc.IsObject() && it != doc.MemberEnd() ? MetadataCell(it->value) : "");
          }
          SB_RETURN_IF_ERROR(csv.WriteRecord(cells));
        }
        return OkStatus();
      }));
  return csv.Flush();
}

}  // namespace sb::api
