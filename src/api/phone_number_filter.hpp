// The filters of GET /api/v1/phone-numbers (seed 004) from query parameters.
// In a file of its own so that it can be built and fuzzed without the routes
// (tests/fuzz).
#pragma once

#include "api/query_reader.hpp"
#include "store/repositories/phone_number_repository.hpp"

namespace sb::api {

// Bad values are recorded in `query` (call query.Finish()).
store::PhoneNumberFilter ReadPhoneNumberFilter(QueryReader& query);

}  // namespace sb::api
