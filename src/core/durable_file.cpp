#include "core/durable_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace sb {
namespace {

// The fallback copy's buffer, when the kernel cannot copy between the files.
constexpr size_t kCopyBufferSize = size_t{64} << 10;
// One copy_file_range call at most: it copies less than asked anyway.
constexpr uint64_t kCopyChunk = uint64_t{1} << 30;

// Reads errno: call it right after the failed call, before any other.
Error Failed(const std::string& what, const std::string& path) {
  return Error::Internal(what + " " + path + ": " + std::strerror(errno));
}

// A descriptor closed on every way out of a function.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Closes now: false, with errno, when close reports a failure (a write
  // error the kernel had deferred).
  bool Close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }

 private:
  int fd_;
};

// All n bytes, through short writes and interruptions; false, with errno.
bool WriteAll(int fd, const char* data, size_t n) {
  size_t written = 0;
  while (written < n) {
    const ssize_t w = ::write(fd, data + written, n - written);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    written += static_cast<size_t>(w);
  }
  return true;
}

Status FlushAndClose(Fd& fd, const std::string& path) {
  if (::fsync(fd.get()) != 0) return Failed("cannot flush", path);
  if (!fd.Close()) return Failed("cannot close", path);
  return OkStatus();
}

Status Rename(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return Failed("cannot rename " + from + " to", to);
  return OkStatus();
}

// A rename is on disk only once the directory that holds the new name is.
Status FlushDirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "."
                          : slash == 0               ? "/"
                                                     : path.substr(0, slash);
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return Failed("cannot open directory", dir);
  if (::fsync(fd.get()) != 0) return Failed("cannot flush directory", dir);
  return OkStatus();
}

// `to` written through its temporary: `fill(fd, temp)` writes the content
// into the open temporary; whatever fails, nothing is left behind.
template <typename Fill>
Status WriteThroughTemporary(const std::string& to, const Fill& fill) {
  const std::string temp = to + ".partial";
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (fd.get() < 0) return Failed("cannot create", temp);
  Status status = fill(fd.get(), temp);
  if (status.ok()) status = FlushAndClose(fd, temp);
  if (status.ok()) status = Rename(temp, to);
  if (!status.ok()) {
    ::unlink(temp.c_str());
    return status;
  }
  status = FlushDirectoryOf(to);
  // Its rename may not survive a crash: the caller is told the file is not there.
  if (!status.ok()) ::unlink(to.c_str());
  return status;
}

Error EndedEarly(const std::string& path, uint64_t at) {
  return Error::Internal("cannot copy " + path + ": it ended at byte " + std::to_string(at));
}

// `length` bytes of `in` at `offset` appended to `out`.
Status CopyRange(int in, const std::string& from, uint64_t offset, uint64_t length, int out,
                 const std::string& temp) {
  auto at = static_cast<off64_t>(offset);
  uint64_t left = length;
  while (left > 0) {
    const ssize_t n = ::copy_file_range(in, &at, out, nullptr,
                                        static_cast<size_t>(std::min(left, kCopyChunk)), 0);
    if (n < 0 && errno == EINTR) continue;
    // Not between these files (other file systems, an old kernel): copied
    // through memory below. So is a 0, which some file systems return for
    // data they have: the read below tells the true end.
    if (n == 0 ||
        (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP))) {
      break;
    }
    if (n < 0) return Failed("cannot copy " + from + " to", temp);
    left -= static_cast<uint64_t>(n);
  }
  if (left == 0) return OkStatus();
  std::vector<char> buffer(kCopyBufferSize);
  while (left > 0) {
    const ssize_t n =
        ::pread(in, buffer.data(), std::min<uint64_t>(left, buffer.size()), static_cast<off_t>(at));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Failed("cannot read", from);
    if (n == 0) return EndedEarly(from, static_cast<uint64_t>(at));
    if (!WriteAll(out, buffer.data(), static_cast<size_t>(n))) return Failed("cannot write", temp);
    at += n;
    left -= static_cast<uint64_t>(n);
  }
  return OkStatus();
}

}  // namespace

Status WriteFileDurably(const std::string& path, std::string_view data) {
  return WriteThroughTemporary(path, [&](int fd, const std::string& temp) -> Status {
    if (!WriteAll(fd, data.data(), data.size())) return Failed("cannot write", temp);
    return OkStatus();
  });
}

Status CopyFileRangeDurably(const std::string& from, uint64_t offset, uint64_t length,
                            const std::string& to) {
  Fd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) return Failed("cannot open", from);
  struct stat st {};
  if (::fstat(in.get(), &st) != 0) return Failed("cannot stat", from);
  if (!S_ISREG(st.st_mode)) {
    return Error::Internal("cannot copy " + from + ": " + std::strerror(EINVAL) +
                           " (not a regular file)");
  }
  const auto size = static_cast<uint64_t>(st.st_size);
  if (offset > size || length > size - offset) {
    return Error::Internal("cannot copy " + std::to_string(length) + " bytes at " +
                           std::to_string(offset) + " of " + from + ": it holds " +
                           std::to_string(size) + " bytes");
  }
  return WriteThroughTemporary(to, [&](int out, const std::string& temp) {
    return CopyRange(in.get(), from, offset, length, out, temp);
  });
}

Status MoveFileDurably(const std::string& from, const std::string& to) {
  Fd fd(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return Failed("cannot open", from);
  SB_RETURN_IF_ERROR(FlushAndClose(fd, from));
  SB_RETURN_IF_ERROR(Rename(from, to));
  return FlushDirectoryOf(to);
}

}  // namespace sb
