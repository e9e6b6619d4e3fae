// Must not compile: the business rules never depend on the wire (services may
// use store, domain, core). The layers.services_includes_api test builds this
// file as part of the services layer (its include root, CMakeLists.txt) and
// passes only when the compiler cannot find the header below.
#include "api/request.hpp"
