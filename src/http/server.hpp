// The HTTP/1.1 server: a listener accepting connections (http/connection.hpp)
// on a pool of threads in front of a Dispatcher.
//
// Start() binds (port 0 picks a free port, see port()). Stop() stops
// accepting, lets requests in flight finish (up to a grace period), answers
// requests that arrive meanwhile with 503, then shuts down. Bodies of routes
// that take uploads go to files in `upload_dir` as they arrive.
//
// An exception escaping a connection's callback closes that connection (see
// connection.hpp); one escaping anything else an I/O thread runs is logged
// and counted (core/contain.hpp) and the thread goes on.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "http/dispatcher.hpp"

namespace sb::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  size_t threads = 0;  // 0: one per CPU core, at least 2
  // Where the bodies of routes with body_to_file are written while they
  // arrive (created when missing; upload files a crash left there for a day
  // are deleted at Start). Empty: such bodies are kept in memory.
  std::string upload_dir;
  int shutdown_grace_seconds = 10;
  // Open connections at most; those past it are answered 503 at once and
  // closed. 0: the descriptor limit (RLIMIT_NOFILE) less 128 for the store,
  // files and the listener, at least 64.
  int max_connections = 0;
};

class Server {
 public:
  Server(const Dispatcher& dispatcher, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving on background threads. kUnavailable when the
  // address cannot be bound, kInternal when upload_dir cannot be created.
  Status Start();
  // The bound port (the real one when options.port was 0). Valid after Start().
  uint16_t port() const;
  // Graceful stop; safe to call more than once.
  void Stop();
  // Runs `work` on one of the I/O threads, outside any connection (a seam for
  // the tests of exception containment: an exception escaping it is logged
  // and counted, core/contain.hpp, and the thread goes on serving).
  void Post(std::function<void()> work);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sb::http
