// The rules a contact's input values obey before they are applied (lengths,
// choices, UUIDs, list sizes), on plain values: the API reads them from a
// JSON body (api/contact_io.hpp), an import from a CSV row
// (jobs/contact_import_row.hpp), and both hand them here, so a contact is
// judged the same whichever way it comes in. What depends on the whole
// contact (a name and a phone number or an email, the phone number's
// normalization) is ApplyContactFields (domain/contact.hpp).
//
// Pure functions; thread-safe.
#pragma once

#include <vector>

#include "core/result.hpp"
#include "domain/contact.hpp"
#include "domain/contact_entity.hpp"

namespace sb::domain {

// Checks every field `fields` holds, adds an error for each one at fault to
// `errors` and clears it (as if absent); UUIDs are put in canonical form.
// `errors` may already hold what a reader found in the same fields (a value
// of the wrong JSON type, which it left absent): the whole list comes back in
// the order of the fields (kContactFieldOrder), so one 422 names them as one
// reading of the body would. The rules follow the declaration
// (domain/contact_entity.hpp): text lengths, choices, UUIDs, list sizes.
void CheckContactFields(ContactFields& fields, std::vector<FieldError>& errors);

}  // namespace sb::domain
