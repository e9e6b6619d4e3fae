#include "app/demo.hpp"

#include <cstdio>

namespace sb::app {

int RunDemo(const DemoOptions& options) {
  std::fprintf(stderr, "demo data generation is not implemented yet (%s)\n",
               options.db_path.c_str());
  return 1;
}

}  // namespace sb::app
