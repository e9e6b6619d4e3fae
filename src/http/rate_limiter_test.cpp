// RateLimiter: a token bucket per key, read as a timeline of requests.
#include "http/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace sb::http {
namespace {

using std::chrono::milliseconds;

class RateLimiterTest : public ::testing::Test {
 protected:
  RateLimiter Limiter(RateLimit limit) {
    return RateLimiter(limit, [this] { return now_; });
  }
  void Advance(milliseconds d) { now_ += d; }

  std::chrono::steady_clock::time_point now_{};
};

TEST_F(RateLimiterTest, OffUnlessConfigured) {
  RateLimiter limiter = Limiter({});
  EXPECT_FALSE(limiter.enabled());
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(limiter.Take(1), 0);
  EXPECT_EQ(limiter.keys(), 0u);
}

TEST_F(RateLimiterTest, ABurstThenTheSteadyRate) {
  RateLimiter limiter = Limiter({/*per_second=*/2, /*burst=*/3});
  // step: (advance before the request, expected answer)
  struct Step {
    milliseconds advance;
    int64_t retry_after;
  };
  const std::vector<Step> timeline = {
      {milliseconds(0), 0},   {milliseconds(0), 0},     {milliseconds(0), 0},  // the burst
      {milliseconds(0), 1},                                                    // empty: wait
      {milliseconds(400), 1},                                                  // 0.8 of a token
      {milliseconds(100), 0},                                                  // one token
      {milliseconds(0), 1},   {milliseconds(10000), 0}, {milliseconds(0), 0},
      {milliseconds(0), 0},   {milliseconds(0), 1},  // refilled to the burst, not beyond
  };
  int i = 0;
  for (const Step& s : timeline) {
    Advance(s.advance);
    EXPECT_EQ(limiter.Take(7), s.retry_after) << "request " << i++;
  }
}

TEST_F(RateLimiterTest, KeysAreIndependent) {
  RateLimiter limiter = Limiter({1, 1});
  EXPECT_EQ(limiter.Take(1), 0);
  EXPECT_EQ(limiter.Take(1), 1);
  EXPECT_EQ(limiter.Take(2), 0);
}

TEST_F(RateLimiterTest, ASlowRateAsksForALongerWait) {
  RateLimiter limiter = Limiter({0.1, 1});  // one request every 10 s
  EXPECT_EQ(limiter.Take(1), 0);
  EXPECT_EQ(limiter.Take(1), 10);
  Advance(milliseconds(4000));
  EXPECT_EQ(limiter.Take(1), 6);
}

TEST_F(RateLimiterTest, MemoryIsBoundedByTheKeyCap) {
  RateLimiter limiter = Limiter({1, 1, /*max_keys=*/100});
  for (int64_t key = 0; key < 10000; ++key) limiter.Take(key);
  EXPECT_LE(limiter.keys(), 100u);
  // A key that has used its bucket is kept over full ones while they last.
  RateLimiter small = Limiter({1, 1, 2});
  EXPECT_EQ(small.Take(1), 0);  // key 1: empty now
  Advance(milliseconds(5000));  // key 1 refills: full again
  EXPECT_EQ(small.Take(2), 0);  // key 2: empty
  EXPECT_EQ(small.Take(3), 0);  // evicts key 1 (full), keeps key 2
  EXPECT_EQ(small.Take(2), 1);  // key 2 still remembered as empty
}

}  // namespace
}  // namespace sb::http
