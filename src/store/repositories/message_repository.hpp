// Messages exchanged with an organization's contacts. Every call is scoped by
// organization id; a contact of another organization is reported as not
// found. Not thread-safe: use one repository per connection.
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/message.hpp"
#include "domain/pagination.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

class MessageRepository {
 public:
  MessageRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // Records a message to or from the contact and, in the same transaction,
  // copies its sent_at and status to the contact's last_message_at and
  // last_message_status when it is the contact's latest message (sent_at >=
  // the current last_message_at, or none yet). 404 "Contact".
  Result<domain::Message> Create(int64_t org, const std::string& contact_uuid,
                                 const domain::NewMessage& message);
  // One page of the contact's messages, newest sent_at first (then newest
  // recorded). 404 "Contact".
  Result<std::vector<domain::Message>> List(int64_t org, const std::string& contact_uuid,
                                            const domain::PageRequest& page);
  // The number of the contact's messages (0 for an unknown contact).
  Result<int64_t> Count(int64_t org, const std::string& contact_uuid);

 private:
  Result<domain::Message> Get(int64_t org, const std::string& uuid);

  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::store
