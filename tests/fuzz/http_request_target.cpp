// Fuzz target: the HTTP/1.x request parser (http/request_parser.hpp).
//
// The input is a byte stream as a client might send it (one request or
// several, pipelined). It is parsed whole, one byte at a time and in pieces of
// sizes drawn from the input; each parse is written down as a transcript (the
// events, every head, every body) and the transcripts must be equal: how the
// bytes arrive must not change what the connection sees. A stream that ends
// cleanly is then parsed twice in a row (pipelined behind itself) and must
// give its transcript twice. The input also picks the head limit and a body
// limit (as the connection's body target enforces one), so the 431 and 413
// paths run too.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "fuzz/fuzz_targets.hpp"
#include "http/request_parser.hpp"

namespace sb::fuzz {
namespace {

using http::RequestHead;
using http::RequestParser;
using http::RequestParserLimits;

struct Options {
  RequestParserLimits limits;
  std::optional<size_t> max_body;  // the body target refuses past it
};

struct Transcript {
  std::vector<std::string> events;  // "head ...", "complete", "error ...", "end ..."
  std::vector<std::string> bodies;  // one per head
  bool error = false;
  bool body_refused = false;  // the error came from the body target
  bool in_request_at_end = false;

  std::string Describe() const {
    std::string out;
    for (size_t i = 0; i < events.size() && i < 20; ++i) out += "\n    " + Printable(events[i]);
    for (size_t i = 0; i < bodies.size() && i < 20; ++i) {
      out += "\n    body " + std::to_string(i) + ": " + Printable(bodies[i]);
    }
    return out;
  }
};

// Every field of a head, unambiguously (lengths before values).
std::string DescribeHead(const RequestHead& h) {
  std::string out = "head";
  auto add = [&out](std::string_view s) {
    out += ' ';
    out += std::to_string(s.size());
    out += ':';
    out += s;
  };
  add(h.method);
  add(h.target);
  for (const auto& [name, value] : h.headers) {
    add(name);
    add(value);
  }
  out += " HTTP/" + std::to_string(h.http_major) + "." + std::to_string(h.http_minor);
  out += h.keep_alive ? " keep-alive" : " close";
  out += h.content_length ? " length=" + std::to_string(*h.content_length) : " no-length";
  out += h.chunked ? " chunked" : "";
  out += h.expect_continue ? " expect-continue" : "";
  return out;
}

// `next_piece` gives the size of each piece of `stream` handed to the parser.
template <typename NextPiece>
Transcript Parse(std::string_view stream, const Options& options, NextPiece next_piece) {
  RequestParser parser(options.limits);
  Transcript t;
  std::string pending;
  size_t fed = 0;
  size_t steps = 0;
  while (true) {
    if (pending.empty()) {
      if (fed == stream.size()) break;
      const size_t n = std::clamp<size_t>(next_piece(), 1, stream.size() - fed);
      pending.assign(stream.substr(fed, n));
      fed += n;
    }
    // Each Feed() consumes bytes or stops at an event; a request has at most
    // two stops (head, complete) and takes at least one byte.
    SB_FUZZ_CHECK(++steps <= 3 * stream.size() + 8, "the parser makes no progress");
    const RequestParser::Step step = parser.Feed(pending);
    SB_FUZZ_CHECK(step.consumed <= pending.size(), "consumed " + std::to_string(step.consumed) +
                                                       " of " + std::to_string(pending.size()));
    pending.erase(0, step.consumed);
    switch (step.event) {
      case RequestParser::Event::kNeedMore:
        SB_FUZZ_CHECK(pending.empty(), "kNeedMore left " + std::to_string(pending.size()) +
                                           " bytes unconsumed: " + Printable(pending));
        break;
      case RequestParser::Event::kHead: {
        SB_FUZZ_CHECK(parser.in_request(), "kHead outside a request");
        const RequestHead& h = parser.head();
        SB_FUZZ_CHECK(!h.method.empty(), "a head without a method");
        SB_FUZZ_CHECK(!(h.chunked && h.content_length), "both chunked and a content length");
        SB_FUZZ_CHECK(h.target.size() <= options.limits.max_head_bytes,
                      "a target over the head limit: " + std::to_string(h.target.size()));
        t.events.push_back(DescribeHead(h));
        t.bodies.emplace_back();
        std::string* body = &t.bodies.back();
        const std::optional<size_t> max_body = options.max_body;
        parser.SetBodyTarget([body, max_body](std::string_view bytes) -> Status {
          if (max_body && body->size() + bytes.size() > *max_body) {
            return Error(ErrorCode::kPayloadTooLarge, "Request body too large");
          }
          body->append(bytes);
          return OkStatus();
        });
        break;
      }
      case RequestParser::Event::kComplete:
        SB_FUZZ_CHECK(!parser.in_request(), "kComplete inside a request");
        t.events.emplace_back("complete");
        break;
      case RequestParser::Event::kError: {
        const Error& e = parser.error();
        t.error = true;
        t.body_refused = e.code() == ErrorCode::kPayloadTooLarge;
        t.events.push_back("error " + std::string(e.code_name()) + " " + e.details());
        // An error is final: nothing more is read.
        const RequestParser::Step again = parser.Feed("GET / HTTP/1.1\r\n\r\n");
        SB_FUZZ_CHECK(again.event == RequestParser::Event::kError && again.consumed == 0,
                      "the parser went on after an error");
        return t;
      }
    }
  }
  t.in_request_at_end = parser.in_request();
  const RequestParser::Event end = parser.FeedEnd();
  SB_FUZZ_CHECK(end != RequestParser::Event::kHead, "FeedEnd() gave a head");
  SB_FUZZ_CHECK((end == RequestParser::Event::kNeedMore) == !t.in_request_at_end,
                "FeedEnd() and in_request() disagree");
  t.events.push_back("end " + std::to_string(static_cast<int>(end)));
  if (end == RequestParser::Event::kError) {
    t.events.back() += " " + std::string(parser.error().code_name());
  }
  return t;
}

// Equal, except where a body limit stopped the parse: the refused request's
// body then holds what arrived before the piece that went over the limit, so
// of two parses the body of one is a prefix of the other's.
bool SameTranscript(const Transcript& a, const Transcript& b) {
  if (a.events != b.events || a.bodies.size() != b.bodies.size()) return false;
  for (size_t i = 0; i < a.bodies.size(); ++i) {
    const bool last_refused = a.body_refused && i + 1 == a.bodies.size();
    if (!last_refused && a.bodies[i] != b.bodies[i]) return false;
    if (last_refused) {
      const std::string& shorter =
          a.bodies[i].size() < b.bodies[i].size() ? a.bodies[i] : b.bodies[i];
      const std::string& longer = &shorter == &a.bodies[i] ? b.bodies[i] : a.bodies[i];
      if (!longer.starts_with(shorter)) return false;
    }
  }
  return true;
}

}  // namespace

void HttpRequestOneInput(const uint8_t* data, size_t size) {
  const std::string_view stream(reinterpret_cast<const char*>(data), size);
  InputRng rng(stream);
  Options options;
  // Mostly the server's limit; sometimes one small enough to reach.
  if (rng.Below(4) == 0) options.limits.max_head_bytes = 16 + rng.Below(512);
  if (rng.Below(4) == 0) options.max_body = rng.Below(64);

  const Transcript whole = Parse(stream, options, [&] { return stream.size(); });
  const Transcript bytewise = Parse(stream, options, [] { return size_t{1}; });
  SB_FUZZ_CHECK(SameTranscript(whole, bytewise),
                "whole:" + whole.Describe() + "\n  byte by byte:" + bytewise.Describe());
  // Pieces of 1..16 bytes, or up to a quarter of the stream.
  const size_t max_piece = rng.Below(2) == 0 ? 16 : std::max<size_t>(1, stream.size() / 4);
  const Transcript pieces = Parse(stream, options, [&] { return 1 + rng.Below(max_piece); });
  SB_FUZZ_CHECK(SameTranscript(whole, pieces),
                "whole:" + whole.Describe() + "\n  in pieces:" + pieces.Describe());

  // A stream that ended between requests, pipelined behind itself.
  if (whole.error || whole.in_request_at_end || whole.bodies.empty()) return;
  const std::string twice = std::string(stream) + std::string(stream);
  const Transcript doubled = Parse(twice, options, [&] { return twice.size(); });
  Transcript expected = whole;
  expected.events.pop_back();  // the first stream's "end"
  expected.events.insert(expected.events.end(), whole.events.begin(), whole.events.end());
  expected.bodies.insert(expected.bodies.end(), whole.bodies.begin(), whole.bodies.end());
  SB_FUZZ_CHECK(SameTranscript(expected, doubled),
                "expected:" + expected.Describe() + "\n  pipelined:" + doubled.Describe());
}

}  // namespace sb::fuzz
