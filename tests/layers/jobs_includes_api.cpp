// Must not compile: background work never depends on the wire (jobs may use
// store, domain, core). The layers.jobs_includes_api test builds this file as
// part of the jobs layer (its include root, CMakeLists.txt) and passes only
// when the compiler cannot find the header below.
#include "api/request.hpp"
