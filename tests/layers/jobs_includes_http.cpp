// Must not compile: background work never depends on the server (jobs may use
// store, domain, core). The layers.jobs_includes_http test builds this file as
// part of the jobs layer (its include root, CMakeLists.txt) and passes only
// when the compiler cannot find the header below.
#include "http/server.hpp"
