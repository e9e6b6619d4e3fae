// Reading contact fields from a JSON body and writing a contact as JSON (the
// seed 001 shape plus stage_uuid, notes, metadata, the latest call and
// message, and ownership: owner_uuid, created_by, assignee_uuids, source_name,
// lead_source, category). Shared by every route that takes or returns contacts.
#pragma once

#include "api/body_reader.hpp"
#include "api/json_writer.hpp"
#include "api/query_reader.hpp"
#include "domain/contact.hpp"

namespace sb::api {

// Type-checks every contact field present in `body` (errors collect in it).
domain::ContactFields ReadContactFields(BodyReader& body);

// The filters of GET /api/v1/contacts (seed 001) from query parameters; bad
// values are recorded in `q` (call q.Finish()). Every route that selects
// contacts "as the list does" reads them here.
domain::ContactFilter ReadContactFilter(QueryReader& q);

void WriteContact(JsonWriter& w, const domain::Contact& c);

}  // namespace sb::api
