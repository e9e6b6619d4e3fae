// The SQLite engine's statement cache (statement_cache.hpp), through the
// Connection every repository uses: a Rows keeps its statement whatever else
// runs on the connection, and the cache stays bounded.
#include "store/drivers/sqlite/sqlite_database.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace sb::db {
namespace {

// Group 1 holds 1..5, group 2 holds 10, 20, 30.
constexpr const char* kNumbers = "SELECT n FROM numbers WHERE grp = ? ORDER BY n";

class SqliteStatementCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(SqliteOptions{dir_.File("cache.sqlite")}); }

  void Open(SqliteOptions options) {
    conn_.reset();
    auto db = OpenSqlite(options);
    ASSERT_TRUE(db.ok()) << db.error().details();
    db_ = std::move(db).value();
    auto conn = db_->Acquire();
    ASSERT_TRUE(conn.ok()) << conn.error().details();
    conn_ = std::move(conn).value();
    ASSERT_TRUE(
        conn_
            ->ExecScript("CREATE TABLE IF NOT EXISTS numbers (grp INTEGER, n INTEGER);"
                         "DELETE FROM numbers;"
                         "INSERT INTO numbers VALUES (1, 1), (1, 2), (1, 3), (1, 4), (1, 5),"
                         " (2, 10), (2, 20), (2, 30);")
            .ok());
  }

  std::unique_ptr<Rows> Numbers(int64_t group) {
    auto rows = conn_->Query(kNumbers, {group});
    EXPECT_TRUE(rows.ok()) << rows.error().details();
    return rows.ok() ? std::move(rows).value() : nullptr;
  }

  // The rest of `rows`, first column.
  static std::vector<int64_t> Rest(Rows& rows) {
    std::vector<int64_t> out;
    while (true) {
      auto more = rows.Next();
      EXPECT_TRUE(more.ok()) << more.error().details();
      if (!more.ok() || !*more) return out;
      out.push_back(rows.Int(0));
    }
  }

  // Runs `count` distinct statements, "SELECT <first + i> + ?", and checks
  // their answers.
  void RunDistinct(int first, int count) {
    for (int i = first; i < first + count; ++i) {
      auto got = conn_->QueryInt(fmt::format("SELECT {} + ?", i), {int64_t{1}});
      ASSERT_TRUE(got.ok()) << got.error().details();
      ASSERT_EQ(got->value_or(-1), i + 1);
    }
  }

  SqliteStatementStats Stats() const { return SqliteStatementStatsOf(*conn_).value(); }

  ::sb::testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  ConnectionLease conn_;
};

TEST_F(SqliteStatementCacheTest, HeldRowsGoOnWhileMoreStatementsRunThanTheCacheKeeps) {
  auto held = Numbers(1);
  ASSERT_TRUE(held);
  ASSERT_TRUE(held->Next().value());
  EXPECT_EQ(held->Int(0), 1);
  ASSERT_TRUE(held->Next().value());
  EXPECT_EQ(held->Int(0), 2);

  // Past the cache's size: its idle statements are evicted, the held one is not.
  const int texts = static_cast<int>(SqliteOptions{}.statement_cache_size) + 100;
  RunDistinct(0, texts);

  EXPECT_EQ(Rest(*held), (std::vector<int64_t>{3, 4, 5}));
}

TEST_F(SqliteStatementCacheTest, NestedRunsOfTheSameQueryEachKeepTheirOwnCursor) {
  // Each case: how deep the same query nests, and whether the inner runs are
  // read to the end or dropped after their first row.
  struct Case {
    int depth;
    bool read_inner_to_end;
  };
  for (const Case c : {Case{2, true}, Case{2, false}, Case{4, true}}) {
    SCOPED_TRACE(fmt::format("depth {}, inner read to end: {}", c.depth, c.read_inner_to_end));
    // Walks group 1 (odd levels) and group 2 (even levels), `level` deep,
    // and returns what the outermost level saw.
    std::function<std::vector<int64_t>(int)> walk = [&](int level) {
      auto rows = Numbers(level % 2 == 1 ? 1 : 2);
      std::vector<int64_t> seen;
      if (!rows) return seen;
      while (rows->Next().value()) {
        seen.push_back(rows->Int(0));
        if (level == c.depth) {
          if (!c.read_inner_to_end) break;
          continue;
        }
        std::vector<int64_t> inner = walk(level + 1);
        if (c.read_inner_to_end || level + 1 < c.depth) {
          EXPECT_EQ(inner, (level % 2 == 1 ? std::vector<int64_t>{10, 20, 30}
                                           : std::vector<int64_t>{1, 2, 3, 4, 5}));
        }
      }
      return seen;
    };
    EXPECT_EQ(walk(1), (std::vector<int64_t>{1, 2, 3, 4, 5}));
  }
}

