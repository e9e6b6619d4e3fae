// From CSV cells to a contact: which column fills which field (the import's
// `mapping`), and one row turned into the same JSON object a client would POST
// to /api/v1/contacts, so an imported row is validated and normalized exactly
// as an API create is (api/contact_io.hpp's ReadContactFields).
//
// Pure functions; thread-safe.
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace sb::api {

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

struct MappedRow {
  rapidjson::Document body;            // the POST /api/v1/contacts object (no tag_uuids)
  std::vector<std::string> tag_names;  // from the tags column, split on ";"
};

// Row `cells` (as many as the header) as a contact body. Empty cells are left
// out (not null). `do_not_call` reads true/false/yes/no/1/0; a metadata cell
// that is valid JSON (a number, true/false, an object or array) keeps its type,
// anything else is a string. `default_country_code` fills country_code where
// the row has none (for national numbers). A cell that starts with ' and then
// = + - @ TAB or CR loses the ' (the formula guard of our exports, so an export
// imports back unchanged). A cell that cannot be read is a 422 naming its
// column (the header's text): so is a tags cell of more than
// kMaxImportTagsPerRow names, and a metadata cell of JSON nested deeper than
// kMaxJsonDepth - 1 (it sits inside `metadata`).
inline constexpr size_t kMaxImportTagsPerRow = 100;
Result<MappedRow> MapImportRow(const std::vector<std::string>& header, const ImportMapping& mapping,
                               const std::vector<std::string>& cells,
                               const std::optional<std::string>& default_country_code);

}  // namespace sb::api
