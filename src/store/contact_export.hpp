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
#include "store/db/database.hpp"

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
Status ForEachContactBatch(db::Connection& conn, int64_t org, const domain::ContactFilter& filter,
                           const std::optional<domain::PageRequest>& page, size_t batch_size,
                           const ContactBatchFn& emit);

}  // namespace sb::store
