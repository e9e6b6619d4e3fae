// One client connection of the HTTP server (server.hpp): reads requests with
// the incremental RequestParser; admits each from its head alone (route,
// token, rate limit: Dispatcher::Admit) before reading or reserving anything
// for its body, so a stranger's upload is refused unread; places the body
// (memory, or a file for routes that take uploads) while it arrives, at no
// less than a minimum rate; calls the Dispatcher and writes the response.
// Keep-alive and pipelined requests are served in order.
//
// Every callback of a connection runs on its own strand, on an I/O thread,
// and never blocks: admissions that read the store and handlers run on the
// server's worker pool, and a full pool is answered 503 at once. A streamed
// response is produced on the stream pool, within the per-server and
// per-organization caps (429 past them), and hands each chunk to the strand.
//
// An exception escaping a callback (core/contain.hpp, site kConnection) closes
// that connection only: the request it was serving stops counting as in
// flight, and its slot among max_connections is given back when the last
// callback holding it has run.
#pragma once

#include <asio.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/bounded_executor.hpp"
#include "core/spooled_body.hpp"
#include "http/base_url.hpp"
#include "http/concurrency_limiter.hpp"
#include "http/dispatcher.hpp"
#include "http/error_response.hpp"
#include "http/request_parser.hpp"
#include "http/response_writer.hpp"

namespace sb::http {

// What all connections of one server share. Owned by the server, which
// outlives its connections.
struct ConnectionShared {
  const Dispatcher& dispatcher;
  // Where bodies of to_file routes go; empty: they are kept in memory.
  std::string upload_dir;
  size_t max_head_bytes = 64 << 10;
  std::chrono::seconds read_timeout{60};   // no byte for this long: closed
  std::chrono::seconds head_timeout{60};   // a request's headers must arrive within
  std::chrono::seconds write_timeout{60};  // for each write, and each chunk of a stream
  // A body must arrive at `min_body_rate` bytes a second on average, counted
  // from its start, once `min_body_grace` has passed; slower: closed. 0: no
  // minimum.
  size_t min_body_rate = 1024;
  std::chrono::seconds min_body_grace{10};
  // Where blocking work runs; the server sets them before accepting.
  BoundedExecutor* workers = nullptr;          // admissions and handlers
  BoundedExecutor* stream_workers = nullptr;   // producers of streamed responses
  ConcurrencyLimiter* stream_slots = nullptr;  // streams per server and organization
  // Open connections past this are answered 503 at once and closed: each
  // holds a descriptor and a read buffer, and the process has few of those.
  int max_connections = 10000;  // the server sets it (ServerOptions)
  // How absolute URLs in answers begin (public URL, trusted proxies, the
  // bound address); the server sets it once bound.
  BaseUrlPolicy base_url{};
  std::atomic<bool> stopping{false};
  std::atomic<int> connections{0};  // connections admitted and still open
  std::atomic<int> in_flight{0};    // requests read and not yet fully answered
  std::atomic<int> streams{0};      // streamed responses still producing
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::ip::tcp::socket socket, ConnectionShared& shared);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  // Serves the connection, or, past shared.max_connections, answers 503
  // (with Retry-After) before reading anything and closes it.
  void Start();

 private:
  class StreamSink;

  void ReadMore();
  void OnRead(const asio::error_code& ec, size_t n);
  // Parses what has been read, acting on each stop of the parser.
  void Process();
  // The head is in: refuse the request, or admit it (off the I/O thread when
  // that reads the store). False when Process must not go on now (answered,
  // or waiting for the admission or a write).
  bool OnHead();
  // The admission's answer: refuse, or go on with the body (AcceptBody).
  bool OnAdmitted(Result<std::optional<api::AuthContext>> admitted);
  // Places the body as it arrives, or sends 100 Continue.
  bool AcceptBody();
  void Dispatch();
  void OnHandled(api::ApiResponse response, bool keep_alive);
  // The current request's id, made now when it has none (a request refused
  // before its head was read, a connection refused at once).
  const std::string& RequestId();
  // The current request for ErrorResponse: its id, and its method and target
  // once its head is in.
  RequestRef Ref();
  void Respond(api::ApiResponse response, bool keep_alive);
  void RespondError(const Error& error, api::ErrorStyle style);
  // Runs a streamed response on the stream pool (connection_stream.cpp).
  void Stream(api::ApiResponse response, bool keep_alive);
  void OnWritten(const asio::error_code& ec, bool keep_alive);
  void ArmTimer(std::chrono::steady_clock::time_point deadline);
  void CloseAfterDrain();
  void Close();
  // Runs one callback's `work` (`step` names it in the log); an exception
  // escaping it aborts the connection, and the answer is false.
  bool Contained(const char* step, const std::function<void()>& work);
  // "connection 10.0.0.1:5555 <step> request_id=<id>", for the log. Called
  // off the strand too, so the id is passed in.
  std::string Describe(const char* step, std::string_view request_id) const;
  // After an exception: gives back what the connection holds and closes it.
  void Abort() noexcept;

  asio::ip::tcp::socket socket_;
  asio::ip::tcp::endpoint peer_;  // the client, for the log
  std::string peer_address_;      // its address, for the trusted proxies
  asio::steady_timer timer_;
  ConnectionShared& shared_;
  RequestParser parser_;
  std::vector<char> buffer_;
  size_t begin_ = 0;  // unparsed bytes are buffer_[begin_, end_)
  size_t end_ = 0;
  std::chrono::steady_clock::time_point head_deadline_;
  bool head_pending_ = false;  // waiting for a request's head
  bool draining_ = false;      // closing: reading what is left, dropping it
  bool admitted_ = false;      // holds one of shared_.max_connections

  // The request being read.
  std::string request_id_;  // empty until its head is in (or it is refused)
  bool have_head_ = false;  // parser_.head() is this request's
  BodyRules rules_;
  std::optional<api::AuthContext> auth_;  // who sent it, once admitted
  int64_t organization_id_ = 0;           // of auth_, kept for the stream caps
  std::optional<Error> refusal_;          // the answer to a bodiless request refused at its head
  std::string body_;
  std::unique_ptr<SpoolWriter> spool_;
  bool reading_body_ = false;  // for the minimum rate
  std::chrono::steady_clock::time_point body_start_;
  size_t body_bytes_ = 0;
  bool counted_ = false;  // in shared_.in_flight

  // The response being written (kept alive until the write ends).
  std::string out_head_;
  std::string out_body_;
};

}  // namespace sb::http
