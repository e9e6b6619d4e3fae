// Group commit (store/db/commit_group.hpp), on both engines: writes queued
// while a transaction runs share the next one; each write's failure is its
// own; a failed commit fails every write of its batch and keeps none.
#include "store/drivers/commit_group.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/engine_test.hpp"
#include "support/test_db.hpp"

namespace sb::db {
namespace {

class CommitGroupRepositoryTest : public ::sb::testing::EngineTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.ok()) << store_.error();
    auto opened = store_.Open(/*pool_size=*/2);
    ASSERT_TRUE(opened.ok()) << opened.error().details();
    db_ = std::move(opened).value();
    auto conn = db_->Acquire();
    ASSERT_TRUE(conn.ok());
    // A deferred foreign key is checked at COMMIT only: the way to make a
    // commit fail after every statement of the batch succeeded.
    ASSERT_TRUE((*conn)
                    ->ExecScript("CREATE TABLE probe_parent (id INTEGER PRIMARY KEY);"
                                 "CREATE TABLE probe (name TEXT PRIMARY KEY, parent_id INTEGER"
                                 " REFERENCES probe_parent (id) DEFERRABLE INITIALLY DEFERRED)")
                    .ok());
  }

  static CommitGroup::Work Insert(const std::string& name) {
    return [name](Connection& conn) -> Status {
      SB_RETURN_IF_ERROR(conn.Exec("INSERT INTO probe (name) VALUES (?)", {name}));
      return OkStatus();
    };
  }

  std::vector<std::string> Names() {
    std::vector<std::string> names;
    auto conn = db_->Acquire();
    EXPECT_TRUE(conn.ok());
    auto rows = (*conn)->Query("SELECT name FROM probe ORDER BY name", {});
    EXPECT_TRUE(rows.ok());
    while (rows.ok() && (*rows)->Next().value_or(false)) names.push_back((*rows)->String(0));
    return names;
  }

  // Runs `first` as the leader of a batch that holds the transaction until
  // `followers` more works are queued, then runs those: they arrive while the
  // first batch is open, so they can only share the next ones. Returns each
  // follower's status, in order.
  std::vector<Status> RunBehindALeader(CommitGroup& group, const CommitGroup::Work& first,
                                       const std::vector<CommitGroup::Work>& followers) {
    std::promise<void> leading;
    auto leader = std::async(std::launch::async, [&] {
      return group.Run([&](Connection& conn) -> Status {
        leading.set_value();
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (group.waiting() < followers.size() && std::chrono::steady_clock::now() < deadline)
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
        return first(conn);
      });
    });
    leading.get_future().wait();
    std::vector<std::future<Status>> pending;
    for (const auto& work : followers) {
      pending.push_back(
          std::async(std::launch::async, [&group, &work] { return group.Run(work); }));
    }
    EXPECT_TRUE(leader.get().ok());
    std::vector<Status> statuses;
    for (auto& f : pending) statuses.push_back(f.get());
    return statuses;
  }

  testing::TestStore store_;
  std::unique_ptr<Database> db_;
};
SB_INSTANTIATE_ENGINES(CommitGroupRepositoryTest);

TEST_P(CommitGroupRepositoryTest, ALoneWriteCommitsInATransactionOfItsOwn) {
  CommitGroup group(*db_);
  ASSERT_TRUE(group.Run(Insert("alone")).ok());
  EXPECT_EQ(Names(), std::vector<std::string>{"alone"});
  EXPECT_EQ(group.stats().transactions, 1);
  EXPECT_EQ(group.stats().works, 1);
}

TEST_P(CommitGroupRepositoryTest, WritesThatArriveDuringACommitShareTheNextTransaction) {
  CommitGroup group(*db_);
  auto statuses = RunBehindALeader(group, Insert("a"), {Insert("b"), Insert("c"), Insert("d")});
  for (const auto& s : statuses) EXPECT_TRUE(s.ok()) << s.error().details();
  EXPECT_EQ(Names(), (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(group.stats().works, 4);
  EXPECT_EQ(group.stats().transactions, 2) << "three writes queued together, one commit";
}

TEST_P(CommitGroupRepositoryTest, ABatchNeverExceedsItsMaximum) {
  CommitGroup group(*db_, /*max_batch=*/2);
  auto statuses =
      RunBehindALeader(group, Insert("a"), {Insert("b"), Insert("c"), Insert("d"), Insert("e")});
  for (const auto& s : statuses) EXPECT_TRUE(s.ok());
  EXPECT_EQ(Names().size(), 5U);
  EXPECT_EQ(group.stats().transactions, 3) << "the leader alone, then two batches of two";
}

TEST_P(CommitGroupRepositoryTest, AFailingWriteUndoesOnlyItsOwnWrites) {
  CommitGroup group(*db_);
  auto half_then_fail = [](Connection& conn) -> Status {
    SB_RETURN_IF_ERROR(conn.Exec("INSERT INTO probe (name) VALUES ('c')", {}));
    return Error::Conflict("refused", "name");
  };
  auto throws = [](Connection& conn) -> Status {
    SB_RETURN_IF_ERROR(conn.Exec("INSERT INTO probe (name) VALUES ('t')", {}));
    throw std::runtime_error("a bug");
  };
  auto statuses = RunBehindALeader(group, Insert("a"),
                                   {Insert("b"), half_then_fail, throws, Insert("a"), Insert("d")});
  ASSERT_EQ(statuses.size(), 5U);
  EXPECT_TRUE(statuses[0].ok());
  ASSERT_FALSE(statuses[1].ok());
  EXPECT_EQ(statuses[1].error().code(), ErrorCode::kConflict);
  ASSERT_FALSE(statuses[2].ok());
  EXPECT_EQ(statuses[2].error().code(), ErrorCode::kInternal);
  ASSERT_FALSE(statuses[3].ok()) << "a duplicate key is that write's failure alone";
  EXPECT_EQ(statuses[3].error().code(), ErrorCode::kConflict);
  EXPECT_TRUE(statuses[4].ok());
  EXPECT_EQ(Names(), (std::vector<std::string>{"a", "b", "d"}));
}

TEST_P(CommitGroupRepositoryTest, AFailedCommitFailsEveryWriteOfTheBatchAndKeepsNone) {
  CommitGroup group(*db_);
  auto orphan = [](Connection& conn) -> Status {
    SB_RETURN_IF_ERROR(conn.Exec("INSERT INTO probe (name, parent_id) VALUES ('orphan', 42)", {}));
    return OkStatus();
  };
  auto statuses = RunBehindALeader(group, Insert("a"), {Insert("b"), orphan, Insert("c")});
  for (const auto& s : statuses) EXPECT_FALSE(s.ok()) << "the batch's commit failed";
  EXPECT_EQ(Names(), std::vector<std::string>{"a"}) << "the leader's batch committed alone";
  // The group goes on after a failed batch.
  EXPECT_TRUE(group.Run(Insert("z")).ok());
  EXPECT_EQ(Names(), (std::vector<std::string>{"a", "z"}));
}

TEST_P(CommitGroupRepositoryTest, ManyConcurrentWritersAllLand) {
  CommitGroup group(*db_);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        EXPECT_TRUE(group.Run(Insert(std::to_string(t) + "-" + std::to_string(i))).ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(Names().size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(group.stats().works, kThreads * kPerThread);
}

}  // namespace
}  // namespace sb::db
