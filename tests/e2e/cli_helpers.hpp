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

namespace sb::testing {

inline const std::string kBinary = SWITCHBOARD_BINARY;

// A temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "switchboard-cli-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) std::abort();
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

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
