// A contact import's options and file checked before anything is written, the
// same way for POST /api/v1/contacts/import and for `switchboard import`: the
// route passes its query parameters and form fields, the command its options
// under the same names, so both give the same 422 naming the same field.
//
// Pure functions over their arguments; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv_reader.hpp"
#include "core/result.hpp"
#include "domain/contact_import.hpp"

namespace sb::api {

// The most bytes of a name an import keeps: a file system's usual limit for
// one. A longer name is cut (at a character boundary), not refused: it only
// labels the import for people.
inline constexpr size_t kMaxImportFileNameBytes = 255;

// The options by name: `mapping` (a JSON object, up to 64 KiB),
// `default_country_code` (ISO 3166, resolved to upper case), `on_duplicate`
// (skip|update|error, default skip) and `pool_uuid`; other names are ignored.
// `tag_values` holds each tag_uuids value given, each a UUID or a
// comma-separated list of them (duplicates dropped, at most 100 in all).
// `file_name`, when given, must be UTF-8 text (core/utf8.hpp: no control
// characters); ImportFileName() reads it.
// A 422 naming every field at fault (mapping, default_country_code,
// on_duplicate, tag_uuids, pool_uuid, file_name). Whether the tags and pool
// are the organization's is the store's to say (ImportRepository::Create).
Result<domain::ImportOptions> ReadImportOptions(
    const std::map<std::string, std::string, std::less<>>& fields,
    const std::vector<std::string>& tag_values);

// The name an import shows for its file: the `file_name` option of `fields`
// when not empty (ReadImportOptions checked it), else `sent`, the name the
// file came with (a multipart part's filename, a path's last component), else
// "upload.csv"; cut to kMaxImportFileNameBytes at a character boundary.
// `sent` is whatever the client's disk called the file, not a choice the
// client can be asked to fix, so it is made UTF-8 text (its bad bytes and
// control characters become U+FFFD) instead of refusing the upload.
std::string ImportFileName(const std::map<std::string, std::string, std::less<>>& fields,
                           std::string_view sent);

// The file (`file_bytes` long, read from `file`) has a header row that the
// options' mapping fits: a 422 naming `file` (empty, no header row, a header
// the CSV reader flags) or `mapping` (domain/import_mapping.hpp). Reads only
// the first record.
Status CheckImportHeader(CsvSource& file, int64_t file_bytes, const domain::ImportOptions& options);

}  // namespace sb::api
