// Which CSV column of an import fills which contact field: the import's
// `mapping` option, checked against the file's header when the file is
// uploaded (api/import_options.hpp) and used to read its rows when it runs
// (jobs/contact_import_row.hpp).
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace sb::domain {

// What one CSV column fills.
struct ImportTarget {
  enum class Kind { kIgnored, kField, kTags, kMetadata };
  Kind kind = Kind::kIgnored;
  std::string name;  // the field, or the metadata key
};

struct ImportMapping {
  std::vector<ImportTarget> columns;  // one per header cell
};

// The mapping for a file with `header`. Without `mapping_json`, a column
// named like a writable contact field (any case, spaces as "_") fills it,
// `tags` fills the tags and `metadata.KEY` a metadata key; any other column
// (uuid, created_at, ... of an export) is ignored. With it, a JSON object
// {"CSV column": "field" | "tags" | "metadata.KEY" | null} says it for the
// columns it names (null: ignore) and the rest are ignored.
// 422 naming `mapping`: not a JSON object, a column not in the header, an
// unknown or read-only field, two columns for one field or key, or no column
// for `name` or for both `phone_number` and `email`.
Result<ImportMapping> BuildImportMapping(const std::vector<std::string>& header,
                                         std::optional<std::string_view> mapping_json);

// The ' our CSV export puts before a cell that starts with = + - @ TAB or CR
// (core/csv_writer.hpp's formula guard) taken off again, so an export imports
// back unchanged; any other cell as it is.
std::string_view WithoutFormulaGuard(std::string_view cell);

// "Phone Number" -> "phone_number": how a header cell names a field.
std::string NormalizeColumnName(std::string_view column);

}  // namespace sb::domain
