// The libFuzzer entry point, built once per fuzz target with SB_FUZZ_TARGET
// naming the target's function (tests/fuzz/CMakeLists.txt). Not part of the
// test binary, which replays the corpora through the same functions.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SB_FUZZ_TARGET(data, size);
  return 0;
}
