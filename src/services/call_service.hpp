// Recording a call through the API (POST /api/v1/calls): the call and its
// call.recorded event in one unit of work (services/unit_of_work.hpp). The
// dialer records the calls of its own events itself (services/dialer_service.hpp).
//
// Thread-safety: none; one service per connection.
#pragma once

#include <cstdint>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/call.hpp"
#include "store/drivers/database.hpp"

namespace sb::services {

class CallService {
 public:
  CallService(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // Records `call` (store::CallRepository::Create: 422 naming the reference
  // that is not the organization's) and emits call.recorded.
  Result<domain::Call> Record(int64_t org, const domain::NewCall& call);

 private:
  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::services
