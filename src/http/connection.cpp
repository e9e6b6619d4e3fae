#include "http/connection.hpp"

#include <spdlog/spdlog.h>

#include <strings.h>

#include <algorithm>

#include "core/contain.hpp"
#include "http/error_response.hpp"
#include "http/idempotency.hpp"
#include "http/request_id.hpp"

namespace sb::http {
namespace {

constexpr size_t kReadBufferBytes = 64 << 10;
// A body's buffer is reserved up to this from its Content-Length, and grows
// past it as bytes really arrive.
constexpr size_t kMaxBodyReserve = 1 << 20;
// How long a connection closing after a refusal reads what the client sends.
constexpr auto kDrainTime = std::chrono::seconds(2);

std::string HeaderOr(const RequestHead& head, std::string_view name) {
  const std::string* value = head.Find(name);
  return value != nullptr ? *value : std::string();
}

// A header the request sent exactly once; null when absent or repeated (a
// proxy header sent twice is ambiguous, so it counts as absent).
const std::string* SingleHeader(const RequestHead& head, std::string_view name) {
  const std::string* found = nullptr;
  for (const auto& [key, value] : head.headers) {
    if (key.size() != name.size() || strncasecmp(key.data(), name.data(), name.size()) != 0) {
      continue;
    }
    if (found != nullptr) return nullptr;
    found = &value;
  }
  return found;
}

Error TooLarge(size_t max_bytes) {
  return Error(ErrorCode::kPayloadTooLarge, "Request body too large",
               "The body may not exceed " + std::to_string(max_bytes) + " bytes");
}

Error WorkersBusy() {
  return Error(ErrorCode::kUnavailable, "Server busy",
               "Every worker is busy and the queue is full; retry shortly")
      .WithRetryAfter(1);
}

Error ShuttingDown() { return Error(ErrorCode::kUnavailable, "Server is shutting down"); }

}  // namespace

bool Connection::Contained(const char* step, const std::function<void()>& work) {
  const bool returned = Contain(
      ContainSite::kConnection, [&] { return Describe(step, request_id_); }, work);
  if (!returned) Abort();
  return returned;
}

std::string Connection::Describe(const char* step, std::string_view request_id) const {
  std::string out = "connection " + peer_address_ + ":" + std::to_string(peer_.port()) + " " + step;
  if (!request_id.empty()) out += " request_id=" + std::string(request_id);
  return out;
}

const std::string& Connection::RequestId() {
  if (request_id_.empty()) request_id_ = NewRequestId();
  return request_id_;
}

RequestRef Connection::Ref() {
  RequestRef ref{RequestId(), {}, {}};
  if (have_head_) {
    ref.method = parser_.head().method;
    ref.target = parser_.head().target;
  }
  return ref;
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
  peer_address_ = peer_.address().to_string();
  // Called from the listener: everything from here on runs on the strand.
  asio::dispatch(socket_.get_executor(), [self = shared_from_this(), over_capacity] {
    self->Contained("start", [&] {
      asio::error_code ignored_too;
      self->socket_.set_option(asio::ip::tcp::no_delay(true), ignored_too);
      if (over_capacity) {
        self->RespondError(Error(ErrorCode::kUnavailable, "Too many connections",
                                 "open connections are at --max-connections"),
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
  if (reading_body_ && shared_.min_body_rate > 0) {
    // When the bytes so far fall below the minimum rate if no more come.
    const auto earned = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(static_cast<double>(body_bytes_) /
                                      static_cast<double>(shared_.min_body_rate)));
    deadline = std::min(deadline, body_start_ + std::max<std::chrono::steady_clock::duration>(
                                                    shared_.min_body_grace, earned));
  }
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
  // Each request its own id, pipelined ones too.
  request_id_ = RequestIdFor(SingleHeader(head, kRequestIdHeader));
  have_head_ = true;
  rules_ = shared_.dispatcher.RulesFor(head.method, head.target);
  body_.clear();
  spool_.reset();
  auth_.reset();
  refusal_.reset();
  organization_id_ = 0;
  if (shared_.stopping.load()) {
    RespondError(ShuttingDown(), rules_.style);
    return false;
  }
  if (head.content_length && *head.content_length > rules_.max_bytes) {
    // Refused before the client sends it (it waits on 100-continue, or the
    // connection closes under it).
    RespondError(TooLarge(rules_.max_bytes), rules_.style);
    return false;
  }
  if (!rules_.admission_blocks) {
    // Decided without the store: 404, 405, or a route that takes no token.
    return OnAdmitted(shared_.dispatcher.Admit(head.method, head.target, std::string()));
  }
  // Nothing is read from the socket until the answer is back.
  const bool queued = shared_.workers->TrySubmit(
      [self = shared_from_this(), method = head.method, target = head.target,
       authorization = HeaderOr(head, "authorization"), id = request_id_] {
        Result<std::optional<api::AuthContext>> admitted = Error::Internal("The admission failed");
        Contain(
            ContainSite::kConnection, [&] { return self->Describe("admission", id); },
            [&] { admitted = self->shared_.dispatcher.Admit(method, target, authorization); });
        asio::post(self->socket_.get_executor(), [self, admitted = std::move(admitted)]() mutable {
          self->Contained("admitted", [&] {
            if (self->OnAdmitted(std::move(admitted))) self->Process();
          });
        });
      });
  if (!queued) RespondError(WorkersBusy(), rules_.style);
  return false;
}

bool Connection::OnAdmitted(Result<std::optional<api::AuthContext>> admitted) {
  if (!admitted.ok()) {
    const RequestHead& head = parser_.head();
    if (head.chunked || head.content_length.value_or(0) > 0) {
      // The body is not read: the connection closes after the answer.
      RespondError(admitted.error(), rules_.style);
      return false;
    }
    // Nothing to leave unread: answered at the request's end, and the
    // connection stays open.
    refusal_ = admitted.error();
    return true;
  }
  if (shared_.stopping.load()) {
    RespondError(ShuttingDown(), rules_.style);
    return false;
  }
  auth_ = std::move(admitted).value();
  organization_id_ = auth_ ? auth_->organization_id : 0;
  return AcceptBody();
}

bool Connection::AcceptBody() {
  const RequestHead& head = parser_.head();
  reading_body_ = head.chunked || head.content_length.value_or(0) > 0;
  body_start_ = std::chrono::steady_clock::now();
  body_bytes_ = 0;
  if (rules_.to_file && !shared_.upload_dir.empty()) {
    auto spool = SpoolWriter::Create(shared_.upload_dir);
    if (!spool.ok()) {
      RespondError(spool.error(), rules_.style);
      return false;
    }
    spool_ = std::move(spool).value();
    parser_.SetBodyTarget([this](std::string_view bytes) -> Status {
      if (spool_->size() + bytes.size() > rules_.max_bytes) return TooLarge(rules_.max_bytes);
      body_bytes_ += bytes.size();
      return spool_->Append(bytes);
    });
  } else {
    if (head.content_length) {
      body_.reserve(std::min<size_t>(static_cast<size_t>(*head.content_length), kMaxBodyReserve));
    }
    parser_.SetBodyTarget([this](std::string_view bytes) -> Status {
      if (body_.size() + bytes.size() > rules_.max_bytes) return TooLarge(rules_.max_bytes);
      body_bytes_ += bytes.size();
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
                        self->body_start_ = std::chrono::steady_clock::now();
                        self->Process();
                      });
                    });
  return false;
}

void Connection::Dispatch() {
  reading_body_ = false;
  const RequestHead& head = parser_.head();
  if (refusal_) {
    Error refusal = std::move(*refusal_);
    refusal_.reset();
    Respond(ErrorResponse(refusal, rules_.style, Ref()),
            head.keep_alive && !shared_.stopping.load());
    return;
  }
  auto raw = std::make_shared<RawRequest>();
  raw->method = head.method;
  raw->target = head.target;
  raw->authorization = HeaderOr(head, "authorization");
  raw->request_id = RequestId();
  raw->base_url = ResolveBaseUrl(shared_.base_url, peer_address_,
                                 ForwardedHeaders{SingleHeader(head, "x-forwarded-proto"),
                                                  SingleHeader(head, "x-forwarded-host")});
  if (const std::string* key = head.Find(kIdempotencyKeyHeader)) raw->idempotency_key = *key;
  raw->content_type = HeaderOr(head, "content-type");
  raw->accept = HeaderOr(head, "accept");
  raw->if_none_match = HeaderOr(head, "if-none-match");
  raw->admitted = true;
  raw->auth = std::move(auth_);
  auth_.reset();
  raw->body = std::move(body_);
  body_.clear();
  if (spool_) {
    auto finished = spool_->Finish();
    spool_.reset();
    if (!finished.ok()) {
      RespondError(finished.error(), rules_.style);
      return;
    }
    raw->body_file = std::move(finished).value();
  }
  shared_.in_flight.fetch_add(1);
  counted_ = true;
  const bool keep_alive = head.keep_alive && !shared_.stopping.load();
  if (shared_.stopping.load()) {
    return Respond(ErrorResponse(ShuttingDown(), rules_.style, Ref()), false);
  }
  if (rules_.runs_inline) return OnHandled(shared_.dispatcher.Handle(std::move(*raw)), keep_alive);
  const api::ErrorStyle style = rules_.style;
  const bool queued = shared_.workers->TrySubmit([self = shared_from_this(), raw, keep_alive, style,
                                                  method = head.method, target = head.target] {
    const std::string id = raw->request_id;
    api::ApiResponse response;
    const bool returned = Contain(
        ContainSite::kConnection, [&] { return self->Describe("handler", id); },
        [&] { response = self->shared_.dispatcher.Handle(std::move(*raw)); });
    // Made only when needed: an error response is logged.
    if (!returned) {
      response = ErrorResponse(Error::Internal("the handler did not return"), style,
                               RequestRef{id, method, target});
    }
    asio::post(
        self->socket_.get_executor(), [self, response = std::move(response), keep_alive]() mutable {
          self->Contained("handled", [&] { self->OnHandled(std::move(response), keep_alive); });
        });
  });
  if (!queued) Respond(ErrorResponse(WorkersBusy(), rules_.style, Ref()), keep_alive);
}

void Connection::OnHandled(api::ApiResponse response, bool keep_alive) {
  if (response.stream) return Stream(std::move(response), keep_alive);
  Respond(std::move(response), keep_alive);
}

void Connection::Respond(api::ApiResponse response, bool keep_alive) {
  response.headers.emplace_back(kRequestIdHeader, RequestId());
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
  Respond(ErrorResponse(error, style, Ref()), false);
}

void Connection::OnWritten(const asio::error_code& ec, bool keep_alive) {
  timer_.cancel();
  out_head_.clear();
  out_body_.clear();
  // The next request (pipelined, or on a kept-alive connection) has its own.
  request_id_.clear();
  have_head_ = false;
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

void Connection::Close() {
  asio::error_code ignored;
  timer_.cancel();
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace sb::http
