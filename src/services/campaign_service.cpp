#include "services/campaign_service.hpp"

#include "services/outbox_events.hpp"
#include "services/unit_of_work.hpp"

namespace sb::services {

Result<domain::Campaign> CampaignService::Update(int64_t org, const std::string& uuid,
                                                 const store::CampaignFields& fields) {
  return InUnitOfWork(conn_, org, clock_, ids_, [&](UnitOfWork& uow) -> Result<domain::Campaign> {
    store::CampaignRepository campaigns(conn_, clock_, ids_);
    std::string previous_status;
    if (fields.status) {
      SB_ASSIGN_OR_RETURN(domain::Campaign current, campaigns.Get(org, uuid));
      SB_RETURN_IF_ERROR(domain::CheckCampaignTransition(current.status, *fields.status));
      previous_status = current.status;
    }
    SB_ASSIGN_OR_RETURN(domain::Campaign updated, campaigns.Update(org, uuid, fields));
    if (fields.status) {
      SB_RETURN_IF_ERROR(outbox_events::CampaignStatusChanged(
          uow.outbox(), updated.uuid, updated.name, previous_status, updated.status));
    }
    return updated;
  });
}

}  // namespace sb::services
