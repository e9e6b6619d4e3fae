// The call log of an organization. Every call is scoped by organization id; a
// call or contact of another organization is reported as not found (or, as a
// reference in a new call, as an invalid field). Not thread-safe: use one
// repository per connection.
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/call.hpp"
#include "domain/pagination.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

class CallRepository {
 public:
  CallRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // Records a call and, in the same transaction, copies its status, start,
  // duration and feedback to the contact's last_call_* fields when it is the
  // contact's latest call (started_at >= the current last_call_at, or none
  // yet): a call recorded late never overwrites a newer one. 422 naming
  // contact_uuid, agent_uuid, phone_number_uuid or campaign_uuid when that
  // reference is not in the organization.
  Result<domain::Call> Create(int64_t org, const domain::NewCall& call);
  Result<domain::Call> Get(int64_t org, const std::string& uuid);
  // One page of matching calls, newest started_at first (then newest recorded).
  Result<std::vector<domain::Call>> List(int64_t org, const domain::CallFilter& filter,
                                         const domain::PageRequest& page);
  Result<int64_t> Count(int64_t org, const domain::CallFilter& filter);
  // 404 "Contact" unless the contact exists in the organization.
  Status RequireContact(int64_t org, const std::string& contact_uuid);

 private:
  // The id of `table`'s row with this uuid, or a 422 naming `field`.
  Result<int64_t> Reference(int64_t org, const char* table, const std::string& uuid,
                            const char* field);

  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::store
