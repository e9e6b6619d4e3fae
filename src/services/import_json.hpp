// A contact import as JSON: the import object of POST
// /api/v1/contacts/import and GET /api/v1/imports/{uuid}, which is also the
// data of the import.completed event (services/outbox_events.hpp). Below
// api/, so the event and the API show one shape.
//
// Pure function; thread-safe.
#pragma once

#include <cstdint>

#include "core/json_writer.hpp"
#include "domain/contact_import.hpp"

namespace sb::services {

// `now` gives the elapsed time and rate of an import still running.
void WriteImport(JsonWriter& w, const domain::ContactImport& import, int64_t now);

}  // namespace sb::services
