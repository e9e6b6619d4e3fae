#include "services/campaign_service.hpp"

#include "services/unit_of_work.hpp"

namespace sb::services {

Result<domain::Campaign> CampaignService::Update(int64_t org, const std::string& uuid,
                                                 const store::CampaignFields& fields) {
  return InUnitOfWork(conn_, org, clock_, ids_, [&]() -> Result<domain::Campaign> {
    store::CampaignRepository campaigns(conn_, clock_, ids_);
    if (fields.status) {
      SB_ASSIGN_OR_RETURN(domain::Campaign current, campaigns.Get(org, uuid));
      SB_RETURN_IF_ERROR(domain::CheckCampaignTransition(current.status, *fields.status));
    }
    return campaigns.Update(org, uuid, fields);
  });
}

}  // namespace sb::services
