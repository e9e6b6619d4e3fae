#include "api/import_options.hpp"

#include <rapidjson/document.h>

#include <algorithm>

#include "api/query_reader.hpp"
#include "core/ids.hpp"
#include "core/json_parse.hpp"
#include "core/utf8.hpp"
#include "domain/import_mapping.hpp"
#include "domain/phone.hpp"

namespace sb::api {
namespace {

constexpr size_t kMaxTagUuids = 100;

}  // namespace

Result<domain::ImportOptions> ReadImportOptions(
    const std::map<std::string, std::string, std::less<>>& fields,
    const std::vector<std::string>& tag_values) {
  ApiRequest as_query;
  as_query.query = fields;
  QueryReader q(as_query);
  domain::ImportOptions o;
  if (auto mapping = q.String("mapping", 65536)) {
    rapidjson::Document doc;
    if (!ParseJson(*mapping, &doc).ok() || !doc.IsObject()) {
      q.AddError("mapping", "The mapping must be a JSON object of CSV column to field.");
    } else {
      o.mapping = *mapping;
    }
  }
  if (auto country = q.String("default_country_code", 8)) {
    auto region = domain::ResolveRegion(*country);
    if (!region) {
      q.AddError("default_country_code",
                 "The default_country_code must be an ISO 3166 country code such as US.");
    } else {
      o.default_country_code = *region;
    }
  }
  if (auto d = q.Enum("on_duplicate", domain::OnDuplicateNames())) {
    o.on_duplicate = *domain::ParseOnDuplicate(*d);
  }
  for (const auto& value : tag_values) {
    size_t pos = 0;
    while (pos <= value.size()) {
      size_t comma = value.find(',', pos);
      if (comma == std::string::npos) comma = value.size();
      std::string item = value.substr(pos, comma - pos);
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      pos = comma + 1;
      if (item.empty()) continue;
      if (!IsUuid(item)) {
        q.AddError("tag_uuids", "The tag_uuids must be UUIDs: " + item);
        break;
      }
      std::string uuid = CanonicalUuid(item);
      if (std::find(o.tag_uuids.begin(), o.tag_uuids.end(), uuid) == o.tag_uuids.end()) {
        o.tag_uuids.push_back(uuid);
      }
    }
  }
  if (o.tag_uuids.size() > kMaxTagUuids) {
    q.AddError("tag_uuids", "The tag_uuids may not have more than 100 items.");
  }
  if (auto pool = q.Uuid("pool_uuid")) o.pool_uuid = CanonicalUuid(*pool);
  // Checked here, with the other options, so that one 422 names every field at
  // fault. Bytes that are not UTF-8 would make PostgreSQL refuse the import's
  // row (a 500) and SQLite hand them back in the JSON.
  if (auto name = fields.find("file_name"); name != fields.end() && !IsUtf8Text(name->second)) {
    q.AddError("file_name", "The file_name must be UTF-8 text without control characters.");
  }
  SB_RETURN_IF_ERROR(q.Finish());
  return o;
}

std::string ImportFileName(const std::map<std::string, std::string, std::less<>>& fields,
                           std::string_view sent) {
  std::string_view name = sent;
  if (auto given = fields.find("file_name"); given != fields.end() && !given->second.empty()) {
    name = given->second;
  }
  if (name.empty()) return "upload.csv";
  return std::string(CutUtf8(ToUtf8Text(name), kMaxImportFileNameBytes));
}

Status CheckImportHeader(CsvSource& file, int64_t file_bytes,
                         const domain::ImportOptions& options) {
  if (file_bytes == 0) return Error::Validation("file", "The file is empty.");
  CsvReader reader(file);
  CsvRecord header;
  SB_ASSIGN_OR_RETURN(bool any, reader.Next(&header));
  if (!any) return Error::Validation("file", "The file has no header row.");
  if (!header.ok()) {
    return Error::Validation("file", "The header row (line " + std::to_string(header.line) +
                                         ") cannot be read: " + header.reason);
  }
  SB_RETURN_IF_ERROR(domain::BuildImportMapping(header.cells, options.mapping));
  return OkStatus();
}

}  // namespace sb::api
