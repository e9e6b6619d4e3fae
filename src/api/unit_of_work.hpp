// A handler's write: runs in a unit of work (services/unit_of_work.hpp) for
// the request's organization, so it bumps the write generation once and
// commits, or leaves nothing behind.
#pragma once

#include <utility>

#include "api/request.hpp"
#include "services/unit_of_work.hpp"

namespace sb::api {

// Runs `body` in a new unit of work on `conn` (callable with a
// services::UnitOfWork& or with nothing, returning Status or Result<T>).
template <typename F>
auto InUnitOfWork(const ApiRequest& req, HandlerContext& s, db::Connection& conn, F&& body) {
  return services::InUnitOfWork(conn, req.auth.organization_id, s.clock, s.ids,
                                std::forward<F>(body));
}

}  // namespace sb::api
