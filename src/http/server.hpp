// The HTTP server: RESTinio on a thread pool in front of a Dispatcher.
// Start() binds (port 0 picks a free port, see port()), Stop() stops accepting,
// lets requests in flight finish (up to a grace period), then shuts down.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "http/dispatcher.hpp"

namespace sb::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  size_t threads = 0;  // 0: one per CPU core, at least 2
  size_t max_body_bytes = 1 << 20;
  // The largest body any route takes (the contact import's upload); RESTinio
  // drops the connection past it, the dispatcher answers 413 below it.
  size_t max_upload_bytes = (size_t{512} << 20) + (size_t{1} << 20);
  int shutdown_grace_seconds = 10;
};

class Server {
 public:
  Server(const Dispatcher& dispatcher, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving on background threads. kUnavailable when the
  // address cannot be bound.
  Status Start();
  // The bound port (the real one when options.port was 0). Valid after Start().
  uint16_t port() const;
  // Graceful stop; safe to call more than once.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sb::http
