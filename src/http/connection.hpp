// One client connection of the HTTP server (server.hpp): reads requests with
// the incremental RequestParser, places each body (memory, or a file for
// routes that take uploads) while it arrives, refuses oversized bodies before
// they are sent, calls the Dispatcher and writes the response; keep-alive and
// pipelined requests are served in order.
//
// Every callback of a connection runs on its own strand; the Dispatcher is
// called there as well (handlers block on the store). A streamed response is
// produced on a thread of its own, which hands each chunk to the strand.
//
// An exception escaping a callback (core/contain.hpp, site kConnection) closes
// that connection only: the request it was serving stops counting as in
// flight, and its slot among max_connections is given back when the last
// callback holding it has run.
#pragma once

#include <asio.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/spooled_body.hpp"
#include "http/dispatcher.hpp"
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
  std::chrono::seconds write_timeout{60};  // for each write
  // Open connections past this are answered 503 at once and closed: each
  // holds a descriptor and a read buffer, and the process has few of those.
  int max_connections = 10000;  // the server sets it (ServerOptions)
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
  // The head is in: refuse the body, place it, or send 100 Continue. False
  // when Process must not go on now (answered, or waiting for a write).
  bool OnHead();
  void Dispatch();
  void Respond(api::ApiResponse response, bool keep_alive);
  void RespondError(const Error& error, api::ErrorStyle style);
  void Stream(api::ApiResponse response);
  void OnWritten(const asio::error_code& ec, bool keep_alive);
  void ArmTimer(std::chrono::steady_clock::time_point deadline);
  void CloseAfterDrain();
  void Close();
  // Runs one callback's `work` (`step` names it in the log); an exception
  // escaping it aborts the connection, and the answer is false.
  template <typename Work>
  bool Contained(const char* step, Work&& work);
  // "connection 10.0.0.1:5555 <step>", for the log.
  std::string Describe(const char* step) const;
  // After an exception: gives back what the connection holds and closes it.
  void Abort() noexcept;

  asio::ip::tcp::socket socket_;
  asio::ip::tcp::endpoint peer_;  // the client, for the log
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
  BodyRules rules_;
  std::string body_;
  std::unique_ptr<SpoolWriter> spool_;
  bool counted_ = false;  // in shared_.in_flight

  // The response being written (kept alive until the write ends).
  std::string out_head_;
  std::string out_body_;
};

}  // namespace sb::http
