// Must not compile: the domain knows no rows (domain may use core only). The
// layers.domain_includes_store test builds this file as part of the domain
// layer (its include root, CMakeLists.txt) and passes only when the compiler
// cannot find the header below.
#include "store/repositories/contact_repository.hpp"
