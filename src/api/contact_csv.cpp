#include "api/contact_csv.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <set>
#include <string>
#include <vector>

#include "core/csv_writer.hpp"
#include "core/json_parse.hpp"
#include "core/time_format.hpp"
#include "store/repositories/contact_export.hpp"

namespace sb::api {
namespace {

constexpr size_t kBatch = 500;
constexpr std::string_view kMetadataPrefix = "metadata.";

const std::vector<std::string>& FixedColumns() {
  static const std::vector<std::string> kColumns = {"uuid",
                                                    "name",
                                                    "surname",
                                                    "phone_number",
                                                    "email",
                                                    "status",
                                                    "country_code",
                                                    "timezone",
                                                    "primary_language",
                                                    "preferred_contact_channel",
                                                    "preferred_contact_time",
                                                    "stage_uuid",
                                                    "owner_uuid",
                                                    "source_name",
                                                    "lead_source",
                                                    "category",
                                                    "notes",
                                                    "do_not_call",
                                                    "tags",
                                                    "created_at",
                                                    "updated_at",
                                                    "last_call_status",
                                                    "last_call_at"};
  return kColumns;
}

std::string Opt(const std::optional<std::string>& v) { return v.value_or(""); }
std::string OptTime(const std::optional<int64_t>& t) { return t ? FormatIsoUtc(*t) : ""; }

std::vector<std::string> FixedCells(const domain::Contact& c) {
  std::string tags;
  for (const auto& t : c.tags) {
    if (!tags.empty()) tags += ';';
    tags += t.name;
  }
  return {c.uuid,
          c.name,
          Opt(c.surname),
          Opt(c.phone_number),
          Opt(c.email),
          c.status,
          Opt(c.country_code),
          Opt(c.timezone),
          Opt(c.primary_language),
          Opt(c.preferred_contact_channel),
          Opt(c.preferred_contact_time),
          Opt(c.stage_uuid),
          Opt(c.owner_uuid),
          Opt(c.source_name),
          Opt(c.lead_source),
          Opt(c.category),
          Opt(c.notes),
          c.do_not_call ? "true" : "false",
          tags,
          FormatIsoUtc(c.created_at),
          FormatIsoUtc(c.updated_at),
          Opt(c.last_call_status),
          OptTime(c.last_call_at)};
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
