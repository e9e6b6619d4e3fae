// Campaign transitions: a campaign's fields and status change here, where its
// lifecycle (domain::CheckCampaignTransition) is enforced, in one unit of work
// (services/unit_of_work.hpp) with its campaign.status_changed event. The HTTP
// handler (api/campaigns.cpp) and the simulator (jobs/dialer_simulator.cpp)
// call it. (The dialer completes a campaign whose members are all done, in
// the dialer's own unit of work: services/dialer_service.hpp.)
//
// Thread-safety: none; one service per connection.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/campaign.hpp"
#include "store/drivers/database.hpp"
#include "store/repositories/campaign_repository.hpp"

namespace sb::services {

class CampaignService {
 public:
  CampaignService(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // Changes the fields given. 404 "Campaign"; a status change the lifecycle
  // does not allow is a 409 naming "status" and changes nothing; 422 naming
  // "agent_uuid" for an agent that is not the organization's.
  Result<domain::Campaign> Update(int64_t org, const std::string& uuid,
                                  const store::CampaignFields& fields);

 private:
  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::services
