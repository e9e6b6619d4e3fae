#include "http/server.hpp"

#include <spdlog/spdlog.h>
#include <restinio/all.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "http/error_response.hpp"
#include "http/idempotency.hpp"

namespace sb::http {
namespace {

using ChunkedResponse = restinio::response_builder_t<restinio::chunked_output_t>;

// How long one chunk may take to reach the client before the stream is given up.
constexpr auto kChunkWriteTimeout = std::chrono::seconds(60);

// Sends each Write() as one chunk and waits until it has been written to the
// socket, so a producer never runs ahead of the client by more than a chunk.
class ChunkSink final : public api::BodySink {
 public:
  ChunkSink(ChunkedResponse& response, const std::atomic<bool>& stopping)
      : response_(response), stopping_(stopping) {}

  Status Write(std::string_view bytes) override {
    if (bytes.empty()) return OkStatus();
    // Shared with the write callback, which may outlive this call on a timeout.
    struct Written {
      std::mutex mu;
      std::condition_variable cv;
      bool done = false;
      bool ok = false;
    };
    auto written = std::make_shared<Written>();
    response_.append_chunk(std::string(bytes));
    response_.flush([written](const restinio::asio_ns::error_code& ec) {
      std::lock_guard<std::mutex> lock(written->mu);
      if (written->done) return;
      written->done = true;
      written->ok = !ec;
      written->cv.notify_all();
    });
    auto deadline = std::chrono::steady_clock::now() + kChunkWriteTimeout;
    std::unique_lock<std::mutex> lock(written->mu);
    while (!written->done) {
      if (stopping_.load() || std::chrono::steady_clock::now() >= deadline) {
        return Error(ErrorCode::kUnavailable, "Stream abandoned");
      }
      written->cv.wait_for(lock, std::chrono::milliseconds(50));
    }
    if (!written->ok) return Error(ErrorCode::kUnavailable, "The client went away");
    return OkStatus();
  }

 private:
  ChunkedResponse& response_;
  const std::atomic<bool>& stopping_;
};

}  // namespace

struct Server::Impl {
  using Traits = restinio::default_traits_t;

  Impl(const Dispatcher& d, ServerOptions o) : dispatcher(d), options(std::move(o)) {}

  restinio::request_handling_status_t Handle(const restinio::request_handle_t& req) {
    in_flight.fetch_add(1);
    RawRequest raw;
    raw.method = req->header().method().c_str();
    raw.target = std::string(req->header().request_target());
    const auto& h = req->header();
    raw.authorization = h.get_field_or(restinio::http_field::authorization, "");
    raw.host = h.get_field_or(restinio::http_field::host, "");
    if (const std::string* key = h.try_get_field(kIdempotencyKeyHeader)) {
      raw.idempotency_key = *key;
    }
    raw.content_type = h.get_field_or(restinio::http_field::content_type, "");
    raw.accept = h.get_field_or(restinio::http_field::accept, "");
    // Moved, not copied: an upload may be hundreds of MiB. RESTinio only hands
    // the body out as const, but the request object is not const and nothing
    // reads its body after this.
    raw.body = std::move(const_cast<std::string&>(req->body()));  // NOLINT

    api::ApiResponse res;
    if (stopping.load()) {
      res = ErrorResponse(Error(ErrorCode::kUnavailable, "Server is shutting down"));
    } else {
      res = dispatcher.Handle(std::move(raw));
    }
    auto status = restinio::http_status_line_t{
        restinio::http_status_code_t{static_cast<std::uint16_t>(res.status)},
        std::string(ReasonPhrase(res.status))};
    if (res.stream) return Stream(req, std::move(status), std::move(res));
    auto response = req->create_response(std::move(status));
    response.append_header(restinio::http_field::content_type, res.content_type);
    response.append_header(restinio::http_field::server, "switchboard");
    for (auto& [name, value] : res.headers) response.append_header(name, std::move(value));
    if (stopping.load()) response.connection_close();
    response.set_body(std::move(res.body));
    response.done([this](const auto&) { in_flight.fetch_sub(1); });
    return restinio::request_accepted();
  }

