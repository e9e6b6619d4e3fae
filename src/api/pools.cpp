// Placeholder until the resource lands.
#include "api/routes.hpp"

namespace sb::api {

void RegisterPoolRoutes(Router&) {}

}  // namespace sb::api
