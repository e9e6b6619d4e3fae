#include "http/request_parser.hpp"

#include <http_parser.h>
#include <strings.h>

#include <algorithm>

namespace sb::http {

struct RequestParser::Native {
  http_parser parser{};
  http_parser_settings settings{};
};

const std::string* RequestHead::Find(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return &value;
    }
  }
  return nullptr;
}

// http_parser's callbacks: each returns 0 to go on; pausing the parser stops
// Feed() at that point with the byte count so far.
struct RequestParser::Callbacks {
  static RequestParser& Self(http_parser* p) { return *static_cast<RequestParser*>(p->data); }

  static int OnMessageBegin(http_parser* p) {
    RequestParser& self = Self(p);
    self.head_ = RequestHead{};
    self.field_.clear();
    self.reading_value_ = false;
    self.in_request_ = true;
    self.body_target_ = nullptr;
    return 0;
  }
  static int OnUrl(http_parser* p, const char* at, size_t n) {
    RequestParser& self = Self(p);
    self.head_.target.append(at, n);
    return 0;
  }
  static int OnHeaderField(http_parser* p, const char* at, size_t n) {
    RequestParser& self = Self(p);
    if (self.reading_value_) {
      self.field_.clear();
      self.reading_value_ = false;
    }
    self.field_.append(at, n);
    return 0;
  }
  static int OnHeaderValue(http_parser* p, const char* at, size_t n) {
    RequestParser& self = Self(p);
    if (!self.reading_value_) {
      self.head_.headers.emplace_back(self.field_, std::string());
      self.reading_value_ = true;
    }
    self.head_.headers.back().second.append(at, n);
    return 0;
  }
  static int OnHeadersComplete(http_parser* p) {
    RequestParser& self = Self(p);
    RequestHead& h = self.head_;
    h.method = http_method_str(static_cast<http_method>(p->method));
    h.http_major = p->http_major;
    h.http_minor = p->http_minor;
    h.keep_alive = http_should_keep_alive(p) != 0;
    h.chunked = (p->flags & F_CHUNKED) != 0;
    if (!h.chunked && h.Find("content-length") != nullptr) h.content_length = p->content_length;
    if (const std::string* expect = h.Find("expect")) {
      h.expect_continue = strcasecmp(expect->c_str(), "100-continue") == 0;
    }
    self.reading_head_ = false;
    self.stop_ = Event::kHead;
    http_parser_pause(p, 1);
    return 0;
  }
  static int OnBody(http_parser* p, const char* at, size_t n) {
    RequestParser& self = Self(p);
    if (!self.body_target_) return 0;  // the caller did not want the body
    Status st = self.body_target_(std::string_view(at, n));
    if (st.ok()) return 0;
    self.SetError(std::move(st).error());
    return 1;
  }
  static int OnMessageComplete(http_parser* p) {
    RequestParser& self = Self(p);
    self.in_request_ = false;
    self.reading_head_ = true;
    self.head_bytes_ = 0;
    self.stop_ = Event::kComplete;
    http_parser_pause(p, 1);
    return 0;
  }
};

RequestParser::RequestParser(RequestParserLimits limits)
    : limits_(limits), native_(std::make_unique<Native>()) {
  http_parser_init(&native_->parser, HTTP_REQUEST);
  native_->parser.data = this;
  http_parser_settings& s = native_->settings;
  http_parser_settings_init(&s);
  s.on_message_begin = &Callbacks::OnMessageBegin;
  s.on_url = &Callbacks::OnUrl;
  s.on_header_field = &Callbacks::OnHeaderField;
  s.on_header_value = &Callbacks::OnHeaderValue;
  s.on_headers_complete = &Callbacks::OnHeadersComplete;
  s.on_body = &Callbacks::OnBody;
  s.on_message_complete = &Callbacks::OnMessageComplete;
}

RequestParser::~RequestParser() = default;

void RequestParser::SetError(Error e) {
  error_ = std::move(e);
  stop_ = Event::kError;
  failed_ = true;
}

RequestParser::Step RequestParser::Feed(std::string_view bytes) {
  http_parser& p = native_->parser;
  if (failed_) return {0, Event::kError};
  if (HTTP_PARSER_ERRNO(&p) == HPE_PAUSED) http_parser_pause(&p, 0);
  if (HTTP_PARSER_ERRNO(&p) != HPE_OK || bytes.empty()) {
    return {0, HTTP_PARSER_ERRNO(&p) == HPE_OK ? Event::kNeedMore : Event::kError};
  }
  // Line ends before a request are skipped, as http_parser would skip them:
  // they belong to no head.
  size_t skipped = 0;
  if (!in_request_) {
    skipped = std::min(bytes.find_first_not_of("\r\n"), bytes.size());
    bytes.remove_prefix(skipped);
    if (bytes.empty()) return {skipped, Event::kNeedMore};
  }
  // While a head is read, http_parser is given no byte past the limit, so the
  // limit is met at the same byte however the bytes are split: a malformed
  // byte within it is a 400, a head longer than it a 431.
  if (reading_head_) {
    if (head_bytes_ >= limits_.max_head_bytes) return {skipped, HeadTooLarge()};
    bytes = bytes.substr(0, limits_.max_head_bytes - head_bytes_);
  }
  stop_.reset();
  const bool was_reading_head = reading_head_;
  const size_t parsed = http_parser_execute(&p, &native_->settings, bytes.data(), bytes.size());
  if (was_reading_head && reading_head_) head_bytes_ += parsed;
  const size_t consumed = skipped + parsed;
  const auto code = static_cast<http_errno>(HTTP_PARSER_ERRNO(&p));
  if (code == HPE_PAUSED && stop_) return {consumed, *stop_};
  if (code != HPE_OK) {
    if (stop_ != Event::kError) {
      // http_parser's own refusal: a malformed request line, header or chunk.
      SetError(
          Error(ErrorCode::kBadRequest, "Malformed request",
                std::string("The request is not valid HTTP/1.1: ") + http_errno_description(code)));
    }
    return {consumed, Event::kError};
  }
  // Every byte up to the limit consumed, and the head goes on.
  if (reading_head_ && head_bytes_ >= limits_.max_head_bytes) return {consumed, HeadTooLarge()};
  return {consumed, Event::kNeedMore};
}

RequestParser::Event RequestParser::HeadTooLarge() {
  SetError(Error(ErrorCode::kHeadersTooLarge, "Request headers too large",
                 "The request line and headers may not exceed " +
                     std::to_string(limits_.max_head_bytes) + " bytes"));
  return Event::kError;
}

RequestParser::Event RequestParser::FeedEnd() {
  if (failed_) return Event::kError;
  if (!in_request_) return Event::kNeedMore;
  http_parser& p = native_->parser;
  if (HTTP_PARSER_ERRNO(&p) == HPE_PAUSED) http_parser_pause(&p, 0);
  stop_.reset();
  http_parser_execute(&p, &native_->settings, nullptr, 0);
  if (stop_ == Event::kComplete) return Event::kComplete;
  SetError(Error(ErrorCode::kBadRequest, "Malformed request", "The request ended early"));
  return Event::kError;
}

}  // namespace sb::http
