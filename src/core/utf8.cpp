#include "core/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace sb {
namespace {

// The sequence at the start of [p, end), p < end.
struct Sequence {
  size_t length;  // the character's bytes; when ill-formed, its maximal subpart's (>= 1)
  bool valid;
};

Sequence NextSequence(const unsigned char* p, const unsigned char* end) {
  const unsigned char c = *p;
  if (c < 0x80) return {1, true};
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 2;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 3;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return {1, false};  // continuation byte, C0/C1 overlong lead, or F5..FF
  }
  for (size_t i = 1; i <= n; ++i) {
    if (p + i == end || p[i] < lo || p[i] > hi) return {i, false};
    lo = 0x80;
    hi = 0xBF;
  }
  return {n + 1, true};
}

// A well-formed sequence that is a C0, DEL or C1 control character.
bool IsControl(const unsigned char* p, size_t length) {
  if (length == 1) return *p < 0x20 || *p == 0x7F;
  return length == 2 && p[0] == 0xC2 && p[1] < 0xA0;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const unsigned char* const end = p + s.size();
  while (p < end) {
    // ASCII fast path, eight bytes at a time.
    while (end - p >= 8) {
      uint64_t word = 0;
      std::memcpy(&word, p, sizeof word);
      if ((word & 0x8080808080808080ULL) != 0) break;
      p += 8;
    }
    if (p == end) break;
    if (*p < 0x80) {
      ++p;
      continue;
    }
    const Sequence seq = NextSequence(p, end);
    if (!seq.valid) return false;
    p += seq.length;
  }
  return true;
}

bool IsUtf8Text(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const unsigned char* const end = p + s.size();
  while (p < end) {
    const Sequence seq = NextSequence(p, end);
    if (!seq.valid || IsControl(p, seq.length)) return false;
    p += seq.length;
  }
  return true;
}

std::string ToUtf8Text(std::string_view s) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  const auto* begin = reinterpret_cast<const unsigned char*>(s.data());
  const unsigned char* const end = begin + s.size();
  std::string out;
  out.reserve(s.size());
  for (const unsigned char* p = begin; p < end;) {
    const Sequence seq = NextSequence(p, end);
    if (seq.valid && !IsControl(p, seq.length)) {
      out.append(s.substr(static_cast<size_t>(p - begin), seq.length));
    } else {
      out.append(kReplacement);
    }
    p += seq.length;
  }
  return out;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string_view CutUtf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t cut = max_bytes;
  // Back off the continuation bytes (10xxxxxx) of the character the limit splits.
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut);
}

}  // namespace sb
