// Borrowing a connection never hangs: with every connection borrowed, Acquire
// waits up to its timeout (2 s by default) and then answers busy (a 503 with
// Retry-After), on both engines; a connection given back within the wait goes
// to the waiter.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "store/drivers/database.hpp"
#include "support/engine_test.hpp"
#include "support/test_db.hpp"

namespace sb::db {
namespace {

using Clock = std::chrono::steady_clock;

class ConnectionPoolRepositoryTest : public ::sb::testing::EngineTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.ok()) << store_.error();
    auto opened = store_.Open(/*pool_size=*/1);
    ASSERT_TRUE(opened.ok()) << opened.error().details();
    db_ = std::move(opened).value();
  }

  testing::TestStore store_;
  std::unique_ptr<Database> db_;
};

SB_INSTANTIATE_ENGINES(ConnectionPoolRepositoryTest);

TEST_P(ConnectionPoolRepositoryTest, AFullPoolAnswersBusyAfterItsTimeoutNotNever) {
  auto held = db_->Acquire();
  ASSERT_TRUE(held.ok());
  const auto start = Clock::now();
  auto refused = db_->Acquire();
  const auto waited = Clock::now() - start;
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(refused.error().retry_after(), 1);
  EXPECT_NE(refused.error().details().find("within 2000 ms"), std::string::npos);
  EXPECT_GE(waited, std::chrono::milliseconds(1900));
  EXPECT_LT(waited, std::chrono::seconds(10));
  held.value().reset();
  EXPECT_TRUE(db_->Acquire().ok());
}

TEST_P(ConnectionPoolRepositoryTest, AConnectionGivenBackGoesToTheWaiter) {
  auto held = db_->Acquire();
  ASSERT_TRUE(held.ok());
  std::thread giver([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    held.value().reset();
  });
  auto got = db_->Acquire();
  giver.join();
  EXPECT_TRUE(got.ok());
}

}  // namespace
}  // namespace sb::db
