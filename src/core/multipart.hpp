// multipart/form-data request bodies (RFC 7578). One scanner locates the
// parts of a body reached through a ByteSource (a string in memory, an upload
// spooled to a file) with memory bounded by a small constant, not by the
// body's size; ParseMultipart is its in-memory form, whose parts are views
// into the body, so a large uploaded file is not copied.
// Pure functions; thread-safe as long as the sources are.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace sb {

// Random access to a body's bytes (a string, a file). The bytes must not
// change while they are read.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual uint64_t size() const = 0;
  // Up to n bytes at offset into out (fewer only at the end); kInternal on a read failure.
  virtual Result<size_t> ReadAt(uint64_t offset, char* out, size_t n) const = 0;
};

// The bytes of a string; they must outlive the source.
class StringByteSource final : public ByteSource {
 public:
  explicit StringByteSource(std::string_view bytes) : bytes_(bytes) {}
  uint64_t size() const override { return bytes_.size(); }
  Result<size_t> ReadAt(uint64_t offset, char* out, size_t n) const override;

 private:
  std::string_view bytes_;
};

// `length` bytes of `source` at `offset`, in memory: meant for a small part
// such as a form field. kInternal when the range runs past the end.
Result<std::string> ReadRange(const ByteSource& source, uint64_t offset, uint64_t length);

struct MultipartPart {
  std::string name;                     // Content-Disposition name
  std::optional<std::string> filename;  // Content-Disposition filename, when a file
  std::string content_type;             // the part's Content-Type, may be empty
  std::string_view data;                // into the parsed body
};

// One part, located in its body.
struct MultipartRange {
  std::string name;                     // Content-Disposition name
  std::optional<std::string> filename;  // Content-Disposition filename, when a file
  std::string content_type;             // the part's Content-Type, may be empty
  uint64_t offset = 0;                  // where the part's data starts in the body
  uint64_t length = 0;                  // its length
};

// The media type of a Content-Type value, lower case, without parameters:
// "multipart/form-data" for "Multipart/Form-Data; boundary=x".
std::string MediaType(std::string_view content_type);

// The `boundary` parameter of a Content-Type value (quotes removed), or
// nullopt when it has none.
std::optional<std::string> MultipartBoundary(std::string_view content_type);

// How much of a body ScanMultipart reads at a time while looking for the
// delimiter that ends a part's data.
inline constexpr size_t kMultipartScanBlockSize = size_t{1} << 20;
// The most a part's header section may take, from the end of its delimiter
// to the blank line that ends it, both included.
inline constexpr size_t kMaxMultipartHeaderBytes = size_t{16} << 10;

// The most parts a body may have. Each part costs its name, filename and
// content type in memory (up to kMaxMultipartHeaderBytes), so without a cap a
// large body of tiny parts would grow memory with its size; a form has a few
// fields and a file, so 1 000 leaves room for any real one (repeated
// tag_uuids fields included) and bounds the parts at about 16 MiB.
inline constexpr size_t kMaxMultipartParts = 1000;

// The parts of `body`, in order. A preamble before the first delimiter and an
// epilogue after the closing one are ignored; a delimiter is "--boundary" at
// the start of the body or "\r\n--boundary" anywhere else. A 400
// (kBadRequest, "Malformed multipart body") when the body does not hold the
// boundary, a part has no end of headers, headers over
// kMaxMultipartHeaderBytes or no name, the closing delimiter is missing, or
// there are more than kMaxMultipartParts parts; the source's error when a
// read fails.
// Memory: a buffer of block_size (at least 1) plus the delimiter's length,
// one of kMaxMultipartHeaderBytes, and the returned parts (at most
// kMaxMultipartParts).
Result<std::vector<MultipartRange>> ScanMultipart(const ByteSource& body, std::string_view boundary,
                                                  size_t block_size = kMultipartScanBlockSize);

// ScanMultipart over a body in memory, each part's data a view into `body`.
Result<std::vector<MultipartPart>> ParseMultipart(std::string_view body, std::string_view boundary);

}  // namespace sb
