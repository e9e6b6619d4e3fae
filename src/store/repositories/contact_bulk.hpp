// Contacts written many at a time: the types of an upsert of up to a thousand
// contacts with a result per item (its rules: services/contact_upsert.hpp; its
// rows: contact_row_writer.hpp), and updates and deletes of many contacts at
// once. Each call is one transaction; the unit of work it runs in
// (services/contact_service.hpp) bumps the organization's write generation.
// Every call is scoped by organization id; another organization's contacts
// are never matched. Not thread-safe: one repository per connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/maybe.hpp"
#include "domain/contact.hpp"
#include "domain/contact_import.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

// Which existing contact an upserted item updates.
enum class UpsertKey {
  kNone,         // every item creates a contact
  kPhoneNumber,  // the contact with the item's number (E.164, read in its country_code)
  kEmail,        // the oldest contact with the item's email, ignoring ASCII case
};

// One item of an upsert: its fields (type-checked, not yet validated), or the
// error that already rejected it while reading the request.
struct BulkContactItem {
  domain::ContactFields fields;
  std::optional<FieldError> rejected;
};

// The item's value of `key` as the store holds it (E.164 read in the item's
// country_code; the email trimmed and lowered), or nullopt when it has none
// (or a number that does not parse: the create reports it).
std::optional<std::string> UpsertKeyValue(UpsertKey key, const domain::ContactFields& fields);

struct UpsertOptions {
  UpsertKey key = UpsertKey::kNone;
  // What an item whose key matches a contact does: update it, leave it alone
  // (kSkipped), or fail (kError naming the key's field).
  domain::OnDuplicate on_match = domain::OnDuplicate::kUpdate;
};

struct BulkItemResult {
  enum class Kind { kCreated, kUpdated, kSkipped, kError };
  Kind kind = Kind::kError;
  std::string uuid;        // created, updated or skipped
  int64_t contact_id = 0;  // created, updated or skipped
  std::string field;       // error: the field POST /api/v1/contacts would name (may be empty)
  bool duplicate = false;  // error: another contact has the key (or the phone number)
  std::string message;     // error
};

struct BulkUpsertResult {
  std::vector<BulkItemResult> results;  // one per item, in request order
  int64_t created = 0;
  int64_t updated = 0;
  int64_t skipped = 0;
  int64_t failed = 0;
};

// Which contacts a bulk update selects: the listed uuids, or the filter.
struct ContactSelection {
  std::vector<std::string> uuids;
  std::optional<domain::ContactFilter> filter;  // when set, `uuids` is ignored
};

// What a bulk update changes; absent parts are left alone.
struct BulkContactChanges {
  std::optional<std::string> status;
  Maybe<std::string> stage_uuid;  // explicit null clears the stage
  Maybe<std::string> owner_uuid;  // explicit null clears the owner
  std::vector<std::string> add_tag_uuids;
  std::vector<std::string> remove_tag_uuids;
};

struct BulkUpdateCounts {
  int64_t matched = 0;               // contacts selected
  int64_t updated = 0;               // of those, contacts that actually changed
  int64_t not_found = 0;             // distinct listed uuids that name no contact
  std::vector<int64_t> updated_ids;  // the contacts that changed
};

struct BulkDeleteCounts {
  int64_t deleted = 0;
  int64_t not_found = 0;  // distinct listed uuids that name no contact
};

class ContactBulkRepository {
 public:
  ContactBulkRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // Applies `changes` to every selected contact in one transaction. 422
  // naming set.stage_uuid, set.owner_uuid, add_tag_uuids or remove_tag_uuids
  // when one is not the organization's.
  Result<BulkUpdateCounts> Update(int64_t org, const ContactSelection& selection,
                                  const BulkContactChanges& changes);

  // Deletes the listed contacts (with their tags, pool memberships, calls and
  // messages) in one transaction.
  Result<BulkDeleteCounts> Delete(int64_t org, const std::vector<std::string>& uuids);

 private:
  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::store
