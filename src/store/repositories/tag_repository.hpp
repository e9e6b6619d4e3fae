// Tags of an organization. Every call is scoped by organization id; a tag of
// another organization is reported as not found. Not thread-safe: use one
// repository per connection.
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/tag.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

class TagRepository {
 public:
  TagRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // All tags, by name.
  Result<std::vector<domain::Tag>> List(int64_t org);
  Result<domain::Tag> Get(int64_t org, const std::string& uuid);
  // 409 (field "name") when the name is taken.
  Result<domain::Tag> Create(int64_t org, const std::string& name);
  Result<domain::Tag> Rename(int64_t org, const std::string& uuid, const std::string& name);
  // Removes the tag from every contact as well.
  Status Delete(int64_t org, const std::string& uuid);

 private:
  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::store
