#include "http/response_writer.hpp"

#include <fmt/format.h>

namespace sb::http {

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
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
    case 408:
      return "Request Timeout";
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
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : status >= 400 ? "Bad Request" : "OK";
  }
}

std::string SerializeHead(const ResponseHead& head) {
  std::string out = fmt::format("HTTP/1.1 {} {}\r\nServer: switchboard\r\n", head.status,
                                ReasonPhrase(head.status));
  if (!head.content_type.empty()) out += fmt::format("Content-Type: {}\r\n", head.content_type);
  for (const auto& [name, value] : head.headers) out += fmt::format("{}: {}\r\n", name, value);
  if (head.content_length) {
    out += fmt::format("Content-Length: {}\r\n", *head.content_length);
  } else {
    out += "Transfer-Encoding: chunked\r\n";
  }
  if (head.close) out += "Connection: close\r\n";
  out += "\r\n";
  return out;
}

std::string ChunkSizeLine(size_t size) { return fmt::format("{:x}\r\n", size); }

}  // namespace sb::http
