// Must not compile: repositories read and write rows and know no use case
// (store may use domain, core). The layers.store_includes_services test builds
// this file as part of the store layer (its include root, CMakeLists.txt) and
// passes only when the compiler cannot find the header below.
#include "services/unit_of_work.hpp"
