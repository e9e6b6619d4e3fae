// Pools of an organization. Every call is scoped by organization id; a pool of
// another organization is reported as not found. Not thread-safe: use one
// repository per connection.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/pagination.hpp"
#include "domain/pool.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

struct PoolFilter {
  std::optional<std::string> search;  // substring of the name
  std::optional<std::string> type;
  std::optional<bool> is_active;

  // A stable text form, for keying cached totals.
  std::string Key() const;
};

// The settings of a new pool, or the changed settings of an update (absent
// fields are left alone on update).
struct PoolFields {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::string> type;
  std::optional<int64_t> max_parallel_items;
  std::optional<int64_t> max_retries;
  std::optional<bool> is_active;
};

class PoolRepository {
 public:
  PoolRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // One page of matching pools, newest first.
  Result<std::vector<domain::Pool>> List(int64_t org, const PoolFilter& filter,
                                         const domain::PageRequest& page);
  // How many pools match.
  Result<int64_t> Count(int64_t org, const PoolFilter& filter);
  Result<domain::Pool> Get(int64_t org, const std::string& uuid);
  // Unset fields take the defaults (FIFO, 10 in parallel, 3 retries, active).
  Result<domain::Pool> Create(int64_t org, const PoolFields& fields);
  Result<domain::Pool> Update(int64_t org, const std::string& uuid, const PoolFields& fields);
  // Removes the pool with its members and campaign attachments.
  Status Delete(int64_t org, const std::string& uuid);
  // A new pool named `name` with the settings of `uuid`; with `copy_members`,
  // its members too, each re-queued as Pending with no attempts (priority and
  // notes kept, insertion order kept).
  Result<domain::Pool> Duplicate(int64_t org, const std::string& uuid, const std::string& name,
                                 bool copy_members);

 private:
  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::store
