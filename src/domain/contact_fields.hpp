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

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/contact.hpp"

namespace sb::domain {

// The most bytes a contact's metadata takes, as compact JSON.
inline constexpr size_t kMaxContactMetadataBytes = 65536;
// The most tags and assignees one write may name.
inline constexpr size_t kMaxContactTagUuids = 100;
inline constexpr size_t kMaxContactAssignees = 100;

// Checks every field `fields` holds, adds an error for each one at fault to
// `errors` and clears it (as if absent); UUIDs are put in canonical form.
// `errors` may already hold what a reader found in the same fields (a value
// of the wrong JSON type, which it left absent): the whole list comes back in
// the order of the fields (ContactFields'), so one 422 names them as one
// reading of the body would.
// A contact's writable fields by their wire names, in ContactFields' order
// (the order of its field errors and of an import's writable columns).
inline constexpr std::array<std::string_view, 20> kContactFieldOrder = {"name",
                                                                        "surname",
                                                                        "email",
                                                                        "phone_number",
                                                                        "country_code",
                                                                        "timezone",
                                                                        "primary_language",
                                                                        "preferred_contact_channel",
                                                                        "preferred_contact_time",
                                                                        "status",
                                                                        "stage_uuid",
                                                                        "notes",
                                                                        "metadata",
                                                                        "tag_uuids",
                                                                        "owner_uuid",
                                                                        "assignee_uuids",
                                                                        "source_name",
                                                                        "lead_source",
                                                                        "category",
                                                                        "do_not_call"};

void CheckContactFields(ContactFields& fields, std::vector<FieldError>& errors);

}  // namespace sb::domain
