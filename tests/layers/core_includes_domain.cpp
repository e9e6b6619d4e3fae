// Must not compile: core is the bottom layer and uses nothing of ours. The
// layers.core_includes_domain test builds this file as part of the core layer
// (its include root, CMakeLists.txt) and passes only when the compiler cannot
// find the header below.
#include "domain/contact.hpp"
