// Helpers for the end-to-end tests of the `switchboard` executable: each runs
// the real binary (built by the same CMake project, path in SWITCHBOARD_BINARY)
// in a fresh temporary directory.
#pragma once

#include <rapidjson/document.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "e2e/subprocess.hpp"

#ifndef SWITCHBOARD_BINARY
#error "SWITCHBOARD_BINARY must name the switchboard executable (set in CMakeLists.txt)"
#endif

#include "support/temp_dir.hpp"

namespace sb::testing {

inline const std::string kBinary = SWITCHBOARD_BINARY;

// Runs `switchboard <args...>` to completion.
inline RunResult Cli(std::vector<std::string> args) {
  args.insert(args.begin(), kBinary);
  return Run(args);
}

inline std::string Describe(const RunResult& r) {
  return "exit " + std::to_string(r.status.exit_code) + " signal " +
         std::to_string(r.status.signal) + (r.status.timed_out ? " (timed out)" : "") +
         "\nstdout: " + r.out + "\nstderr: " + r.err;
}

inline rapidjson::Document ParseJson(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  return doc;
}

}  // namespace sb::testing
