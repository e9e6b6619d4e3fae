// Must not compile: handlers know no transport (api may use store, domain,
// core). The layers.api_includes_http test builds this file as part of the api
// layer (its include root, CMakeLists.txt) and passes only when the compiler
// cannot find the header below.
#include "http/error_response.hpp"
