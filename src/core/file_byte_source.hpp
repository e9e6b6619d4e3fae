// A ByteSource over a file on disk, such as an upload the HTTP server spooled
// there: read with pread(2), so one source may be read from several threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/multipart.hpp"
#include "core/result.hpp"

namespace sb {

class FileByteSource final : public ByteSource {
 public:
  // `path` opened read-only. Its size is taken now: the file must not change
  // while it is read (a read that comes up short is a kInternal). kInternal
  // naming the path and the system's reason when it cannot be opened or is
  // not a regular file.
  static Result<std::unique_ptr<FileByteSource>> Open(const std::string& path);

  FileByteSource(const FileByteSource&) = delete;
  FileByteSource& operator=(const FileByteSource&) = delete;
  ~FileByteSource() override;  // closes the file

  uint64_t size() const override { return size_; }
  // Nothing past the size taken at Open.
  Result<size_t> ReadAt(uint64_t offset, char* out, size_t n) const override;

 private:
  FileByteSource(int fd, std::string path, uint64_t size)
      : fd_(fd), path_(std::move(path)), size_(size) {}

  int fd_;
  std::string path_;  // for errors
  uint64_t size_;
};

}  // namespace sb
