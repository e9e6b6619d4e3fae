// Runs one contact import: reads its CSV file from where the last committed
// batch ended, turns every record into contact values (contact_import_row.hpp)
// checked as POST /api/v1/contacts checks its body
// (domain/contact_fields.hpp), writes the rows in batches, each one unit of
// work (services/contact_import_batch.hpp), and ends the import as completed
// or failed, emitting import.completed.
//
// Rows are judged one by one and a bad row never stops the import: a record
// the CSV reader flags (stray or unterminated quote, invalid UTF-8, too long),
// one with more or fewer cells than the header, a cell that cannot be read, a
// contact that fails validation, or a duplicate phone number under
// on_duplicate=error is recorded with its line, column and reason.
// Duplicates inside the file are found by E.164 number as the file is read
// (the first line is remembered for the message); duplicates of the
// organization's contacts by the store. After a resume, a duplicate of a row
// read before the interruption is reported as one of the organization's.
//
// The whole import fails (status failed, counts as committed) when its file
// cannot be read, has no header, the mapping does not fit the header, or its
// tag_uuids or pool_uuid were deleted meanwhile.
//
// Used by the import worker of `serve` and by `switchboard import`.
// Thread-safety: one Run at a time per importer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "core/clock.hpp"
#include "core/csv_reader.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "domain/contact_import.hpp"
#include "store/drivers/database.hpp"

namespace sb::jobs {

struct ImporterOptions {
  size_t batch_rows = 1000;
  int64_t lease_seconds = 120;
  // Called after each committed batch with the import as it now stands.
  // Returning false stops the run there: the lease is given up and the import
  // stays running, to be resumed by the next claim (a graceful stop; tests use
  // it to interrupt an import).
  std::function<bool(const domain::ContactImport&)> after_batch;
  // A batch is also written once its records span this many bytes of the
  // file: a row costs memory in proportion to its record, so with the CSV
  // reader's own bounds a run's memory is bounded whatever the file holds.
  size_t batch_bytes = size_t{8} << 20;
  // The CSV reader's bounds on one record (CsvReaderOptions): a record past
  // either is a row error, and the import goes on.
  size_t max_record_bytes = CsvReaderOptions().max_record_bytes;
  size_t max_cells = CsvReaderOptions().max_cells;
};

class ContactImporter {
 public:
  // `owner` names this process in import leases.
  ContactImporter(db::Database& db, const Clock& clock, IdGenerator& ids, std::string owner,
                  ImporterOptions options = {})
      : db_(db), clock_(clock), ids_(ids), owner_(std::move(owner)), options_(std::move(options)) {}

  const std::string& owner() const { return owner_; }

  // Runs `import`, which this importer's owner holds (ImportRepository::Claim
  // or ClaimNext), from its resume position to the end, and returns it as it
  // then stands: completed, failed, or running when after_batch stopped it.
  // An Error only when the store fails; the import is then left to its lease
  // and resumed once that runs out.
  Result<domain::ContactImport> Run(const domain::ContactImport& import);

  // Ends `import`, which this importer's owner holds, as failed with
  // `reason`, and emits its import.completed event with the counts `import`
  // carries. kConflict when the owner no longer holds it.
  Status Fail(const domain::ContactImport& import, const std::string& reason);

 private:
  db::Database& db_;
  const Clock& clock_;
  IdGenerator& ids_;
  std::string owner_;
  ImporterOptions options_;
};

}  // namespace sb::jobs
