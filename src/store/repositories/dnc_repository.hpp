// An organization's do-not-call list: E.164 numbers the dialer never calls
// (when the campaign's rule checks it). Every call is scoped by organization
// id. Not thread-safe: use one repository per connection.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/pagination.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

struct DncNumber {
  std::string number;  // E.164
  std::optional<std::string> reason;
  int64_t created_at = 0;
};

struct DncFilter {
  // Numbers containing this text (a prefix such as "+1415" or any digits).
  std::optional<std::string> search;

  // A stable text form, for keying cached totals.
  std::string Key() const;
};

struct DncAddResult {
  DncNumber entry;
  bool created = false;  // false: the number was already listed (left as it was)
};

class DncRepository {
 public:
  DncRepository(db::Connection& conn, const Clock& clock) : conn_(conn), clock_(clock) {}

  // One page of matching numbers, in number order.
  Result<std::vector<DncNumber>> List(int64_t org, const DncFilter& filter,
                                      const domain::PageRequest& page);
  Result<int64_t> Count(int64_t org, const DncFilter& filter);
  // Lists `e164` (already normalized); idempotent.
  Result<DncAddResult> Add(int64_t org, const std::string& e164,
                           const std::optional<std::string>& reason);
  // 404 "Do-not-call number" when it is not listed.
  Status Remove(int64_t org, const std::string& e164);
  // True when the number is listed.
  Result<bool> Contains(int64_t org, const std::string& e164);

 private:
  Result<std::optional<DncNumber>> Find(int64_t org, const std::string& e164);

  db::Connection& conn_;
  const Clock& clock_;
};

}  // namespace sb::store
