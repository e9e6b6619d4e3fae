// Must not compile: repositories know no HTTP or responses (store may use
// domain, core). The layers.store_includes_api test builds this file as part of
// the store layer (its include root, CMakeLists.txt) and passes only when the
// compiler cannot find the header below.
#include "api/json_writer.hpp"
