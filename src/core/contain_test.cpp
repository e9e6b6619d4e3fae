#include "core/contain.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <new>
#include <stdexcept>
#include <string>

namespace sb {
namespace {

TEST(Contain, RunsTheWorkAndCountsOnlyWhatEscapesIt) {
  struct Case {
    const char* name;
    std::function<void()> work;
    bool returned;  // what Contain answers
  };
  const Case cases[] = {
      {"returns", [] {}, true},
      {"throws a std::exception", [] { throw std::runtime_error("broken"); }, false},
      {"throws std::bad_alloc", [] { throw std::bad_alloc(); }, false},
      {"throws something else", [] { throw 42; }, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const int64_t site_before = ContainedExceptions(ContainSite::kWebhook);
    const int64_t other_before = ContainedExceptions(ContainSite::kLeaseSweep);
    const int64_t total_before = ContainedExceptions();
    int described = 0;
    const bool returned = Contain(
        ContainSite::kWebhook,
        [&] {
          ++described;
          return std::string("test work");
        },
        c.work);
    EXPECT_EQ(returned, c.returned);
    const int64_t counted = c.returned ? 0 : 1;
    EXPECT_EQ(ContainedExceptions(ContainSite::kWebhook), site_before + counted);
    EXPECT_EQ(ContainedExceptions(ContainSite::kLeaseSweep), other_before);
    EXPECT_EQ(ContainedExceptions(), total_before + counted);
    // The description is built only for the log of a contained exception.
    EXPECT_EQ(described, counted);
  }
}

TEST(Contain, NamesTheWorkWithAStringOrAFailingDescription) {
  const int64_t before = ContainedExceptions(ContainSite::kConnection);
  EXPECT_FALSE(Contain(ContainSite::kConnection, "plain text", [] { throw 1; }));
  // A description that throws itself is replaced, never propagated.
  EXPECT_FALSE(Contain(
      ContainSite::kConnection, []() -> std::string { throw std::runtime_error("no name"); },
      [] { throw 2; }));
  EXPECT_EQ(ContainedExceptions(ContainSite::kConnection), before + 2);
}

TEST(Contain, SiteNamesAreStable) {
  EXPECT_EQ(ContainSiteName(ContainSite::kIoThread), "io_thread");
  EXPECT_EQ(ContainSiteName(ContainSite::kConnection), "connection");
  EXPECT_EQ(ContainSiteName(ContainSite::kWebhook), "webhook");
  EXPECT_EQ(ContainSiteName(ContainSite::kLeaseSweep), "lease_sweep");
}

}  // namespace
}  // namespace sb
