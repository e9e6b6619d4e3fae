// Incremental parsing of HTTP/1.x requests (the nodejs http_parser underneath):
// bytes go in as they arrive, in pieces of any size, and the parser stops at
// each point where the connection must decide something.
//
//   Feed() -> kHead      the request line and headers are complete (head());
//                        the caller picks where the body goes (SetBodyTarget)
//   Feed() -> kComplete  the whole request (body included) has been read
//   Feed() -> kError     malformed, or over a limit: error() says which, and
//                        the connection must answer it and close
//   Feed() -> kNeedMore  every byte given was consumed; send more
//
// Feed() reports how many bytes it consumed; the rest belongs to what comes
// after the stop (the body, or a pipelined next request) and is fed again.
// Chunked request bodies are decoded. Not thread-safe: one per connection.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace sb::http {

struct RequestHead {
  std::string method;                                        // "GET"
  std::string target;                                        // "/api/v1/contacts?page=2", as sent
  std::vector<std::pair<std::string, std::string>> headers;  // in order, as sent
  int http_major = 1;
  int http_minor = 1;
  bool keep_alive = true;                  // HTTP/1.1 default, Connection honoured
  std::optional<uint64_t> content_length;  // when the body's length is announced
  bool chunked = false;                    // Transfer-Encoding: chunked
  bool expect_continue = false;            // Expect: 100-continue

  // The first value of header `name` (case-insensitive), or null.
  const std::string* Find(std::string_view name) const;
};

struct RequestParserLimits {
  // The request line and headers, from the request's first byte (line ends
  // before it are skipped) to the blank line that ends them: 431 past it.
  size_t max_head_bytes = 64 << 10;
};

class RequestParser {
 public:
  enum class Event { kNeedMore, kHead, kComplete, kError };
  struct Step {
    size_t consumed = 0;
    Event event = Event::kNeedMore;
  };
  // Receives the body's bytes as they are decoded; an error stops the parse
  // (kError with that error).
  using BodyTarget = std::function<Status(std::string_view)>;

  explicit RequestParser(RequestParserLimits limits = {});
  ~RequestParser();
  RequestParser(const RequestParser&) = delete;
  RequestParser& operator=(const RequestParser&) = delete;

  Step Feed(std::string_view bytes);
  // The connection closed: kComplete when that ends a request whose body runs
  // to the close (never for requests in practice), kError when a request was
  // cut short, kNeedMore when none had started.
  Event FeedEnd();

  // Valid from kHead until the next request's kHead.
  const RequestHead& head() const { return head_; }
  void SetBodyTarget(BodyTarget target) { body_target_ = std::move(target); }
  // kBadRequest (400), kHeadersTooLarge (431) or the body target's error.
  const Error& error() const { return error_; }
  // True between a request's first byte and its kComplete.
  bool in_request() const { return in_request_; }

 private:
  struct Callbacks;
  void SetError(Error e);
  Event HeadTooLarge();  // the 431

  RequestParserLimits limits_;
  struct Native;
  std::unique_ptr<Native> native_;
  RequestHead head_;
  std::string field_;  // header name being read
  bool reading_value_ = false;
  bool reading_head_ = true;  // until kHead, and again after kComplete
  size_t head_bytes_ = 0;     // of the head being read, consumed so far
  bool in_request_ = false;
  bool failed_ = false;  // after kError, nothing more is read
  BodyTarget body_target_;
  Error error_ = Error(ErrorCode::kBadRequest, "Malformed request");
  std::optional<Event> stop_;
};

}  // namespace sb::http
