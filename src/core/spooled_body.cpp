#include "core/spooled_body.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "core/ids.hpp"

namespace sb {

struct SpoolWriter::Digest {
  Digest() : ctx(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr); }
  ~Digest() { EVP_MD_CTX_free(ctx); }
  Digest(const Digest&) = delete;
  Digest& operator=(const Digest&) = delete;
  EVP_MD_CTX* ctx;
};

SpooledBody::~SpooledBody() {
  // Already gone when a handler moved the file into place.
  ::unlink(path_.c_str());
}

SpoolWriter::SpoolWriter(std::string path, int fd)
    : path_(std::move(path)), fd_(fd), digest_(std::make_unique<Digest>()) {}

SpoolWriter::~SpoolWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
}

Result<std::unique_ptr<SpoolWriter>> SpoolWriter::Create(const std::string& dir) {
  std::string templ = dir + "/upload-XXXXXX";
  std::vector<char> name(templ.begin(), templ.end());
  name.push_back('\0');
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) {
    return Error::Internal("cannot create an upload file in " + dir + ": " + std::strerror(errno));
  }
  return std::unique_ptr<SpoolWriter>(new SpoolWriter(std::string(name.data()), fd));
}

Status SpoolWriter::Append(std::string_view bytes) {
  if (fd_ < 0) return Error::Internal("upload file already closed: " + path_);
  EVP_DigestUpdate(digest_->ctx, bytes.data(), bytes.size());
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd_, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Error::Internal("cannot write " + path_ + ": " + std::strerror(errno));
    written += static_cast<size_t>(n);
  }
  size_ += bytes.size();
  return OkStatus();
}

Result<std::shared_ptr<const SpooledBody>> SpoolWriter::Finish() {
  if (fd_ < 0) return Error::Internal("upload file already closed: " + path_);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(digest_->ctx, digest, &len);
  std::string hex = HexLower(digest, len);
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    Error e = Error::Internal("cannot close " + path_ + ": " + std::strerror(errno));
    ::unlink(path_.c_str());
    return e;
  }
  return std::shared_ptr<const SpooledBody>(std::make_shared<SpooledBody>(path_, size_, hex));
}

int RemoveStaleUploads(const std::string& dir, int64_t max_age_seconds) {
  namespace fs = std::filesystem;
  std::error_code ec;
  int removed = 0;
  const auto cutoff = fs::file_time_type::clock::now() - std::chrono::seconds(max_age_seconds);
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    if (!p.filename().string().starts_with("upload-")) continue;
    std::error_code time_ec;
    auto mtime = fs::last_write_time(p, time_ec);
    if (time_ec || mtime > cutoff) continue;
    if (fs::remove(p, time_ec)) ++removed;
  }
  return removed;
}

}  // namespace sb
