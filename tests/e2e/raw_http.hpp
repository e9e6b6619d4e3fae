// A raw HTTP/1.1 client for transport tests: one blocking TCP connection to
// 127.0.0.1 that sends bytes exactly as given and parses what comes back
// (status line, headers, a Content-Length, chunked or read-to-close body).
// cpp-httplib cannot be used there: it normalises requests (adds headers,
// frames bodies its own way) and hides interim responses and closes.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sb::testing {

struct RawResponse {
  std::string version;  // "HTTP/1.1"
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;                                          // de-chunked
  bool chunked = false;

  // The first value of header `name` (lower case), or nullopt.
  std::optional<std::string> Header(std::string_view name) const;
  // The body as JSON (Null when it is not JSON).
  rapidjson::Document Json() const;
};

class RawConnection {
 public:
  // Connects to 127.0.0.1:port; every read and write gives up after
  // `timeout_seconds`, so a server that never answers fails the test instead
  // of hanging it.
  explicit RawConnection(uint16_t port, int timeout_seconds = 5);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Why the last call failed: "timeout", "closed", a parse problem, errno text.
  const std::string& error() const { return error_; }

  // Writes all of `bytes`; false when the connection failed.
  bool Send(std::string_view bytes);
  // Writes `bytes` `piece` bytes at a time, stopping early once the server has
  // answered (something is readable) or stopped reading: a server refusing a
  // body should not be buried under the rest of it, whose arrival after its
  // close would reset the connection and discard the answer. The bytes sent.
  size_t SendUntilAnswered(std::string_view bytes, size_t piece = size_t{16} << 10);

  // The next response, interim (1xx) ones included; nullopt on a timeout, a
  // close before it is complete, or bytes that are not a response.
  std::optional<RawResponse> Read();
  // The next response's status line and headers, its body left unread (a
  // client that stops reading there).
  std::optional<RawResponse> ReadHead();
  // `n` responses in order (fewer when one could not be read; see error()).
  std::vector<RawResponse> Read(size_t n);
  // True when the server closes the connection (a FIN or a reset) within the
  // timeout with nothing more sent; false when it sends more or stays open.
  bool ClosedByPeer();

 private:
  // One recv() appended to buf_; false (error_ set) on a close or a timeout.
  bool Fill();
  // Until buf_ holds `n` bytes from pos_.
  bool Need(size_t n);
  // The next CRLF-terminated line from pos_ (without the CRLF), consumed.
  std::optional<std::string> Line();
  bool ReadChunkedBody(RawResponse& res);
  // The body of `res`, whose head was just read; false when it could not be.
  bool ReadBody(RawResponse& res);

  int fd_ = -1;
  std::string buf_;
  size_t pos_ = 0;  // how much of buf_ is consumed
  std::string error_;
};

// `body` with chunked transfer coding, `piece` bytes a chunk, terminated.
std::string Chunked(std::string_view body, size_t piece);

}  // namespace sb::testing
