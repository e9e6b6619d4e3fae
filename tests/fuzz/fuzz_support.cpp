#include <cstdio>
#include <cstdlib>

#include "fuzz/fuzz_targets.hpp"

namespace sb::fuzz {
namespace {

[[noreturn]] void PrintAndAbort(const std::string& message) {
  std::fprintf(stderr, "%s\n", message.c_str());
  std::abort();
}

FailureHandler handler = &PrintAndAbort;

constexpr Target kTargets[] = {
    {"http_request", &HttpRequestOneInput},
    {"multipart", &MultipartOneInput},
    {"csv", &CsvOneInput},
    {"json", &JsonOneInput},
    {"query", &QueryOneInput},
};

}  // namespace

std::span<const Target> AllTargets() { return kTargets; }

FailureHandler SetFailureHandler(FailureHandler h) {
  FailureHandler old = handler;
  handler = h;
  return old;
}

void Fail(const char* file, int line, const char* condition, const std::string& detail) {
  handler(std::string(file) + ":" + std::to_string(line) + ": fuzz invariant broken: " + condition +
          (detail.empty() ? "" : "\n  " + detail));
  std::abort();  // a handler that returns is a bug of its own
}

std::string Printable(std::string_view bytes, size_t max) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (size_t i = 0; i < bytes.size() && i < max; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == '\\' || c == '"') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  out += bytes.size() > max ? "\"..." : "\"";
  return out;
}

InputRng::InputRng(std::string_view bytes, uint64_t salt) : state_(1469598103934665603ULL ^ salt) {
  for (char c : bytes) {
    state_ ^= static_cast<unsigned char>(c);
    state_ *= 1099511628211ULL;
  }
}

uint64_t InputRng::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace sb::fuzz
