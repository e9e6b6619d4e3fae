#include "core/ids.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace sb {
namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string FormatUuid(const std::array<uint8_t, 16>& b) {
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0xF]);
  }
  return out;
}

void FillRandom(uint8_t* out, size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) {
    // Without a working CSPRNG we cannot mint tokens safely; that is not recoverable.
    std::fputs("fatal: OpenSSL RAND_bytes failed\n", stderr);
    std::abort();
  }
}

}  // namespace

std::string UuidV7Generator::NewUuid() {
  std::array<uint8_t, 16> b{};
  FillRandom(b.data(), b.size());
  uint64_t ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  uint64_t seq;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (ms <= last_ms_) {
      ms = last_ms_;
      ++counter_;
      if (counter_ > 0xFFF) {  // 12-bit counter exhausted: borrow the next millisecond
        ++ms;
        counter_ = 0;
      }
    } else {
      counter_ = 0;
    }
    last_ms_ = ms;
    seq = counter_;
  }
  for (int i = 0; i < 6; ++i) b[i] = static_cast<uint8_t>(ms >> (40 - 8 * i));
  b[6] = static_cast<uint8_t>(0x70 | ((seq >> 8) & 0x0F));
  b[7] = static_cast<uint8_t>(seq & 0xFF);
  b[8] = static_cast<uint8_t>(0x80 | (b[8] & 0x3F));
  return FormatUuid(b);
}

std::string SequentialIdGenerator::NewUuid() {
  uint64_t n;
  {
    std::lock_guard<std::mutex> lock(mu_);
    n = next_++;
  }
  std::array<uint8_t, 16> b{};
  b[6] = 0x70;
  b[8] = 0x80;
  for (int i = 0; i < 6; ++i) b[10 + i] = static_cast<uint8_t>(n >> (40 - 8 * i));
  return FormatUuid(b);
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

std::string CanonicalUuid(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  FillRandom(reinterpret_cast<uint8_t*>(raw.data()), bytes);
  return HexLower(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

std::string HexLower(const unsigned char* bytes, size_t n) {
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0xF]);
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  return HexLower(digest, len);
}

}  // namespace sb
