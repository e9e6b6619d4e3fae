// Replays every file of every seed corpus (tests/fuzz/<target>/) through its
// fuzz target, so the ordinary test run checks the targets' invariants on
// them without clang or libFuzzer. A file that breaks an invariant fails its
// target's test, naming the file and the invariant.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "fuzz/fuzz_targets.hpp"

namespace sb::fuzz {
namespace {

struct InvariantBroken : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void Throw(const std::string& message) { throw InvariantBroken(message); }

std::vector<std::filesystem::path> CorpusFiles(std::string_view target) {
  const std::filesystem::path dir = std::filesystem::path(SWITCHBOARD_FUZZ_CORPUS) / target;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

// How GoogleTest names a target in test listings.
void PrintTo(const Target& target, std::ostream* os) { *os << target.name; }

namespace {

class FuzzCorpus : public testing::TestWithParam<Target> {
 protected:
  void SetUp() override { previous_ = SetFailureHandler(&Throw); }
  void TearDown() override { SetFailureHandler(previous_); }

 private:
  FailureHandler previous_ = nullptr;
};

TEST_P(FuzzCorpus, EveryFileKeepsTheInvariants) {
  const Target& target = GetParam();
  const std::vector<std::filesystem::path> files = CorpusFiles(target.name);
  EXPECT_GE(files.size(), 5u) << "the " << target.name << " corpus is nearly empty";
  for (const auto& path : files) {
    const std::string bytes = ReadFile(path);
    try {
      target.run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    } catch (const InvariantBroken& e) {
      ADD_FAILURE() << path.filename().string() << ": " << e.what();
    }
  }
}

TEST(FuzzSupport, ABrokenInvariantFailsTheReplayInsteadOfAborting) {
  const FailureHandler previous = SetFailureHandler(&Throw);
  EXPECT_THROW(SB_FUZZ_CHECK(1 + 1 == 3, "arithmetic"), InvariantBroken);
  SetFailureHandler(previous);
}

// An empty input is every target's first.
TEST_P(FuzzCorpus, TheEmptyInputKeepsTheInvariants) { EXPECT_NO_THROW(GetParam().run(nullptr, 0)); }

INSTANTIATE_TEST_SUITE_P(Targets, FuzzCorpus,
                         testing::ValuesIn(AllTargets().begin(), AllTargets().end()),
                         [](const testing::TestParamInfo<Target>& param_info) {
                           return std::string(param_info.param.name);
                         });

}  // namespace
}  // namespace sb::fuzz
