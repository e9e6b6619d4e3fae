// One CSV row of a contact import as the plain values of a contact, through
// the import's mapping (domain/import_mapping.hpp). The values are then
// checked by the rules every contact obeys (domain/contact_fields.hpp), so an
// imported row is judged as an API create is.
//
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/contact.hpp"
#include "domain/import_mapping.hpp"

namespace sb::jobs {

struct MappedRow {
  domain::ContactFields fields;        // as a POST /api/v1/contacts body would give (no tag_uuids)
  std::vector<std::string> tag_names;  // from the tags column, split on ";"
};

// Row `cells` (as many as the header) as contact values. Empty cells are left
// out (absent, not null). `do_not_call` reads true/false/yes/no/1/0; the
// metadata cells make one JSON object, where a cell that is valid JSON (a
// number, true/false, an object or array) keeps its type and anything else is
// a string. `default_country_code` fills country_code where the row has none
// (for national numbers). A cell that starts with ' and then = + - @ TAB or CR
// loses the ' (the formula guard of our exports, so an export imports back
// unchanged). A cell that cannot be read is a 422 naming its column (the
// header's text): so is a tags cell of more than kMaxImportTagsPerRow names,
// and a metadata cell of JSON nested deeper than kMaxJsonDepth - 1 (it sits
// inside `metadata`).
inline constexpr size_t kMaxImportTagsPerRow = 100;
Result<MappedRow> MapImportRow(const std::vector<std::string>& header,
                               const domain::ImportMapping& mapping,
                               const std::vector<std::string>& cells,
                               const std::optional<std::string>& default_country_code);

}  // namespace sb::jobs
