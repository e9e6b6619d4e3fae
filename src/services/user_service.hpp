// Users made on the side of another use case (the CLI's import and token
// commands name a user by email and create it when absent).
//
// Thread-safety: none; one call per connection at a time.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "store/drivers/database.hpp"

namespace sb::services {

// The id of the user `email` of `org`, created when absent
// (store::UserRepository::EnsureUser), in a unit of work that bumps the write
// generation only when the user was created. 422 naming email when it is not
// one.
Result<int64_t> EnsureUser(db::Connection& conn, int64_t org, const std::string& email,
                           const Clock& clock, IdGenerator& ids);

}  // namespace sb::services
