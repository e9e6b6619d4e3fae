#include "api/import_json.hpp"

namespace sb::api {

void WriteImportRowError(JsonWriter& w, const domain::ImportRowError& e) {
  w.StartObject();
  w.Field("line", e.line);
  w.Field("code", e.code);
  w.Field("column", e.column);
  w.Field("field", e.field);
  w.Field("reason", e.reason);
  w.EndObject();
}

}  // namespace sb::api
