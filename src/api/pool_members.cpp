// Placeholder until the resource lands.
#include "api/routes.hpp"

namespace sb::api {

void RegisterPoolMemberRoutes(Router&) {}

}  // namespace sb::api
