// The audit log's rows (domain/audit.hpp). Every call is scoped by
// organization id. Append opens no transaction: it writes in the caller's, so
// the entry commits or rolls back with the change it records. Not
// thread-safe: one repository per connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/audit.hpp"
#include "domain/pagination.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

struct AuditLogFilter {
  std::optional<std::string> action;  // one of domain::AuditActions()
};

class AuditLogRepository {
 public:
  AuditLogRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // Stores `entry` with a new uuid and the clock's time (its id, uuid,
  // created_at and actor_token_prefix are ignored); returns it as stored.
  // kInternal when its action is not one of domain::AuditActions() or its
  // source is neither "api" nor "cli" (a caller's bug, never a client's).
  Result<domain::AuditEntry> Append(domain::AuditEntry entry);
  // One page of the organization's entries matching `filter`, newest first.
  Result<std::vector<domain::AuditEntry>> List(int64_t org, const AuditLogFilter& filter,
                                               const domain::PageRequest& page);
  Result<int64_t> Count(int64_t org, const AuditLogFilter& filter);

 private:
  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::store
