#include "e2e/raw_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace sb::testing {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

std::optional<std::string> RawResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

rapidjson::Document RawResponse::Json() const {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  if (doc.HasParseError()) doc.SetNull();
  return doc;
}

RawConnection::RawConnection(uint16_t port, int timeout_seconds) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) {
    error_ = std::strerror(errno);
    return;
  }
  timeval tv{};
  tv.tv_sec = timeout_seconds;
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    error_ = std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    // MSG_NOSIGNAL: a server that closed first must fail the test, not kill it.
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ? "timeout" : "send failed";
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

size_t RawConnection::SendUntilAnswered(std::string_view bytes, size_t piece) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 0) > 0) break;  // an answer (or a close) is waiting
    const size_t n = std::min(piece, bytes.size() - sent);
    if (!Send(bytes.substr(sent, n))) break;
    sent += n;
  }
  return sent;
}

bool RawConnection::Fill() {
  char chunk[16 * 1024];
  for (;;) {
    ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n > 0) {
      buf_.append(chunk, static_cast<size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) {
      error_ = "closed";
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      error_ = "timeout";
    } else {
      error_ = std::string("recv: ") + std::strerror(errno);
    }
    return false;
  }
}

bool RawConnection::Need(size_t n) {
  while (buf_.size() - pos_ < n) {
    if (!Fill()) return false;
  }
  return true;
}

std::optional<std::string> RawConnection::Line() {
  size_t end;
  while ((end = buf_.find("\r\n", pos_)) == std::string::npos) {
    if (!Fill()) return std::nullopt;
  }
  std::string line = buf_.substr(pos_, end - pos_);
  pos_ = end + 2;
  return line;
}

bool RawConnection::ReadChunkedBody(RawResponse& res) {
  for (;;) {
    auto size_line = Line();
    if (!size_line) return false;
    size_t size = 0;
    try {
      size = std::stoul(size_line->substr(0, size_line->find(';')), nullptr, 16);
    } catch (const std::exception&) {
      error_ = "bad chunk size: " + *size_line;
      return false;
    }
    if (size == 0) break;
    if (!Need(size + 2)) return false;
    res.body.append(buf_, pos_, size);
    pos_ += size + 2;
  }
  for (;;) {  // trailers, up to the empty line
    auto trailer = Line();
    if (!trailer) return false;
    if (trailer->empty()) return true;
  }
}

std::optional<RawResponse> RawConnection::Read() {
  std::optional<RawResponse> res = ReadHead();
  if (!res || !ReadBody(*res)) return std::nullopt;
  return res;
}

std::optional<RawResponse> RawConnection::ReadHead() {
  if (fd_ < 0) return std::nullopt;
  RawResponse res;
  auto status_line = Line();
  if (!status_line) return std::nullopt;
  const size_t sp1 = status_line->find(' ');
  if (sp1 == std::string::npos || status_line->compare(0, 5, "HTTP/") != 0 ||
      status_line->size() < sp1 + 4) {
    error_ = "not a status line: " + *status_line;
    return std::nullopt;
  }
  res.version = status_line->substr(0, sp1);
  res.status = std::atoi(status_line->substr(sp1 + 1, 3).c_str());
  res.reason = sp1 + 5 <= status_line->size() ? status_line->substr(sp1 + 5) : "";
  for (;;) {
    auto line = Line();
    if (!line) return std::nullopt;
    if (line->empty()) break;
    const size_t colon = line->find(':');
    if (colon == std::string::npos) {
      error_ = "not a header: " + *line;
      return std::nullopt;
    }
    res.headers.emplace_back(Lower(line->substr(0, colon)), Trim(line->substr(colon + 1)));
  }
  return res;
}

bool RawConnection::ReadBody(RawResponse& res) {
  const auto te = res.Header("transfer-encoding");
  const auto length = res.Header("content-length");
  if (res.status < 200 || res.status == 204 || res.status == 304) {
    // No body, whatever the headers say.
  } else if (te && Lower(*te).find("chunked") != std::string::npos) {
    res.chunked = true;
    if (!ReadChunkedBody(res)) return false;
  } else if (length) {
    const size_t n = std::stoul(*length);
    if (!Need(n)) return false;
    res.body = buf_.substr(pos_, n);
    pos_ += n;
  } else {
    while (Fill()) {
    }
    if (error_ != "closed") return false;
    res.body = buf_.substr(pos_);
    pos_ = buf_.size();
  }
  // Keep the buffer from growing over a long keep-alive exchange.
  buf_.erase(0, pos_);
  pos_ = 0;
  return true;
}

std::vector<RawResponse> RawConnection::Read(size_t n) {
  std::vector<RawResponse> out;
  while (out.size() < n) {
    auto res = Read();
    if (!res) break;
    out.push_back(std::move(*res));
  }
  return out;
}

bool RawConnection::ClosedByPeer() {
  if (fd_ < 0 || pos_ < buf_.size()) return false;
  char c;
  for (;;) {
    ssize_t n = ::recv(fd_, &c, 1, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0 || (n < 0 && errno == ECONNRESET)) return true;
    if (n > 0) {
      buf_.push_back(c);
      error_ = "more bytes after the response";
    } else {
      error_ = "still open";
    }
    return false;
  }
}

std::string Chunked(std::string_view body, size_t piece) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t at = 0; at < body.size(); at += piece) {
    const size_t n = std::min(piece, body.size() - at);
    std::string size;
    for (size_t v = n; v > 0; v /= 16) size.insert(size.begin(), kHex[v % 16]);
    out += size + "\r\n";
    out.append(body.substr(at, n));
    out += "\r\n";
  }
  return out + "0\r\n\r\n";
}

}  // namespace sb::testing
