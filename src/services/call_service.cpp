#include "services/call_service.hpp"

#include "services/outbox_events.hpp"
#include "services/unit_of_work.hpp"
#include "store/repositories/call_repository.hpp"

namespace sb::services {

Result<domain::Call> CallService::Record(int64_t org, const domain::NewCall& call) {
  return InUnitOfWork(conn_, org, clock_, ids_, [&](UnitOfWork& uow) -> Result<domain::Call> {
    SB_ASSIGN_OR_RETURN(domain::Call recorded,
                        store::CallRepository(conn_, clock_, ids_).Create(org, call));
    SB_RETURN_IF_ERROR(outbox_events::CallRecorded(uow.outbox(), conn_, org, recorded.uuid));
    return recorded;
  });
}

}  // namespace sb::services
