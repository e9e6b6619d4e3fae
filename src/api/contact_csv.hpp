// Contacts as CSV: the export behind GET /api/v1/contacts/export and
// `switchboard export`. One header row, then one row per contact matching the
// filter, newest first. Columns: the contact's fields by their API names, `tags`
// (tag names joined by ";"), and one `metadata.KEY` column per metadata key any
// matching contact has (sorted), so that an export imports back with the
// default mapping.
//
// Memory stays at one batch of contacts whatever the size: a first pass reads
// only the metadata to learn its keys, the second writes rows as it reads them.
// Cells that a spreadsheet would run as a formula are prefixed with ' (see
// core/csv_writer.hpp); phone numbers are not.
#pragma once

#include <functional>
#include <string_view>

#include "core/result.hpp"
#include "domain/contact.hpp"
#include "store/drivers/database.hpp"

namespace sb::api {

inline constexpr const char* kCsvContentType = "text/csv; charset=utf-8";

// At most this many metadata.KEY columns: the first keys met, newest contact
// first (a key seen only past them is left out of the file).
inline constexpr size_t kMaxExportMetadataColumns = 1000;

// Writes the CSV to `out` in pieces of about 64 KiB; stops at and returns the
// first error `out` or the database reports. Takes a connection from `db` per
// batch and gives it back before writing (store/contact_export.hpp).
Status WriteContactsCsv(db::Database& db, int64_t org, const domain::ContactFilter& filter,
                        const std::function<Status(std::string_view)>& out);

}  // namespace sb::api