  // Sends a streamed body with chunked transfer encoding from its own thread
  // (the producer blocks on each chunk's write, which a server thread must be
  // free to perform). The connection closes after the response: when the
  // producer fails midway, the body simply ends early, unterminated.
  restinio::request_handling_status_t Stream(const restinio::request_handle_t& req,
                                             restinio::http_status_line_t status,
                                             api::ApiResponse res) {
    auto response = std::make_shared<ChunkedResponse>(
        req->create_response<restinio::chunked_output_t>(std::move(status)));
    response->append_header(restinio::http_field::content_type, res.content_type);
    response->append_header(restinio::http_field::server, "switchboard");
    for (auto& [name, value] : res.headers) response->append_header(name, std::move(value));
    response->connection_close();
    streams.fetch_add(1);
    std::thread([this, response, producer = std::move(res.stream)]() {
      ChunkSink sink(*response, stopping);
      Status st = OkStatus();
      try {
        st = producer(sink);
      } catch (const std::exception& e) {
        st = Error::Internal(std::string("unhandled exception: ") + e.what());
      }
      if (!st.ok() && st.error().code() != ErrorCode::kUnavailable) {
        spdlog::error("streamed response cut short: {}", st.error().details());
      }
      response->done();
      in_flight.fetch_sub(1);
      streams.fetch_sub(1);
    }).detach();
    return restinio::request_accepted();
  }

  static const char* ReasonPhrase(int status) {
    switch (status) {
      case 200:
        return "OK";
      case 201:
        return "Created";
      case 202:
        return "Accepted";
      case 204:
        return "No Content";
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 409:
        return "Conflict";
      case 413:
        return "Payload Too Large";
      case 415:
        return "Unsupported Media Type";
      case 422:
        return "Unprocessable Entity";
      case 429:
        return "Too Many Requests";
      case 503:
        return "Service Unavailable";
      default:
        return status >= 500 ? "Internal Server Error" : "OK";
    }
  }

  const Dispatcher& dispatcher;
  ServerOptions options;
  std::atomic<int> in_flight{0};
  std::atomic<int> streams{0};  // streamed responses still producing
  std::atomic<bool> stopping{false};
  std::atomic<uint16_t> bound_port{0};
  restinio::running_server_handle_t<Traits> server;
};

Server::Server(const Dispatcher& dispatcher, ServerOptions options)
    : impl_(std::make_unique<Impl>(dispatcher, std::move(options))) {}

Server::~Server() { Stop(); }

Status Server::Start() {
  size_t threads = impl_->options.threads;
  if (threads == 0) threads = std::max<size_t>(2, std::thread::hardware_concurrency());
  Impl* impl = impl_.get();
  try {
    auto settings =
        restinio::server_settings_t<Impl::Traits>{}
            .address(impl->options.host)
            .port(impl->options.port)
            // Not 1: RESTinio 0.6 with a single response slot restarts reading twice
            // for a response completed inside the handler (once when the handler
            // returns, once when the write ends), and the second restart resets the
            // parser over a next request whose headers have already arrived, so the
            // connection drops. With spare slots the restart happens once.
            .max_pipelined_requests(4)
            // RESTinio drops the connection past this size; the dispatcher answers a
            // clean 413 for bodies between max_body_bytes and this hard ceiling.
            .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}.max_body_size(
                std::max(impl->options.max_body_bytes, impl->options.max_upload_bytes)))
            .read_next_http_message_timelimit(std::chrono::seconds(60))
            .handle_request_timeout(std::chrono::seconds(60))
            // Responses are written in one go; do not let Nagle hold the last segment.
            .socket_options_setter([](auto& options) {
              options.set_option(restinio::asio_ns::ip::tcp::no_delay{true});
            })
            .acceptor_post_bind_hook([impl](auto& acceptor) {
              impl->bound_port.store(acceptor.local_endpoint().port());
            })
            .request_handler([impl](auto req) { return impl->Handle(req); });
    impl->server = restinio::run_async(restinio::own_io_context(), std::move(settings), threads);
  } catch (const std::exception& e) {
    return Error(ErrorCode::kUnavailable, "Cannot start the HTTP server",
                 impl->options.host + ":" + std::to_string(impl->options.port) + ": " + e.what());
  }
  return OkStatus();
}

uint16_t Server::port() const { return impl_->bound_port.load(); }

void Server::Stop() {
  if (!impl_->server) return;
  impl_->stopping.store(true);
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::seconds(impl_->options.shutdown_grace_seconds);
  while (impl_->in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // A stream's next write fails once stopping is set, so its thread ends soon;
  // it must end before the server it writes to goes away.
  while (impl_->streams.load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  impl_->server->stop();
  impl_->server->wait();
  impl_->server.reset();
}

}  // namespace sb::http
