// A request body written to a file as it arrived instead of kept in memory
// (the HTTP server does this for routes that take large uploads).
//
// SpoolWriter creates the file in a directory, takes the body piece by piece
// and hashes it on the way; Finish() hands over a SpooledBody, which owns the
// file: it is deleted when the last reference goes, unless a handler moved it
// elsewhere first (see core/durable_file.hpp). Neither class is thread-safe;
// a finished SpooledBody is immutable and may be shared.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace sb {

class SpooledBody {
 public:
  SpooledBody(std::string path, uint64_t size, std::string sha256_hex)
      : path_(std::move(path)), size_(size), sha256_(std::move(sha256_hex)) {}
  ~SpooledBody();
  SpooledBody(const SpooledBody&) = delete;
  SpooledBody& operator=(const SpooledBody&) = delete;

  const std::string& path() const { return path_; }
  uint64_t size() const { return size_; }
  // SHA-256 of the bytes, lower-case hex.
  const std::string& sha256() const { return sha256_; }

 private:
  std::string path_;
  uint64_t size_;
  std::string sha256_;
};

class SpoolWriter {
 public:
  // Creates "upload-XXXXXX" in `dir` (which must exist); kInternal naming the
  // directory and the system's reason when it cannot.
  static Result<std::unique_ptr<SpoolWriter>> Create(const std::string& dir);
  ~SpoolWriter();  // deletes the file unless finished
  SpoolWriter(const SpoolWriter&) = delete;
  SpoolWriter& operator=(const SpoolWriter&) = delete;

  // kInternal when the bytes cannot be written (disk full, say).
  Status Append(std::string_view bytes);
  uint64_t size() const { return size_; }
  // Closes the file; the writer must not be used afterwards.
  Result<std::shared_ptr<const SpooledBody>> Finish();

 private:
  struct Digest;
  SpoolWriter(std::string path, int fd);

  std::string path_;
  int fd_;
  uint64_t size_ = 0;
  std::unique_ptr<Digest> digest_;
};

// Deletes files a crashed process left in `dir` (names "upload-*" older than
// `max_age_seconds`); the number deleted. Best effort: errors are ignored.
int RemoveStaleUploads(const std::string& dir, int64_t max_age_seconds);

}  // namespace sb
