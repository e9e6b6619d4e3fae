#include "http/connection.hpp"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/contain.hpp"
#include "http/error_response.hpp"
#include "http/idempotency.hpp"

namespace sb::http {
namespace {

constexpr size_t kReadBufferBytes = 64 << 10;
// How long a streamed chunk may take to reach the client before the stream
// is given up.
constexpr auto kChunkWriteTimeout = std::chrono::seconds(60);
// How long a connection closing after a refusal reads what the client sends.
constexpr auto kDrainTime = std::chrono::seconds(2);

std::string HeaderOr(const RequestHead& head, std::string_view name) {
  const std::string* value = head.Find(name);
  return value != nullptr ? *value : std::string();
}

Error TooLarge(size_t max_bytes) {
  return Error(ErrorCode::kPayloadTooLarge, "Request body too large",
               "The body may not exceed " + std::to_string(max_bytes) + " bytes");
}

}  // namespace

template <typename Work>
bool Connection::Contained(const char* step, Work&& work) {
  const bool returned = Contain(
      ContainSite::kConnection, [&] { return Describe(step); }, std::forward<Work>(work));
  if (!returned) Abort();
  return returned;
}

std::string Connection::Describe(const char* step) const {
  return "connection " + peer_.address().to_string() + ":" + std::to_string(peer_.port()) + " " +
         step;
}

void Connection::Abort() noexcept {
  // What the callbacks would have given back had they run to their end.
  if (counted_) {
    counted_ = false;
    shared_.in_flight.fetch_sub(1);
  }
  try {
    spool_.reset();
    Close();
  } catch (...) {
    // Closing failed too: the socket closes when the last callback is done.
  }
}

// Sends each Write() as one chunk and waits until it is on the socket, so a
// producer never runs ahead of the client by more than a chunk.
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
        asio::async_write(conn->socket_, asio::buffer(written->bytes),
                          [report](const asio::error_code& ec, size_t) { report(!ec); });
      });
      if (!started) report(false);
    });
    const auto deadline = std::chrono::steady_clock::now() + kChunkWriteTimeout;
    std::unique_lock<std::mutex> lock(written->mu);
    while (!written->done) {
      if (conn_->shared_.stopping.load() || std::chrono::steady_clock::now() >= deadline) {
        return Error(ErrorCode::kUnavailable, "Stream abandoned");
      }
      written->cv.wait_for(lock, std::chrono::milliseconds(50));
    }
    if (!written->ok) return Error(ErrorCode::kUnavailable, "The client went away");
    return OkStatus();
  }

  std::shared_ptr<Connection> conn_;
};

Connection::Connection(asio::ip::tcp::socket socket, ConnectionShared& shared)
    : socket_(std::move(socket)),
      timer_(socket_.get_executor()),
      shared_(shared),
      parser_(RequestParserLimits{shared.max_head_bytes}),
      buffer_(kReadBufferBytes) {}

Connection::~Connection() {
  if (admitted_) shared_.connections.fetch_sub(1);
}

void Connection::Start() {
  // A refused connection takes no slot: its 503 and close are short work.
  admitted_ = shared_.connections.fetch_add(1) < shared_.max_connections;
  if (!admitted_) shared_.connections.fetch_sub(1);
  const bool over_capacity = !admitted_;
  asio::error_code ignored;
  peer_ = socket_.remote_endpoint(ignored);
  // Called from the listener: everything from here on runs on the strand.
  asio::dispatch(socket_.get_executor(), [self = shared_from_this(), over_capacity] {
    self->Contained("start", [&] {
      asio::error_code ignored_too;
      self->socket_.set_option(asio::ip::tcp::no_delay(true), ignored_too);
      if (over_capacity) {
        self->RespondError(Error(ErrorCode::kUnavailable, "Too many connections; retry shortly"),
                           api::ErrorStyle::kPlatform);
        return;
      }
      self->ReadMore();
    });
  });
}

void Connection::ArmTimer(std::chrono::steady_clock::time_point deadline) {
  timer_.expires_at(deadline);
  timer_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
    self->Contained("timer", [&] {
      // A timer re-armed or cancelled after this wait was queued is not expired.
      if (ec || self->timer_.expiry() > std::chrono::steady_clock::now()) return;
      self->Close();
    });
  });
}

