// Contact imports as JSON: the import object of POST /api/v1/contacts/import
// and GET /api/v1/imports/{uuid} (services/import_json.hpp, which the
// import.completed event shares), and one rejected row of
// GET /api/v1/imports/{uuid}/errors.
#pragma once

#include "api/json_writer.hpp"
#include "domain/contact_import.hpp"
#include "services/import_json.hpp"

namespace sb::api {

using services::WriteImport;

void WriteImportRowError(JsonWriter& w, const domain::ImportRowError& e);

}  // namespace sb::api
