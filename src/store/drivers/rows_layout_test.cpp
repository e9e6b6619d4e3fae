// Reading a result's columns by name (Rows::ColumnName, Rows::Layout) on both
// engines: aliases name the columns, a missing name resolves to -1, and the
// resolved indexes are kept for the result's life.
#include <gtest/gtest.h>

#include <array>
#include <string_view>

#include "store/drivers/database.hpp"
#include "support/engine_test.hpp"
#include "support/test_db.hpp"

namespace sb::db {
namespace {

class RowsLayoutTest : public ::sb::testing::EngineTest {
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

SB_INSTANTIATE_ENGINES(RowsLayoutTest);

constexpr std::array<std::string_view, 3> kNames = {"second", "absent", "first"};

TEST_P(RowsLayoutTest, ResolvesAliasesToTheirColumnsInAnyOrder) {
  auto conn = db_->Acquire();
  ASSERT_TRUE(conn.ok());
  auto rows = (*conn)->Query("SELECT 7 AS first, 'x' AS second", {});
  ASSERT_TRUE(rows.ok()) << rows.error().details();
  ASSERT_EQ((*rows)->ColumnCount(), 2);
  EXPECT_EQ((*rows)->ColumnName(0), "first");
  EXPECT_EQ((*rows)->ColumnName(1), "second");
  auto layout = (*rows)->Layout(kNames);
  ASSERT_EQ(layout.size(), 3U);
  EXPECT_EQ(layout[0], 1);
  EXPECT_EQ(layout[1], -1);
  EXPECT_EQ(layout[2], 0);
  auto more = (*rows)->Next();
  ASSERT_TRUE(more.ok() && *more);
  EXPECT_EQ((*rows)->Int(layout[2]), 7);
  EXPECT_EQ((*rows)->Text(layout[0]), "x");
  // The second call hands back the same resolution.
  EXPECT_EQ((*rows)->Layout(kNames).data(), layout.data());
}

TEST_P(RowsLayoutTest, AnotherListIsResolvedAfresh) {
  auto conn = db_->Acquire();
  ASSERT_TRUE(conn.ok());
  auto rows = (*conn)->Query("SELECT 1 AS first, 2 AS second", {});
  ASSERT_TRUE(rows.ok()) << rows.error().details();
  static constexpr std::array<std::string_view, 1> kOther = {"second"};
  EXPECT_EQ((*rows)->Layout(kNames)[2], 0);
  EXPECT_EQ((*rows)->Layout(kOther)[0], 1);
  EXPECT_EQ((*rows)->Layout(kNames)[0], 1);
}

}  // namespace
}  // namespace sb::db