void Connection::ReadMore() {
  if (begin_ == end_) {
    begin_ = end_ = 0;
  } else if (begin_ > 0) {
    std::copy(buffer_.begin() + static_cast<std::ptrdiff_t>(begin_),
              buffer_.begin() + static_cast<std::ptrdiff_t>(end_), buffer_.begin());
    end_ -= begin_;
    begin_ = 0;
  }
  const auto now = std::chrono::steady_clock::now();
  if (!parser_.in_request() && !head_pending_) {
    head_pending_ = true;
    head_deadline_ = now + shared_.head_timeout;
  }
  auto deadline = now + shared_.read_timeout;
  if (head_pending_ && parser_.in_request() && head_deadline_ < deadline) deadline = head_deadline_;
  ArmTimer(deadline);
  socket_.async_read_some(asio::buffer(buffer_.data() + end_, buffer_.size() - end_),
                          [self = shared_from_this()](const asio::error_code& ec, size_t n) {
                            self->Contained("read", [&] { self->OnRead(ec, n); });
                          });
}

void Connection::OnRead(const asio::error_code& ec, size_t n) {
  timer_.cancel();
  if (ec) {
    // The client closed or the timer did; a request cut short is dropped.
    Close();
    return;
  }
  end_ += n;
  Process();
}

void Connection::Process() {
  while (true) {
    RequestParser::Step step =
        parser_.Feed(std::string_view(buffer_.data() + begin_, end_ - begin_));
    begin_ += step.consumed;
    switch (step.event) {
      case RequestParser::Event::kNeedMore:
        ReadMore();
        return;
      case RequestParser::Event::kHead:
        head_pending_ = false;
        if (!OnHead()) return;
        break;
      case RequestParser::Event::kComplete:
        Dispatch();
        return;
      case RequestParser::Event::kError:
        RespondError(parser_.error(), rules_.style);
        return;
    }
  }
}

bool Connection::OnHead() {
  const RequestHead& head = parser_.head();
  rules_ = shared_.dispatcher.RulesFor(head.method, head.target);
  body_.clear();
  spool_.reset();
  if (shared_.stopping.load()) {
    RespondError(Error(ErrorCode::kUnavailable, "Server is shutting down"), rules_.style);
    return false;
  }
  if (head.content_length && *head.content_length > rules_.max_bytes) {
    // Refused before the client sends it (it waits on 100-continue, or the
    // connection closes under it).
    RespondError(TooLarge(rules_.max_bytes), rules_.style);
    return false;
  }
  if (rules_.to_file && !shared_.upload_dir.empty()) {
    auto spool = SpoolWriter::Create(shared_.upload_dir);
    if (!spool.ok()) {
      spdlog::error("{} {}: {}", head.method, head.target, spool.error().details());
      RespondError(spool.error(), rules_.style);
      return false;
    }
    spool_ = std::move(spool).value();
    parser_.SetBodyTarget([this](std::string_view bytes) -> Status {
      if (spool_->size() + bytes.size() > rules_.max_bytes) return TooLarge(rules_.max_bytes);
      return spool_->Append(bytes);
    });
  } else {
    if (head.content_length) body_.reserve(*head.content_length);
    parser_.SetBodyTarget([this](std::string_view bytes) -> Status {
      if (body_.size() + bytes.size() > rules_.max_bytes) return TooLarge(rules_.max_bytes);
      body_.append(bytes);
      return OkStatus();
    });
  }
  if (!head.expect_continue) return true;
  ArmTimer(std::chrono::steady_clock::now() + shared_.write_timeout);
  asio::async_write(socket_, asio::buffer(kContinueLine.data(), kContinueLine.size()),
                    [self = shared_from_this()](const asio::error_code& ec, size_t) {
                      self->Contained("100-continue", [&] {
                        self->timer_.cancel();
                        if (ec) return self->Close();
                        self->Process();
                      });
                    });
  return false;
}

