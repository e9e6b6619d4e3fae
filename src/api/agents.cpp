// Placeholder until the resource lands.
#include "api/routes.hpp"

namespace sb::api {

void RegisterAgentRoutes(Router&) {}

}  // namespace sb::api
