// Reading every contact that matches a filter in bounded memory: one cursor
// over the contacts, newest first, handed out in batches with their tags and
// assignees loaded (one query per batch) and the campaign each belongs to.
// Internal to the store's callers that export or stream contacts.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/contact.hpp"
#include "domain/pagination.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

struct ExportedContact {
  domain::Contact contact;  // with tags (by name) and assignees
  // The campaign of the newest pool holding the contact that belongs to a
  // campaign (the newest such campaign when several share the pool), or none.
  std::optional<std::string> campaign_uuid;
};

using ContactBatchFn = std::function<Status(std::vector<ExportedContact>& batch)>;

// Calls `emit` with successive batches of at most `batch_size` contacts of
// `org` matching `filter`, newest first; only the page `page` when given.
// Stops at the first error `emit` returns and returns it.
//
// Each batch takes a connection from `db` for its reads and gives it back
// before `emit` runs: a slow client (emit writes to it) never holds one. So a
// stream waits for a connection like any request (Database::Acquire's
// timeout) once per batch. Without a page, each batch is its own statement
// resuming below the last id handed out (no row skipped or repeated), so
// memory stays at one batch on both engines. The cost: not one snapshot; a
// contact created while the export runs is not in it (it is newer than the
// first batch), one deleted before its batch is read is left out.
Status ForEachContactBatch(db::Database& db, int64_t org, const domain::ContactFilter& filter,
                           const std::optional<domain::PageRequest>& page, size_t batch_size,
                           const ContactBatchFn& emit);

// Calls `emit` with the metadata (a JSON object) of every contact `org` has
// matching `filter`, newest first, in the same keyset batches: for an export
// that needs every metadata key before its header row.
Status ForEachContactMetadata(db::Database& db, int64_t org, const domain::ContactFilter& filter,
                              size_t batch_size,
                              const std::function<Status(std::string_view)>& emit);

}  // namespace sb::store
