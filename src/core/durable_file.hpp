// Writing a whole file so that it survives a crash: written to a temporary
// name beside it, flushed to disk (fsync), then renamed into place, so `path`
// either does not exist or holds all of `data`.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace sb {

// kInternal naming the path and the system's reason when any step fails
// (nothing is left behind then).
Status WriteFileDurably(const std::string& path, std::string_view data);

}  // namespace sb
