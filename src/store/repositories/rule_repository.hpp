// Campaign rules of an organization. Every call is scoped by organization id;
// a rule of another organization is reported as not found. Not thread-safe:
// use one repository per connection.
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/pagination.hpp"
#include "domain/rule.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

class RuleRepository {
 public:
  RuleRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // One page of rules, newest first.
  Result<std::vector<domain::Rule>> List(int64_t org, const domain::PageRequest& page);
  Result<int64_t> Count(int64_t org);
  Result<domain::Rule> Get(int64_t org, const std::string& uuid);
  // Stores `rule` (already validated; its id, uuid and times are ignored).
  Result<domain::Rule> Create(int64_t org, const domain::Rule& rule);
  // Replaces every setting of the rule with `rule`'s.
  Result<domain::Rule> Replace(int64_t org, const std::string& uuid, const domain::Rule& rule);
  // Removes the rule; campaigns that used it are left without one.
  Status Delete(int64_t org, const std::string& uuid);

 private:
  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::store
