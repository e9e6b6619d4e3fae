// Users of an organization. Every call is scoped by organization id; a user of
// another organization is reported as not found. An organization always keeps
// at least one owner: deleting or demoting its last owner is a 409. Not
// thread-safe: use one repository per connection.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/pagination.hpp"
#include "domain/user.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

class UserRepository {
 public:
  UserRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // One page of the organization's users, by email.
  Result<std::vector<domain::User>> List(int64_t org, const domain::PageRequest& page);
  // How many users the organization has.
  Result<int64_t> Count(int64_t org);
  Result<domain::User> Get(int64_t org, const std::string& uuid);

  // Inserts a validated user (see domain::ApplyUserFields); assigns uuid and
  // timestamps. 409 naming email when the email is taken (in any case).
  Result<domain::User> Create(int64_t org, const domain::User& user);
  // Whether the caller may change or delete the user as it is now (inside
  // the change's transaction, so the role it judges is the one changed).
  using UserCheck = std::function<Status(const domain::User& current)>;

  // Writes name, email and role of an existing, validated user. 404; 409
  // naming role when it would leave the organization without an owner; then
  // `check`'s error; 409 naming email when taken.
  Result<domain::User> Update(int64_t org, const domain::User& user,
                              const UserCheck& check = nullptr);
  // Deletes the user: the contacts they own or created keep no owner or
  // creator, their assignments and API tokens go with them. 404; 409 when the
  // user is the organization's last owner; then `check`'s error.
  Status Delete(int64_t org, const std::string& uuid, const UserCheck& check = nullptr);

  // The id of the user `email` (any case), creating it when absent: named
  // after the email's local part, the organization's owner when it is the
  // first user, a member otherwise. 422 naming email when it is not one.
  // Runs inside the caller's transaction (it opens none).
  // `created`, when given, says whether the user was made here.
  Result<int64_t> EnsureUser(int64_t org, const std::string& email, bool* created = nullptr);

 private:
  Result<std::vector<domain::User>> Select(const std::string& where_and_order,
                                           const db::Params& params);
  // 409 naming `field` when the organization has no owner but `user_id`.
  Status KeepAnOwner(int64_t org, int64_t user_id, const char* field);

  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::store
