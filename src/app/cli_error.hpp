// How every subcommand reports a failure: one line on stderr per problem,
// naming the option a validation error is about, and exit status 1.
#pragma once

#include "core/error.hpp"

namespace sb::app {

// Prints `e` ("error: --days: must be between 1 and 90") and returns 1.
int FailWith(const Error& e);

}  // namespace sb::app
