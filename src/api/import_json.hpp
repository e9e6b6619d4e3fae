// Contact imports as JSON: the import object of POST /api/v1/contacts/import
// and GET /api/v1/imports/{uuid} (also the data of the import.completed
// event), and one rejected row of GET /api/v1/imports/{uuid}/errors.
#pragma once

#include <cstdint>

#include "api/json_writer.hpp"
#include "domain/contact_import.hpp"

namespace sb::api {

// `now` gives the elapsed time and rate of an import still running.
void WriteImport(JsonWriter& w, const domain::ContactImport& import, int64_t now);

void WriteImportRowError(JsonWriter& w, const domain::ImportRowError& e);

}  // namespace sb::api