void Connection::Dispatch() {
  const RequestHead& head = parser_.head();
  RawRequest raw;
  raw.method = head.method;
  raw.target = head.target;
  raw.authorization = HeaderOr(head, "authorization");
  raw.host = HeaderOr(head, "host");
  if (const std::string* key = head.Find(kIdempotencyKeyHeader)) raw.idempotency_key = *key;
  raw.content_type = HeaderOr(head, "content-type");
  raw.accept = HeaderOr(head, "accept");
  raw.body = std::move(body_);
  body_.clear();
  if (spool_) {
    auto finished = spool_->Finish();
    spool_.reset();
    if (!finished.ok()) {
      spdlog::error("{} {}: {}", head.method, head.target, finished.error().details());
      RespondError(finished.error(), rules_.style);
      return;
    }
    raw.body_file = std::move(finished).value();
  }
  shared_.in_flight.fetch_add(1);
  counted_ = true;
  const bool keep_alive = head.keep_alive && !shared_.stopping.load();
  api::ApiResponse response =
      shared_.stopping.load()
          ? ErrorResponse(Error(ErrorCode::kUnavailable, "Server is shutting down"), rules_.style)
          : shared_.dispatcher.Handle(std::move(raw));
  if (response.stream) return Stream(std::move(response));
  Respond(std::move(response), keep_alive);
}

void Connection::Respond(api::ApiResponse response, bool keep_alive) {
  ResponseHead head{response.status, std::move(response.content_type), std::move(response.headers),
                    response.body.size(), !keep_alive};
  out_head_ = SerializeHead(head);
  out_body_ = parser_.head().method == "HEAD" ? std::string() : std::move(response.body);
  ArmTimer(std::chrono::steady_clock::now() + shared_.write_timeout);
  std::array<asio::const_buffer, 2> buffers{asio::buffer(out_head_), asio::buffer(out_body_)};
  asio::async_write(socket_, buffers,
                    [self = shared_from_this(), keep_alive](const asio::error_code& ec, size_t) {
                      self->Contained("write", [&] { self->OnWritten(ec, keep_alive); });
                    });
}

void Connection::RespondError(const Error& error, api::ErrorStyle style) {
  // After a refusal the rest of the request (its body) is not read: close.
  spool_.reset();
  Respond(ErrorResponse(error, style), false);
}

void Connection::OnWritten(const asio::error_code& ec, bool keep_alive) {
  timer_.cancel();
  out_head_.clear();
  out_body_.clear();
  if (counted_) {
    counted_ = false;
    shared_.in_flight.fetch_sub(1);
  }
  if (ec) {
    Close();
    return;
  }
  if (!keep_alive) {
    CloseAfterDrain();
    return;
  }
  Process();  // a pipelined request may be waiting in the buffer
}

void Connection::CloseAfterDrain() {
  // Closing with unread bytes (a refused body still arriving) resets the
  // connection, and the client may lose the response it has not read yet. So
  // the sending side is shut and what still comes is read and dropped, for a
  // short while.
  asio::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  if (!draining_) {
    draining_ = true;
    ArmTimer(std::chrono::steady_clock::now() + kDrainTime);
  }
  socket_.async_read_some(asio::buffer(buffer_.data(), buffer_.size()),
                          [self = shared_from_this()](const asio::error_code& ec, size_t) {
                            self->Contained("drain", [&] {
                              if (ec) return self->Close();
                              self->CloseAfterDrain();
                            });
                          });
}

void Connection::Stream(api::ApiResponse response) {
  // The connection closes after a streamed response: when the producer fails
  // midway, the body simply ends early, unterminated.
  ResponseHead head{response.status, std::move(response.content_type), std::move(response.headers),
                    std::nullopt, true};
  shared_.streams.fetch_add(1);
  std::thread producing;
  try {
    producing = std::thread([self = shared_from_this(), head_bytes = SerializeHead(head),
                             producer = std::move(response.stream)]() {
      Status st = OkStatus();
      // The producer is a handler's: an exception in it ends this response.
      const bool returned = Contain(
          ContainSite::kConnection, [&] { return self->Describe("stream"); },
          [&] {
            StreamSink sink(self);
            st = sink.WriteRaw(head_bytes);
            if (st.ok()) st = producer(sink);
            if (st.ok()) st = sink.Finish();
          });
      if (returned && !st.ok() && st.error().code() != ErrorCode::kUnavailable) {
        spdlog::error("streamed response cut short: {}", st.error().details());
      }
      Contain(
          ContainSite::kConnection, [&] { return self->Describe("stream end"); },
          [&] { asio::post(self->socket_.get_executor(), [self] { self->Close(); }); });
      self->shared_.in_flight.fetch_sub(1);
      self->shared_.streams.fetch_sub(1);
    });
  } catch (...) {
    shared_.streams.fetch_sub(1);  // no thread: nothing to wait for
    throw;
  }
  producing.detach();
  counted_ = false;  // the stream's thread gives the count back
}

void Connection::Close() {
  asio::error_code ignored;
  timer_.cancel();
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace sb::http
