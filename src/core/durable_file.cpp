#include "core/durable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sb {
namespace {

Error Failed(const std::string& what, const std::string& path) {
  return Error::Internal(what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

Status WriteFileDurably(const std::string& path, std::string_view data) {
  const std::string temp = path + ".partial";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Failed("cannot create", temp);
  size_t written = 0;
  while (written < data.size()) {
    ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Error e = Failed("cannot write", temp);
      ::close(fd);
      ::unlink(temp.c_str());
      return e;
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    Error e = Failed("cannot flush", temp);
    ::close(fd);
    ::unlink(temp.c_str());
    return e;
  }
  ::close(fd);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    Error e = Failed("cannot rename", temp);
    ::unlink(temp.c_str());
    return e;
  }
  return OkStatus();
}

}  // namespace sb
