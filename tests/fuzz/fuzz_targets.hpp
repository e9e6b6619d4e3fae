// The fuzz targets: each checks the invariants of one family of parsers on one
// input. libFuzzer drives them through the thin LLVMFuzzerTestOneInput
// wrappers in tests/fuzz/*_fuzzer.cpp (built with SWITCHBOARD_FUZZ=ON, clang
// only); the ordinary test binary replays every seed corpus file through
// them (fuzz_replay_test.cpp). docs/FUZZING.md lists each target's invariants.
//
// A broken invariant calls Fail(): by default it prints the failure and
// aborts, which libFuzzer reports as a crash with the input; the replay tests
// install a handler that throws instead, so one bad file fails one test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace sb::fuzz {

using TargetFunction = void (*)(const uint8_t* data, size_t size);

struct Target {
  std::string_view name;  // also the corpus directory: tests/fuzz/<name>/
  TargetFunction run;
};

// Request parser (http/request_parser.hpp): any split of the bytes gives the
// same events, heads and bodies; pipelining a request behind itself repeats
// its events.
void HttpRequestOneInput(const uint8_t* data, size_t size);
// multipart/form-data (core/multipart.hpp): ParseMultipart and ScanMultipart
// over any block size agree; parts lie within the body, in order.
void MultipartOneInput(const uint8_t* data, size_t size);
// CSV (core/csv_reader.hpp, core/csv_writer.hpp): the records do not depend on
// the chunk size; cells written by CsvWriter read back the same.
void CsvOneInput(const uint8_t* data, size_t size);
// JSON (core/json_parse.hpp, api/body_reader.hpp, api/time_range.hpp):
// ParseJson bounds the depth; ParseJsonObject agrees with it; the typed
// getters and the time range parser hold their contracts.
void JsonOneInput(const uint8_t* data, size_t size);
// Query strings (http/query_string.hpp, api/query_reader.hpp) and the list
// filters built from them (contacts, phone numbers), down to their SQL.
void QueryOneInput(const uint8_t* data, size_t size);

// Every target, in the order above.
std::span<const Target> AllTargets();

// Called with a description of a broken invariant; must not return.
using FailureHandler = void (*)(const std::string& message);
// Replaces the handler (the default prints to stderr and aborts); returns the old one.
FailureHandler SetFailureHandler(FailureHandler handler);
[[noreturn]] void Fail(const char* file, int line, const char* condition,
                       const std::string& detail);

// A short printable form of bytes, for failure messages.
std::string Printable(std::string_view bytes, size_t max = 200);

// Numbers derived from the input alone (splitmix64 seeded with its FNV-1a
// hash), for the choices a target makes (piece sizes, limits): the same input
// always makes the same choices, so a finding replays.
class InputRng {
 public:
  explicit InputRng(std::string_view bytes, uint64_t salt = 0);
  uint64_t Next();
  // A number in [0, n); 0 when n is 0.
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(Next() % n); }

 private:
  uint64_t state_;
};

}  // namespace sb::fuzz

// Checks an invariant; `detail` (a std::string expression) is evaluated only
// when it fails.
#define SB_FUZZ_CHECK(condition, detail)                          \
  do {                                                            \
    if (!(condition)) {                                           \
      ::sb::fuzz::Fail(__FILE__, __LINE__, #condition, (detail)); \
    }                                                             \
  } while (false)
