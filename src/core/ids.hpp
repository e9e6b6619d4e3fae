// Identifier generation, injected so tests get predictable ids.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace sb {

class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  // A new UUID in canonical lowercase 8-4-4-4-12 form. Thread-safe.
  virtual std::string NewUuid() = 0;
};

// Time-ordered UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits, so
// ids created later sort later and index inserts stay local. Monotonic within a
// process even when several ids share a millisecond.
class UuidV7Generator final : public IdGenerator {
 public:
  std::string NewUuid() override;

 private:
  std::mutex mu_;
  uint64_t last_ms_ = 0;
  uint64_t counter_ = 0;
};

// Deterministic ids 00000000-0000-7000-8000-<12 hex counter>; for tests.
class SequentialIdGenerator final : public IdGenerator {
 public:
  std::string NewUuid() override;

 private:
  std::mutex mu_;
  uint64_t next_ = 1;
};

// True when `s` is a UUID in 8-4-4-4-12 hex form (either case).
bool IsUuid(std::string_view s);

// The canonical (lowercase) spelling of a UUID; ids are stored lowercase, and
// clients may send either case.
std::string CanonicalUuid(std::string_view s);

// Cryptographically random bytes rendered as lowercase hex (2 chars per byte).
std::string RandomHex(size_t bytes);

// `n` bytes as lowercase hex (2 chars per byte).
std::string HexLower(const unsigned char* bytes, size_t n);

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace sb
