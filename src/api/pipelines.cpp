// Placeholder until the resource lands.
#include "api/routes.hpp"

namespace sb::api {

void RegisterPipelineRoutes(Router&) {}

}  // namespace sb::api
