// Response pieces shared by the pool, pool member and campaign handlers.
#pragma once

#include <functional>
#include <string>

#include "api/json_writer.hpp"
#include "api/request.hpp"
#include "domain/pool.hpp"

namespace sb::api {

// A pool as every pool route returns it.
void WritePool(JsonWriter& w, const domain::Pool& p);

// A pool member row (seed 000); with `with_pool`, "pool_uuid" comes first.
void WritePoolMember(JsonWriter& w, const domain::PoolMember& m, bool with_pool);

// The short paginator of pools, members and campaigns:
// {"current_page","last_page","per_page","total","data":[rows]}, with
// `extra_leading` written first (the members' "pool_uuid").
void WriteShortPage(JsonWriter& w, const domain::PageInfo& page,
                    const std::function<void(JsonWriter&)>& rows,
                    const std::function<void(JsonWriter&)>& extra_leading = nullptr);

// The total for a list filter, from the count cache when this organization
// has not written since it was computed (keyed by req.auth.write_generation),
// else from `count` (which is then cached).
Result<int64_t> CachedTotal(const ApiRequest& req, HandlerContext& s, const std::string& filter_key,
                            const std::function<Result<int64_t>()>& count);

}  // namespace sb::api
