// One batch of a contact import, written in one unit of work: the contacts
// (created, updated or skipped by phone number under the import's
// on_duplicate), their tags (the row's, by name, created when new, and the
// import's tag_uuids), their pool membership (the import's pool_uuid), the
// rejected rows, and the import's counts and resume position. A batch that
// fails leaves nothing behind, so the counts always describe the store.
//
// Not thread-safe: one unit of work per connection.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/contact_import.hpp"
#include "services/unit_of_work.hpp"
#include "store/drivers/database.hpp"
#include "store/repositories/contact_bulk.hpp"

namespace sb::services {

struct ImportBatchRow {
  int64_t line = 0;
  // Set when the row was rejected before the store (CSV, mapping): it is
  // recorded, nothing else.
  std::optional<domain::ImportRowError> error;
  // When an earlier line of the file has the same phone number: the reason
  // to record if the store finds the number taken. Whether the row is a
  // duplicate is the store's to say: only a row it wrote takes a number, so
  // one it refused (an unknown owner, say) leaves the number to later rows.
  std::optional<std::string> duplicate_reason;
  domain::ContactFields fields;
  std::vector<std::string> tag_names;  // from the row's tags column
};

struct ImportBatch {
  std::vector<ImportBatchRow> rows;
  // Position after the batch's last record (where the next batch starts).
  int64_t end_offset = 0;
  int64_t end_line = 1;
  // Set on the first batch: the header and delimiter, stored for a resume.
  std::optional<std::vector<std::string>> header;
  char delimiter = ',';
  // The CSV column that fills each contact field, to name it in row errors.
  std::map<std::string, std::string, std::less<>> column_of_field;
};

// Writes `batch` of `import` (held by `owner`, whose lease it extends to
// now + lease_seconds) inside `uow` (which must be for the import's
// organization) and returns the import's progress after it. kConflict when
// `owner` no longer holds the lease; 422/404 when the import's tag_uuids or
// pool_uuid no longer exist. Nothing is written then: the unit of work rolls
// back.
Result<domain::ImportProgress> WriteImportBatch(UnitOfWork& uow,
                                                const domain::ContactImport& import,
                                                const std::string& owner, int64_t lease_seconds,
                                                const ImportBatch& batch);

}  // namespace sb::services
