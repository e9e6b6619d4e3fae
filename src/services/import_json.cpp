#include "services/import_json.hpp"

#include <algorithm>
#include <cmath>

namespace sb::services {

void WriteImport(JsonWriter& w, const domain::ContactImport& i, int64_t now) {
  const domain::ImportProgress& p = i.progress;
  w.StartObject();
  w.Field("uuid", i.uuid);
  w.Field("status", i.status);
  w.Field("file_name", i.file_name);
  w.Field("file_bytes", i.file_bytes);

  w.Key("options");
  w.StartObject();
  w.Key("mapping");
  if (i.options.mapping) {
    w.RawJson(*i.options.mapping);
  } else {
    w.Null();
  }
  w.Field("default_country_code", i.options.default_country_code);
  w.Field("on_duplicate", domain::OnDuplicateName(i.options.on_duplicate));
  w.Key("tag_uuids");
  w.StartArray();
  for (const auto& t : i.options.tag_uuids) w.String(t);
  w.EndArray();
  w.Field("pool_uuid", i.options.pool_uuid);
  w.EndObject();

  w.Key("progress");
  w.StartObject();
  w.Field("rows_read", p.rows_read);
  w.Field("created", p.created);
  w.Field("updated", p.updated);
  w.Field("skipped", p.skipped);
  w.Field("failed", p.failed);
  w.Field("bytes_read", p.bytes_read);
  w.Key("percent");
  w.Double(i.file_bytes > 0 ? std::round(1000.0 * static_cast<double>(p.bytes_read) /
                                         static_cast<double>(i.file_bytes)) /
                                  10.0
                            : 100.0);
  w.EndObject();

  w.Field("error", i.error);
  w.Field("created_by", i.user_uuid);
  w.TimeField("created_at", i.created_at);
  w.TimeField("started_at", i.started_at);
  w.TimeField("finished_at", i.finished_at);
  w.TimeField("updated_at", i.updated_at);

  // Timing: seconds since the start (to the end once finished), the rate, and
  // while running an estimate of the time left from the bytes still to read.
  std::optional<int64_t> elapsed;
  if (i.started_at) elapsed = std::max<int64_t>(0, i.finished_at.value_or(now) - *i.started_at);
  w.Field("elapsed_seconds", elapsed);
  w.Key("rows_per_second");
  if (elapsed && *elapsed > 0) {
    w.Double(std::round(10.0 * static_cast<double>(p.rows_read) / static_cast<double>(*elapsed)) /
             10.0);
  } else {
    w.Null();
  }
  std::optional<int64_t> eta;
  if (i.status == domain::kImportRunning && elapsed && p.bytes_read > 0) {
    eta = static_cast<int64_t>(static_cast<double>(*elapsed) *
                               static_cast<double>(i.file_bytes - p.bytes_read) /
                               static_cast<double>(p.bytes_read));
  }
  w.Field("eta_seconds", eta);
  w.Field("errors_url", "/api/v1/imports/" + i.uuid + "/errors");
  w.EndObject();
}

}  // namespace sb::services
