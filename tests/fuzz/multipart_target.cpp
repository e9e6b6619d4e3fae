// Fuzz target: multipart/form-data bodies (core/multipart.hpp).
//
// The input's first line is the request's Content-Type value, the rest the
// body (seed files are written so). Invariants: the boundary parser returns a
// non-empty boundary of at most 200 bytes; ParseMultipart and ScanMultipart
// over the same bytes with any block size (1 byte, a few bytes, the default
// 1 MiB) give the same parts or the same error; the parts lie within the
// body, in order, each followed by a delimiter and holding none; ReadRange
// reads each part's bytes back.
#include <string>
#include <vector>

#include "core/multipart.hpp"
#include "fuzz/fuzz_targets.hpp"

namespace sb::fuzz {
namespace {

std::string Describe(const Result<std::vector<MultipartRange>>& r) {
  if (!r.ok()) return "error " + std::string(r.error().code_name()) + " " + r.error().details();
  std::string out = std::to_string(r->size()) + " parts";
  for (const MultipartRange& p : *r) {
    out += "\n    " + Printable(p.name) + " " + (p.filename ? Printable(*p.filename) : "-") + " " +
           Printable(p.content_type) + " @" + std::to_string(p.offset) + "+" +
           std::to_string(p.length);
  }
  return out;
}

bool Same(const MultipartRange& a, const MultipartRange& b) {
  return a.name == b.name && a.filename == b.filename && a.content_type == b.content_type &&
         a.offset == b.offset && a.length == b.length;
}

bool Same(const Result<std::vector<MultipartRange>>& a,
          const Result<std::vector<MultipartRange>>& b) {
  if (a.ok() != b.ok()) return false;
  if (!a.ok()) {
    return a.error().code() == b.error().code() && a.error().details() == b.error().details();
  }
  if (a->size() != b->size()) return false;
  for (size_t i = 0; i < a->size(); ++i) {
    if (!Same((*a)[i], (*b)[i])) return false;
  }
  return true;
}

}  // namespace

void MultipartOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t eol = input.find('\n');
  const std::string_view content_type = input.substr(0, eol);
  const std::string_view body = eol == std::string_view::npos ? "" : input.substr(eol + 1);

  (void)MediaType(content_type);
  const std::optional<std::string> boundary = MultipartBoundary(content_type);
  if (!boundary) return;
  SB_FUZZ_CHECK(!boundary->empty() && boundary->size() <= 200, Printable(*boundary));

  const StringByteSource source(body);
  InputRng rng(input);
  const Result<std::vector<MultipartRange>> scanned = ScanMultipart(source, *boundary);
  for (size_t block : {size_t{1}, 2 + rng.Below(64)}) {
    const Result<std::vector<MultipartRange>> other = ScanMultipart(source, *boundary, block);
    SB_FUZZ_CHECK(Same(scanned, other), "default block: " + Describe(scanned) + "\n  block " +
                                            std::to_string(block) + ": " + Describe(other));
  }

  const Result<std::vector<MultipartPart>> parsed = ParseMultipart(body, *boundary);
  SB_FUZZ_CHECK(parsed.ok() == scanned.ok(), Describe(scanned));
  if (!scanned.ok()) {
    const ErrorCode code = scanned.error().code();
    SB_FUZZ_CHECK(code == ErrorCode::kBadRequest, Describe(scanned));
    SB_FUZZ_CHECK(parsed.error().details() == scanned.error().details(), Describe(scanned));
    return;
  }
  SB_FUZZ_CHECK(scanned->size() <= kMaxMultipartParts, Describe(scanned));
  SB_FUZZ_CHECK(parsed->size() == scanned->size(), Describe(scanned));
  const std::string delimiter = "\r\n--" + *boundary;
  uint64_t previous_end = 0;
  for (size_t i = 0; i < scanned->size(); ++i) {
    const MultipartRange& r = (*scanned)[i];
    const MultipartPart& p = (*parsed)[i];
    const std::string where = "part " + std::to_string(i) + " of " + Describe(scanned);
    SB_FUZZ_CHECK(
        r.offset >= previous_end && r.offset <= body.size() && r.length <= body.size() - r.offset,
        where);
    previous_end = r.offset + r.length;
    SB_FUZZ_CHECK(body.substr(previous_end, delimiter.size()) == delimiter,
                  "no delimiter after " + where);
    const std::string_view bytes = body.substr(r.offset, r.length);
    SB_FUZZ_CHECK(bytes.find(delimiter) == std::string_view::npos, "a delimiter inside " + where);
    SB_FUZZ_CHECK(p.name == r.name && p.filename == r.filename &&
                      p.content_type == r.content_type && p.data == bytes &&
                      p.data.data() == body.data() + r.offset,
                  "ParseMultipart differs on " + where);
    const Result<std::string> read = ReadRange(source, r.offset, r.length);
    SB_FUZZ_CHECK(read.ok() && *read == bytes, "ReadRange differs on " + where);
  }
  // A range past the end is refused, not read.
  SB_FUZZ_CHECK(!ReadRange(source, body.size(), 1).ok(), "ReadRange read past the end");
}

}  // namespace sb::fuzz
