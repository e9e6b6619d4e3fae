// Placeholder until the resource lands.
#include "api/routes.hpp"

namespace sb::api {

void RegisterPhoneNumberRoutes(Router&) {}

}  // namespace sb::api
