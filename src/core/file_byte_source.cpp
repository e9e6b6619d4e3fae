#include "core/file_byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace sb {

Result<std::unique_ptr<FileByteSource>> FileByteSource::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error::Internal("cannot open " + path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    Error e = Error::Internal("cannot stat " + path + ": " + std::strerror(errno));
    ::close(fd);
    return e;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error::Internal("cannot read " + path + ": " + std::strerror(EINVAL) +
                           " (not a regular file)");
  }
  // Not make_unique: the constructor is private.
  return std::unique_ptr<FileByteSource>(
      new FileByteSource(fd, path, static_cast<uint64_t>(st.st_size)));
}

FileByteSource::~FileByteSource() { ::close(fd_); }

Result<size_t> FileByteSource::ReadAt(uint64_t offset, char* out, size_t n) const {
  if (offset >= size_) return size_t{0};
  n = static_cast<size_t>(std::min<uint64_t>(n, size_ - offset));
  size_t done = 0;
  // pread may return less than asked before the end; only 0 is the end.
  while (done < n) {
    const ssize_t got = ::pread(fd_, out + done, n - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Error::Internal("cannot read " + path_ + ": " + std::strerror(errno));
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  return done;
}

}  // namespace sb
