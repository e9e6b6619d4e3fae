#include "api/routes.hpp"
namespace sb::api {
void RegisterContactRoutes(Router&) {}
}  // namespace sb::api
