// Contacts of an organization, with their tags. Every call is scoped by
// organization id; another organization's contact is not found. Not
// thread-safe: one repository per connection.
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/contact.hpp"
#include "domain/pagination.hpp"
#include "store/drivers/database.hpp"
#include "store/repositories/count_cache.hpp"

namespace sb::store {

struct ContactPage {
  std::vector<domain::Contact> contacts;  // with tags
  int64_t total = 0;
};

class ContactRepository {
 public:
  ContactRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // One page of contacts matching `filter`, newest first. The total is read
  // from `counts` when this (organization, generation, filter) was counted before.
  Result<ContactPage> List(int64_t org, int64_t generation, const domain::ContactFilter& filter,
                           const domain::PageRequest& page, CountCache& counts);

  Result<domain::Contact> Get(int64_t org, const std::string& uuid);

  // Inserts a validated contact (see domain::ApplyContactFields) created by
  // `user_id` (its created_by), owned by contact.owner_uuid (none when unset),
  // assigned to contact.assignee_uuids, with the tags `tag_uuids`. Assigns
  // uuid and timestamps. 409 naming phone_number when the number exists in the
  // organization; 422 naming stage_uuid / owner_uuid / assignee_uuids /
  // tag_uuids when they are not the organization's.
  Result<domain::Contact> Create(int64_t org, int64_t user_id, domain::Contact contact,
                                 const std::vector<std::string>& tag_uuids);

  // Writes every field of an existing, validated contact, its owner and its
  // exact set of assignees (created_by never changes); replaces its tags when
  // `tag_uuids` is given. Same errors as Create, and 404.
  Result<domain::Contact> Update(int64_t org, const domain::Contact& contact,
                                 const std::optional<std::vector<std::string>>& tag_uuids);

  Status Delete(int64_t org, const std::string& uuid);

  // Adds tags (keeping existing ones); 422 naming tag_uuids when one is unknown.
  Result<domain::Contact> AddTags(int64_t org, const std::string& uuid,
                                  const std::vector<std::string>& tag_uuids);
  // 404 when the contact does not exist or does not carry the tag.
  Status RemoveTag(int64_t org, const std::string& uuid, const std::string& tag_uuid);

 private:
  // The row ids a contact's uuids name (NULL when absent).
  struct Links {
    db::Value stage;
    db::Value owner;
    std::vector<int64_t> assignees;
  };
  Result<Links> ResolveLinks(int64_t org, const domain::Contact& contact);

  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::store
