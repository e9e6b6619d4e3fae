// The bytes of HTTP/1.1 responses: status line and headers, and the framing
// of chunked bodies. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sb::http {

struct ResponseHead {
  int status = 200;
  std::string content_type;  // omitted when empty
  std::vector<std::pair<std::string, std::string>> headers;
  // The body's length; nullopt: chunked transfer encoding.
  std::optional<size_t> content_length;
  bool close = false;  // Connection: close
};

// "HTTP/1.1 200 OK\r\n...\r\n\r\n", with Server, Content-Length or
// Transfer-Encoding, and Connection when closing.
std::string SerializeHead(const ResponseHead& head);

// The size line that goes before a chunk of `size` bytes ("1a2b\r\n"); the
// chunk is followed by "\r\n" and the body by kLastChunk.
std::string ChunkSizeLine(size_t size);
inline constexpr std::string_view kChunkEnd = "\r\n";
inline constexpr std::string_view kLastChunk = "0\r\n\r\n";
inline constexpr std::string_view kContinueLine = "HTTP/1.1 100 Continue\r\n\r\n";

// The reason phrase of a status code ("Not Found").
std::string_view ReasonPhrase(int status);

}  // namespace sb::http