TEST_F(SqliteStatementCacheTest, KeepsTheMostRecentlyUsedIdleStatements) {
  SqliteOptions options{dir_.File("small.sqlite")};
  options.statement_cache_size = 8;
  Open(options);
  RunDistinct(0, 12);  // statements 0..11: 0..3 are evicted
  EXPECT_EQ(Stats().idle, 8u);
  EXPECT_EQ(Stats().lent, 0u);

  const int64_t prepared = Stats().prepared;
  RunDistinct(4, 8);  // all still cached
  EXPECT_EQ(Stats().prepared, prepared);
  RunDistinct(0, 1);  // evicted: prepared again, evicting the least recent (4)
  EXPECT_EQ(Stats().prepared, prepared + 1);
  EXPECT_EQ(Stats().idle, 8u);
  RunDistinct(4, 1);
  EXPECT_EQ(Stats().prepared, prepared + 2);
}

TEST_F(SqliteStatementCacheTest, CountsLentStatementsApartAndKeepsFewCopiesOfOneText) {
  const SqliteStatementStats before = Stats();
  {
    // The same query four times at once: four statements, all lent.
    std::vector<std::unique_ptr<Rows>> open;
    for (int i = 0; i < 4; ++i) {
      open.push_back(Numbers(1));
      ASSERT_TRUE(open.back()->Next().value());
    }
    EXPECT_EQ(Stats().lent, 4u);
    EXPECT_EQ(Stats().idle, before.idle);
    EXPECT_EQ(Stats().prepared, before.prepared + 4);
  }
  // Given back: two copies stay idle, the others are finalized.
  EXPECT_EQ(Stats().lent, 0u);
  EXPECT_EQ(Stats().idle, before.idle + 2);
  {
    // Four at once again: two come from the cache, two are prepared.
    std::vector<std::unique_ptr<Rows>> open;
    for (int i = 0; i < 4; ++i) open.push_back(Numbers(1));
    EXPECT_EQ(Stats().prepared, before.prepared + 6);
  }
  EXPECT_EQ(Stats().idle, before.idle + 2);
}

TEST_F(SqliteStatementCacheTest, AStatementThatCannotBePreparedFailsAndLeavesNothingLent) {
  auto rows = conn_->Query("SELECT FROM nowhere WHERE", {});
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().code(), ErrorCode::kInternal);
  // A statement whose parameters do not match is given back at once.
  auto wrong = conn_->Query(kNumbers, {});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(Stats().lent, 0u);
  EXPECT_EQ(Rest(*Numbers(2)), (std::vector<int64_t>{10, 20, 30}));
}

// The durability setting is what every connection of the pool runs with:
// synchronous is per connection in SQLite, so a connection opened later (the
// pool grows on demand) must set it too. PRAGMA synchronous reads 1 for
// NORMAL, 2 for FULL.
TEST(SqliteDurability, EveryConnectionRunsWithTheSettingAskedFor) {
  for (Durability durability : {Durability::kFull, Durability::kNormal}) {
    ::sb::testing::TempDir dir;
    SqliteOptions options{dir.File("durability.sqlite")};
    options.durability = durability;
    auto db = OpenSqlite(options);
    ASSERT_TRUE(db.ok()) << db.error().details();
    std::vector<ConnectionLease> held;
    for (int i = 0; i < 3; ++i) {
      auto conn = (*db)->Acquire();
      ASSERT_TRUE(conn.ok()) << conn.error().details();
      held.push_back(std::move(conn).value());
    }
    for (auto& conn : held) {
      auto sync = conn->QueryInt("PRAGMA synchronous", {});
      ASSERT_TRUE(sync.ok()) << sync.error().details();
      EXPECT_EQ(sync->value_or(-1), durability == Durability::kFull ? 2 : 1)
          << DurabilityName(durability);
      auto mode = conn->Query("PRAGMA journal_mode", {});
      ASSERT_TRUE(mode.ok() && (*mode)->Next().value_or(false));
      EXPECT_EQ((*mode)->String(0), "wal");
    }
  }
}

TEST(SqliteDurability, FullIsTheDefault) {
  ::sb::testing::TempDir dir;
  auto db = OpenSqlite(SqliteOptions{dir.File("default.sqlite")});
  ASSERT_TRUE(db.ok()) << db.error().details();
  auto conn = (*db)->Acquire();
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ((*conn)->QueryInt("PRAGMA synchronous", {}).value().value_or(-1), 2);
}

}  // namespace
}  // namespace sb::db
