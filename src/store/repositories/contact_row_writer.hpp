// The rows of a many-contact upsert (services/contact_upsert.hpp decides,
// item by item, what each one does): the existing contacts the items' keys
// name, and one contact's insert or update with its links.
//
// Every item-level failure is found before its statement runs (validation,
// lookups of the linked rows, a SELECT for a number already taken): a failed
// statement would abort the whole transaction on PostgreSQL. Run inside the
// caller's transaction. Not thread-safe: one writer per connection.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/contact.hpp"
#include "store/drivers/database.hpp"
#include "store/repositories/contact_bulk.hpp"

namespace sb::store {

// The existing contacts of `org` (with tags and assignees) that the keys
// (UpsertKeyValue forms) name, by key; for a shared email the oldest contact.
Result<std::unordered_map<std::string, domain::Contact>> FindContactsByKeys(
    db::Connection& conn, int64_t org, UpsertKey key, std::vector<std::string> keys);

// Writes one contact at a time; an item-level problem comes back as a 422 or
// 409 naming the field, with nothing of that item written.
class ContactRowWriter {
 public:
  // `user_id`: the creator (0: nobody). `numbers_looked_up`: every item's
  // number was looked up already (the phone number is the upsert key), so a
  // create need not check it again.
  ContactRowWriter(db::Connection& conn, int64_t org, int64_t user_id, int64_t now,
                   bool numbers_looked_up)
      : conn_(conn),
        org_(org),
        user_id_(user_id),
        now_(now),
        numbers_looked_up_(numbers_looked_up) {}

  // Applies `f` to `c` (which holds its uuid and default owner) and inserts
  // it; `c` gets its id.
  Status Create(const domain::ContactFields& f, domain::Contact& c);
  // `c` holds the stored contact and becomes the updated one.
  Status Update(const domain::ContactFields& f, domain::Contact& c);

 private:
  struct Links {
    db::Value stage;
    db::Value owner;
    std::vector<int64_t> assignees;
    std::vector<int64_t> tags;
  };
  Result<Links> Resolve(const domain::Contact& c, const domain::ContactFields& f);
  Result<db::Value> CachedId(std::unordered_map<std::string, db::Value>& cache,
                             std::string_view table, const std::optional<std::string>& uuid,
                             const std::string& field);
  Status RequireFreeNumber(const std::optional<std::string>& number, int64_t self);

  db::Connection& conn_;
  int64_t org_;
  int64_t user_id_;
  int64_t now_;
  bool numbers_looked_up_;
  std::unordered_map<std::string, db::Value> stages_;
  std::unordered_map<std::string, db::Value> owners_;
};

}  // namespace sb::store
