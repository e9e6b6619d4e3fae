// `switchboard serve`: runs the HTTP server until SIGINT/SIGTERM.
#pragma once

#include <cstdint>
#include <string>

namespace sb::app {

struct ServeOptions {
  std::string db_path = "./switchboard.db";
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  size_t threads = 0;
};

int Serve(const ServeOptions& options);

}  // namespace sb::app
