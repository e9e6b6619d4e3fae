// Streamed responses of a Connection (connection.hpp): the producer runs on
// the server's stream pool, holding one of the stream slots, and hands each
// chunk to the connection's strand, waiting until the client has taken it.
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>

#include "core/contain.hpp"
#include "http/connection.hpp"
#include "http/error_response.hpp"
#include "http/request_id.hpp"

namespace sb::http {

// Sends each Write() as one chunk and waits until it is on the socket, so a
// producer never runs ahead of the client by more than a chunk. A chunk the
// client does not take within the write timeout ends the stream.
class Connection::StreamSink final : public api::BodySink {
 public:
  explicit StreamSink(std::shared_ptr<Connection> conn) : conn_(std::move(conn)) {}

  Status Write(std::string_view bytes) override {
    if (bytes.empty()) return OkStatus();
    return Send(ChunkSizeLine(bytes.size()) + std::string(bytes) + std::string(kChunkEnd));
  }
  // The response's head, before any chunk.
  Status WriteRaw(std::string bytes) { return Send(std::move(bytes)); }
  Status Finish() { return Send(std::string(kLastChunk)); }

 private:
  // Shared with the write's callback, which may outlive a call that gave up.
  struct Written {
    std::mutex mu;
    std::condition_variable cv;
    std::string bytes;
    bool done = false;
    bool ok = false;
  };

  Status Send(std::string bytes) {
    auto written = std::make_shared<Written>();
    written->bytes = std::move(bytes);
    asio::post(conn_->socket_.get_executor(), [conn = conn_, written] {
      auto report = [written](bool ok) {
        std::lock_guard<std::mutex> lock(written->mu);
        written->done = true;
        written->ok = ok;
        written->cv.notify_all();
      };
      const bool started = conn->Contained("stream write", [&] {
        // The handler holds the connection: the write may continue after
        // the stream has given up and closed it, and the socket must outlive it.
        asio::async_write(conn->socket_, asio::buffer(written->bytes),
                          [report, conn](const asio::error_code& ec, size_t) { report(!ec); });
      });
      if (!started) report(false);
    });
    const auto deadline = std::chrono::steady_clock::now() + conn_->shared_.write_timeout;
    std::unique_lock<std::mutex> lock(written->mu);
    while (!written->done) {
      if (conn_->shared_.stopping.load() || std::chrono::steady_clock::now() >= deadline) {
        // The socket closes, which ends the write still pending.
        asio::post(conn_->socket_.get_executor(), [conn = conn_] { conn->Close(); });
        return Error(ErrorCode::kUnavailable, "Stream abandoned");
      }
      written->cv.wait_for(lock, std::chrono::milliseconds(50));
    }
    if (!written->ok) return Error(ErrorCode::kUnavailable, "The client went away");
    return OkStatus();
  }

  std::shared_ptr<Connection> conn_;
};

void Connection::Stream(api::ApiResponse response, bool keep_alive) {
  std::shared_ptr<ConcurrencyLimiter::Permit> slot =
      shared_.stream_slots->TryAcquire(organization_id_);
  if (!slot) {
    Respond(ErrorResponse(Error(ErrorCode::kRateLimited, "Too many streams at once",
                                "At most " + std::to_string(shared_.stream_slots->max_per_key()) +
                                    " exports and other streamed answers run at once for one "
                                    "organization, and " +
                                    std::to_string(shared_.stream_slots->max_total()) +
                                    " in the server; retry when one has finished")
                              .WithRetryAfter(5),
                          rules_.style, Ref()),
            keep_alive);
    return;
  }
  // The connection closes after a streamed response: when the producer fails
  // midway, the body simply ends early, unterminated.
  response.headers.emplace_back(kRequestIdHeader, RequestId());
  ResponseHead head{response.status, std::move(response.content_type), std::move(response.headers),
                    std::nullopt, true};
  shared_.streams.fetch_add(1);
  const bool queued = shared_.stream_workers->TrySubmit(
      [self = shared_from_this(), head_bytes = SerializeHead(head),
       producer = std::move(response.stream), slot, id = RequestId()]() {
        Status st = OkStatus();
        // The producer is a handler's: an exception in it ends this response.
        const bool returned = Contain(
            ContainSite::kConnection, [&] { return self->Describe("stream", id); },
            [&] {
              StreamSink sink(self);
              st = sink.WriteRaw(head_bytes);
              if (st.ok()) st = producer(sink);
              if (st.ok()) st = sink.Finish();
            });
        if (returned && !st.ok() && st.error().code() != ErrorCode::kUnavailable) {
          spdlog::error("request_id={} streamed response cut short: {}", id, st.error().details());
        }
        Contain(
            ContainSite::kConnection, [&] { return self->Describe("stream end", id); },
            [&] { asio::post(self->socket_.get_executor(), [self] { self->Close(); }); });
        self->shared_.in_flight.fetch_sub(1);
        self->shared_.streams.fetch_sub(1);
      });
  if (!queued) {
    shared_.streams.fetch_sub(1);
    Respond(
        ErrorResponse(Error(ErrorCode::kUnavailable, "Server busy", "Every stream worker is busy")
                          .WithRetryAfter(1),
                      rules_.style, Ref()),
        keep_alive);
    return;
  }
  counted_ = false;  // the stream's task gives the count back
}

}  // namespace sb::http
