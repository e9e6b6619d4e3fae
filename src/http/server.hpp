// The HTTP/1.1 server: a listener accepting connections (http/connection.hpp)
// on a pool of I/O threads in front of a Dispatcher, whose blocking work runs
// on a bounded worker pool and streamed responses on a capped stream pool.
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
#include <vector>

#include "core/ip_network.hpp"
#include "core/result.hpp"
#include "http/dispatcher.hpp"

namespace sb::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  // I/O threads: they accept, read, write and never block. 0: one per CPU
  // core, at least 2.
  size_t threads = 0;
  // Worker threads, where admissions (the token lookup) and handlers run,
  // blocking on the store; 0: 16. Requests past the workers wait in a queue
  // of `worker_queue`; past that they are answered 503 with Retry-After.
  size_t workers = 0;
  size_t worker_queue = 1024;
  // Streamed responses (export, Callab's unpaged answer, an import's errors)
  // at once in the server and for one organization; each has a thread of
  // the stream pool. Past either: 429 with Retry-After.
  size_t max_streams = 32;
  size_t max_streams_per_org = 8;
  // A request body must average `min_body_rate` bytes a second once
  // `min_body_grace_seconds` have passed, or the connection is closed. 0: no
  // minimum.
  size_t min_body_rate = 1024;
  int min_body_grace_seconds = 10;
  // Where the bodies of routes with body_to_file are written while they
  // arrive (created when missing; upload files a crash left there for a day
  // are deleted at Start). Empty: such bodies are kept in memory.
  std::string upload_dir;
  int shutdown_grace_seconds = 10;
  // Open connections at most; those past it are answered 503 at once and
  // closed. 0: the descriptor limit (RLIMIT_NOFILE) less 128 for the store,
  // files and the listener, at least 64.
  int max_connections = 0;
  // The base of absolute URLs in answers (serve --public-url), normalized
  // by http::ParsePublicUrl; empty: http://<host>:<bound port>, or what a
  // trusted proxy forwards (http/base_url.hpp has the precedence).
  std::string public_url;
  // Peers whose X-Forwarded-Proto / X-Forwarded-Host count (serve
  // --trusted-proxy); only without a public_url.
  std::vector<IpNetwork> trusted_proxies;
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
