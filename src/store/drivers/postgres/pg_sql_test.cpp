#include "store/drivers/postgres/pg_sql.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "store/drivers/postgres/postgres_database.hpp"

namespace sb::db::pg {
namespace {

TEST(PgSql, NumbersPlaceholdersInOrder) {
  struct Case {
    const char* sql;
    const char* want;
    int count;
  };
  const Case cases[] = {
      {"SELECT 1", "SELECT 1", 0},
      {"SELECT * FROM t WHERE a = ? AND b IN (?, ?)",
       "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)", 3},
      {"INSERT INTO t VALUES (?,?)", "INSERT INTO t VALUES ($1,$2)", 2},
      // Quoted strings, identifiers, comments and dollar quotes keep their '?'.
      {"SELECT '?', ? FROM t", "SELECT '?', $1 FROM t", 1},
      {"SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1},
      {"SELECT \"col?\" FROM t WHERE x = ?", "SELECT \"col?\" FROM t WHERE x = $1", 1},
      {"SELECT ? -- why?\n, ?", "SELECT $1 -- why?\n, $2", 2},
      {"SELECT /* a ? b */ ?", "SELECT /* a ? b */ $1", 1},
      {"SELECT $$ ? $$, $tag$ ? $tag$, ?", "SELECT $$ ? $$, $tag$ ? $tag$, $1", 1},
      {"LIKE ? ESCAPE '\\'", "LIKE $1 ESCAPE '\\'", 1},
      // An unterminated quote swallows the rest rather than misnumbering it.
      {"SELECT 'open ?", "SELECT 'open ?", 0},
  };
  for (const Case& c : cases) {
    int count = -1;
    EXPECT_EQ(NumberPlaceholders(c.sql, &count), c.want) << c.sql;
    EXPECT_EQ(count, c.count) << c.sql;
  }
}

TEST(PgSql, NumbersManyPlaceholders) {
  std::string sql = "VALUES (";
  std::string want = "VALUES (";
  for (int i = 1; i <= 12; ++i) {
    sql += i > 1 ? ", ?" : "?";
    want += (i > 1 ? ", $" : "$") + std::to_string(i);
  }
  EXPECT_EQ(NumberPlaceholders(sql + ")"), want + ")");
}

TEST(PgSql, ParsesTimestamptzText) {
  struct Case {
    const char* text;
    int64_t want;
  };
  const Case cases[] = {
      {"2024-03-01 12:00:00+00", 1709294400},
      {"2024-03-01T12:00:00Z", 1709294400},
      {"2024-03-01 12:00:00.987654+00", 1709294400},
      {"2024-03-01 13:30:00+01:30", 1709294400},
      {"2024-03-01 06:00:00-06", 1709294400},
      {"1970-01-01 00:00:00+00", 0},
      {"1969-12-31 23:59:59+00", -1},
      {"2024-03-01", 1709251200},
      {"0001-01-01 00:00:00+00", -62135596800},
      {"0001-12-31 00:00:00+00 BC", -62135683200},
      {"infinity", std::numeric_limits<int64_t>::max()},
      {"-infinity", std::numeric_limits<int64_t>::min()},
  };
  for (const Case& c : cases) {
    auto got = ParseTimestamp(c.text);
    ASSERT_TRUE(got.has_value()) << c.text;
    EXPECT_EQ(*got, c.want) << c.text;
  }
  for (const char* bad : {"", "yesterday", "2024-13-01 00:00:00+00", "2024-03-01 12:00", "24-03-01",
                          "2024-03-01 12:00:00 UTC"}) {
    EXPECT_FALSE(ParseTimestamp(bad).has_value()) << bad;
  }
}

TEST(PgSql, FormatsTimesAsIsoUtcThatParsesBack) {
  EXPECT_EQ(FormatTimestamp(1709294400), "2024-03-01T12:00:00Z");
  for (int64_t t : {int64_t{0}, int64_t{-1}, int64_t{1709294400}, int64_t{4102444799}}) {
    EXPECT_EQ(ParseTimestamp(FormatTimestamp(t)), t);
  }
}

TEST(PgSql, CompactsJsonbOutsideStrings) {
  EXPECT_EQ(CompactJson(R"({"a": 1, "b": [1, 2, {"c": null}]})"),
            R"({"a":1,"b":[1,2,{"c":null}]})");
  EXPECT_EQ(CompactJson(R"({"k": "a, b: c", "e": "q\" , x"})"), R"({"k":"a, b: c","e":"q\" , x"})");
  EXPECT_EQ(CompactJson("[]"), "[]");
  EXPECT_EQ(CompactJson(R"("\\")"), R"("\\")");
}

TEST(PgSql, RecognizesReadOnlyStatements) {
  EXPECT_TRUE(IsReadOnly("SELECT 1"));
  EXPECT_TRUE(IsReadOnly("  select id FROM t"));
  EXPECT_TRUE(IsReadOnly("-- note\n/* x */ SELECT 1"));
  EXPECT_FALSE(IsReadOnly("SELECTED"));
  EXPECT_FALSE(IsReadOnly("INSERT INTO t VALUES (1)"));
  EXPECT_FALSE(IsReadOnly("UPDATE t SET a = 1"));
  EXPECT_FALSE(IsReadOnly("WITH x AS (DELETE FROM t RETURNING 1) SELECT 1"));
  EXPECT_FALSE(IsReadOnly(""));
}

TEST(PgSql, RedactsPasswordsInUrls) {
  EXPECT_EQ(RedactUrl("postgres://sb:s3cret@db.internal:5432/switchboard"),
            "postgres://sb:***@db.internal:5432/switchboard");
  EXPECT_EQ(RedactUrl("postgresql://sb@db/x?sslmode=require&password=s3cret&connect_timeout=5"),
            "postgresql://sb@db/x?sslmode=require&password=***&connect_timeout=5");
  EXPECT_EQ(RedactUrl("postgresql://postgres@/postgres?host=/tmp/pg&port=5433"),
            "postgresql://postgres@/postgres?host=/tmp/pg&port=5433");
  EXPECT_EQ(RedactUrl("./switchboard.db"), "./switchboard.db");
  EXPECT_TRUE(IsPostgresUrl("postgres://x"));
  EXPECT_TRUE(IsPostgresUrl("postgresql://x"));
  EXPECT_FALSE(IsPostgresUrl("./postgres.db"));
}

}  // namespace
}  // namespace sb::db::pg
