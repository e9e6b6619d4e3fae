#include "core/multipart.hpp"

#include <strings.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <functional>
#include <utility>

namespace sb {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The value of parameter `name` in "type; a=1; name="x"" (quotes removed,
// backslash escapes honoured), or nullopt.
std::optional<std::string> Parameter(std::string_view header, std::string_view name) {
  size_t pos = header.find(';');
  while (pos != std::string_view::npos) {
    std::string_view rest = header.substr(pos + 1);
    size_t eq = rest.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    std::string_view key = Trim(rest.substr(0, eq));
    std::string_view value = rest.substr(eq + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    std::string parsed;
    size_t consumed = 0;
    if (!value.empty() && value.front() == '"') {
      size_t i = 1;
      for (; i < value.size() && value[i] != '"'; ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) ++i;
        parsed.push_back(value[i]);
      }
      consumed = i + 1;
    } else {
      size_t end = value.find(';');
      parsed = std::string(Trim(value.substr(0, end)));
      consumed = end == std::string_view::npos ? value.size() : end;
    }
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return parsed;
    }
    size_t offset = static_cast<size_t>(value.data() - header.data()) + consumed;
    pos = offset < header.size() ? header.find(';', offset) : std::string_view::npos;
  }
  return std::nullopt;
}

Error Malformed(std::string details) {
  return Error(ErrorCode::kBadRequest, "Malformed multipart body", std::move(details));
}

// A part's headers are read this much at a time: most fit in one read.
constexpr size_t kHeaderReadSize = 1024;

// Exactly n bytes at offset. The callers stay within size(), so a short read
// means the source changed while it was read.
Status ReadExactly(const ByteSource& source, uint64_t offset, char* out, size_t n) {
  SB_ASSIGN_OR_RETURN(size_t got, source.ReadAt(offset, out, n));
  if (got != n) {
    return Error::Internal("The body ended at byte " + std::to_string(offset + got) +
                           ", short of its size " + std::to_string(source.size()) + ".");
  }
  return OkStatus();
}

// The Content-Disposition name and filename and the Content-Type among
// `headers` (lines, each ending in CRLF) into `part`; false without a name.
bool ReadHeaders(std::string_view headers, MultipartRange& part) {
  bool named = false;
  while (!headers.empty()) {
    size_t eol = headers.find("\r\n");
    std::string_view line = headers.substr(0, eol);
    headers.remove_prefix(eol == std::string_view::npos ? headers.size() : eol + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string header_name = Lower(Trim(line.substr(0, colon)));
    std::string_view value = Trim(line.substr(colon + 1));
    if (header_name == "content-disposition") {
      if (auto n = Parameter(value, "name")) {
        part.name = *n;
        named = true;
      }
      part.filename = Parameter(value, "filename");
    } else if (header_name == "content-type") {
      part.content_type = std::string(value);
    }
  }
  return named;
}

// What follows a delimiter: the closing "--", or a part's header section.
struct AfterDelimiter {
  bool closing = false;
  std::string_view headers;  // the header lines, each ending in CRLF
  uint64_t data_start = 0;   // just after the blank line
};

// One scan of one body. Its two buffers are the whole of its memory: a block
// for finding delimiters and a window for a part's headers, both reused.
class Scanner {
 public:
  Scanner(const ByteSource& body, std::string_view boundary, size_t block_size)
      : body_(body),
        delimiter_("\r\n--" + std::string(boundary)),
        searcher_(delimiter_.begin(), delimiter_.end()),
        // A small body needs no block larger than itself.
        block_(std::max<uint64_t>(1, std::min<uint64_t>(block_size, body.size()))) {}
  Scanner(const Scanner&) = delete;  // searcher_ points into delimiter_
  Scanner& operator=(const Scanner&) = delete;

  Result<std::vector<MultipartRange>> Scan() {
    // The first delimiter opens the body, or ends a preamble with a CRLF.
    const std::string_view first = std::string_view(delimiter_).substr(2);
    uint64_t pos = 0;
    std::string head;
    if (body_.size() >= first.size()) {
      head.resize(first.size());
      SB_RETURN_IF_ERROR(ReadExactly(body_, 0, head.data(), head.size()));
    }
    if (head != first) {
      SB_ASSIGN_OR_RETURN(std::optional<uint64_t> found, Find(0));
      if (!found) return Malformed("The body does not hold the boundary.");
      pos = *found + 2;
    }
    pos += first.size();
    std::vector<MultipartRange> parts;
    while (true) {
      SB_ASSIGN_OR_RETURN(AfterDelimiter next, ReadAfterDelimiter(pos));
      if (next.closing) return parts;
      if (parts.size() == kMaxMultipartParts) {
        return Malformed("The body has more than " + std::to_string(kMaxMultipartParts) +
                         " parts.");
      }
      MultipartRange part;
      if (!ReadHeaders(next.headers, part)) {
        return Malformed("A part has no Content-Disposition name.");
      }
      SB_ASSIGN_OR_RETURN(std::optional<uint64_t> end, Find(next.data_start));
      if (!end) return Malformed("The closing boundary is missing.");
      part.offset = next.data_start;
      part.length = *end - next.data_start;
      parts.push_back(std::move(part));
      pos = *end + delimiter_.size();
    }
  }

 private:
  // The offset of the first "\r\n--boundary" at or after `from`. Blocks
  // overlap by the delimiter's length - 1, so one split between two blocks
  // is whole in the first of them.
  Result<std::optional<uint64_t>> Find(uint64_t from) {
    const uint64_t size = body_.size();
    block_buffer_.resize(static_cast<size_t>(block_) + delimiter_.size() - 1);
    for (uint64_t start = from; start < size && size - start >= delimiter_.size();
         start += block_) {
      const auto n = static_cast<size_t>(std::min<uint64_t>(block_buffer_.size(), size - start));
      SB_RETURN_IF_ERROR(ReadExactly(body_, start, block_buffer_.data(), n));
      const char* begin = block_buffer_.data();
      const char* found = std::search(begin, begin + n, searcher_);
      if (found != begin + n) return std::optional<uint64_t>(start + (found - begin));
      if (start + n == size) break;
    }
    return std::optional<uint64_t>();
  }

  // The closing "--" or the header section at `pos`, just after a
  // delimiter, read kHeaderReadSize at a time up to kMaxMultipartHeaderBytes.
  // Like a transport padding, the rest of the delimiter's line is skipped.
  Result<AfterDelimiter> ReadAfterDelimiter(uint64_t pos) {
    const uint64_t available = body_.size() - pos;
    window_.clear();
    size_t line_end = std::string::npos;
    size_t headers_end = std::string::npos;
    while (headers_end == std::string::npos) {
      const size_t old = window_.size();
      if (old == available) {
        return Malformed(line_end == std::string::npos ? "The closing boundary is missing."
                                                       : "A part has no end of headers.");
      }
      if (old == kMaxMultipartHeaderBytes) return Malformed("A part's headers exceed 16 KiB.");
      const auto n = static_cast<size_t>(
          std::min<uint64_t>({kHeaderReadSize, kMaxMultipartHeaderBytes - old, available - old}));
      window_.resize(old + n);
      SB_RETURN_IF_ERROR(ReadExactly(body_, pos + old, window_.data() + old, n));
      if (window_.starts_with("--"))
        return AfterDelimiter{.closing = true, .headers = {}, .data_start = 0};
      line_end = window_.find("\r\n");
      if (line_end != std::string::npos) headers_end = window_.find("\r\n\r\n", line_end);
    }
    return AfterDelimiter{
        .closing = false,
        .headers = std::string_view(window_).substr(line_end + 2, headers_end - line_end),
        .data_start = pos + headers_end + 4};
  }

  const ByteSource& body_;
  const std::string delimiter_;  // "\r\n--boundary"
  const std::boyer_moore_horspool_searcher<std::string::const_iterator> searcher_;
  const uint64_t block_;
  std::string block_buffer_;
  std::string window_;
};

}  // namespace

std::string MediaType(std::string_view content_type) {
  return Lower(Trim(content_type.substr(0, content_type.find(';'))));
}

std::optional<std::string> MultipartBoundary(std::string_view content_type) {
  auto b = Parameter(content_type, "boundary");
  if (!b || b->empty() || b->size() > 200) return std::nullopt;
  return b;
}

Result<size_t> StringByteSource::ReadAt(uint64_t offset, char* out, size_t n) const {
  if (offset >= bytes_.size()) return size_t{0};
  n = static_cast<size_t>(std::min<uint64_t>(n, bytes_.size() - offset));
  std::memcpy(out, bytes_.data() + offset, n);
  return n;
}

Result<std::string> ReadRange(const ByteSource& source, uint64_t offset, uint64_t length) {
  const uint64_t size = source.size();
  if (offset > size || length > size - offset) {
    return Error::Internal("The range of " + std::to_string(length) + " bytes at " +
                           std::to_string(offset) + " runs past the end of a " +
                           std::to_string(size) + "-byte body.");
  }
  std::string out(static_cast<size_t>(length), '\0');
  SB_RETURN_IF_ERROR(ReadExactly(source, offset, out.data(), out.size()));
  return out;
}

Result<std::vector<MultipartRange>> ScanMultipart(const ByteSource& body, std::string_view boundary,
                                                  size_t block_size) {
  Scanner scanner(body, boundary, block_size);
  return scanner.Scan();
}

Result<std::vector<MultipartPart>> ParseMultipart(std::string_view body,
                                                  std::string_view boundary) {
  const StringByteSource source(body);
  SB_ASSIGN_OR_RETURN(std::vector<MultipartRange> ranges, ScanMultipart(source, boundary));
  std::vector<MultipartPart> parts;
  parts.reserve(ranges.size());
  for (MultipartRange& r : ranges) {
    parts.push_back({std::move(r.name), std::move(r.filename), std::move(r.content_type),
                     body.substr(static_cast<size_t>(r.offset), static_cast<size_t>(r.length))});
  }
  return parts;
}

}  // namespace sb
