#include "app/cli_error.hpp"

#include <cstdio>

namespace sb::app {

int FailWith(const Error& e) {
  if (!e.fields().empty()) {
    for (const FieldError& f : e.fields()) {
      std::fprintf(stderr, "error: --%s: %s\n", f.field.c_str(), f.message.c_str());
    }
    return 1;
  }
  std::fprintf(stderr, "error: %s%s%s\n", e.message().c_str(), e.details().empty() ? "" : ": ",
               e.details().c_str());
  return 1;
}

}  // namespace sb::app
