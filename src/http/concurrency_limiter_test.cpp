#include "http/concurrency_limiter.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace sb::http {
namespace {

TEST(ConcurrencyLimiter, CapsTheServerAndEachKey) {
  ConcurrencyLimiter limiter(/*max_total=*/3, /*max_per_key=*/2);
  std::vector<std::unique_ptr<ConcurrencyLimiter::Permit>> held;
  held.push_back(limiter.TryAcquire(1));
  held.push_back(limiter.TryAcquire(1));
  ASSERT_NE(held[0], nullptr);
  ASSERT_NE(held[1], nullptr);
  EXPECT_EQ(limiter.TryAcquire(1), nullptr);  // key 1 at its cap
  held.push_back(limiter.TryAcquire(2));
  ASSERT_NE(held[2], nullptr);
  EXPECT_EQ(limiter.TryAcquire(3), nullptr);  // the server at its cap
  EXPECT_EQ(limiter.in_use(), 3u);
  held.erase(held.begin());  // one of key 1's ends
  EXPECT_EQ(limiter.in_use(), 2u);
  auto again = limiter.TryAcquire(1);
  EXPECT_NE(again, nullptr);
  EXPECT_EQ(limiter.TryAcquire(1), nullptr);
}

TEST(ConcurrencyLimiter, RefusalsHoldNothing) {
  ConcurrencyLimiter limiter(1, 0);
  for (int64_t key = 0; key < 1000; ++key) EXPECT_EQ(limiter.TryAcquire(key), nullptr);
  EXPECT_EQ(limiter.in_use(), 0u);
}

}  // namespace
}  // namespace sb::http
