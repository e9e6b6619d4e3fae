// Placeholder until the resource lands.
#include "api/routes.hpp"

namespace sb::api {

void RegisterCampaignRoutes(Router&) {}

}  // namespace sb::api
