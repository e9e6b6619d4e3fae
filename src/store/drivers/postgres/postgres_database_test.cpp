// The PostgreSQL engine itself: pool bounds, re-established sessions, the retry
// policy, error mapping and value conversions. Runs only on PostgreSQL
// (support/engine_test.hpp: skips without SWITCHBOARD_TEST_PG), on a fresh
// database per test.
#include "store/drivers/postgres/postgres_database.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/drivers/dialect.hpp"
#include "support/engine_test.hpp"
#include "support/test_db.hpp"

namespace sb::db {
namespace {

class PostgresEngine : public ::sb::testing::PostgresTest {
 protected:
  void SetUp() override {
    ASSERT_EQ(store_.engine(), Engine::kPostgres);
    auto db = store_.Open(2);
    ASSERT_TRUE(db.ok()) << db.error().details();
    db_ = std::move(db).value();
    auto admin = store_.Open(1);
    ASSERT_TRUE(admin.ok()) << admin.error().details();
    admin_ = std::move(admin).value();
  }

  static int64_t BackendPid(Connection& conn) {
    return conn.QueryInt("SELECT pg_backend_pid()", {}).value().value_or(0);
  }

  // Ends a session from the server side, as a restart or an operator would,
  // and waits until it is gone.
  void Terminate(int64_t pid) {
    auto conn = admin_->Acquire();
    ASSERT_TRUE(conn.ok());
    auto ended = (*conn)->QueryInt("SELECT pg_terminate_backend(?, 30000)::int", {pid});
    ASSERT_TRUE(ended.ok()) << ended.error().details();
    ASSERT_EQ(ended->value_or(0), 1);
  }

  int64_t Organizations(const std::string& name) {
    auto conn = admin_->Acquire();
    EXPECT_TRUE(conn.ok());
    return (*conn)
        ->QueryInt("SELECT COUNT(*) FROM organizations WHERE name = ?", {name})
        .value()
        .value_or(-1);
  }

  static Status AddOrganization(Connection& conn, const std::string& name) {
    auto added = conn.Exec(
        "INSERT INTO organizations (uuid, name, created_at, updated_at)"
        " VALUES (gen_random_uuid(), ?, ?, ?)",
        {name, Timestamp{1709294400}, Timestamp{1709294400}});
    if (!added.ok()) return std::move(added).error();
    return OkStatus();
  }

  // A pool of one on the test database with `durability`.
  Result<std::unique_ptr<Database>> OpenWith(Durability durability) const {
    PostgresOptions options;
    options.url = store_.target();
    options.pool_size = 1;
    options.durability = durability;
    return OpenPostgres(options);
  }

  ::sb::testing::TestStore store_;
  std::unique_ptr<Database> db_;     // pool of 2
  std::unique_ptr<Database> admin_;  // another process, in effect
};

TEST_F(PostgresEngine, PoolLendsAtMostItsSizeAndReusesSessions) {
  auto a = db_->Acquire();
  auto b = db_->Acquire();
  ASSERT_TRUE(a.ok() && b.ok());
  std::set<int64_t> pids = {BackendPid(**a), BackendPid(**b)};
  ASSERT_EQ(pids.size(), 2u);

  // A third borrower waits for a session to come back and gets that one.
  int64_t third_pid = 0;
  std::thread borrower([&] {
    auto c = db_->Acquire();
    ASSERT_TRUE(c.ok());
    third_pid = BackendPid(**c);
  });
  a->reset();
  borrower.join();
  EXPECT_EQ(pids.count(third_pid), 1u);

  auto conn = admin_->Acquire();
  ASSERT_TRUE(conn.ok());
  auto sessions = (*conn)->QueryInt(
      "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
      " AND pid <> pg_backend_pid()",
      {});
  ASSERT_TRUE(sessions.ok());
  EXPECT_EQ(sessions->value_or(0), 2);
}

TEST_F(PostgresEngine, AnIdleSessionEndedByTheServerIsReplacedWhenBorrowed) {
  int64_t pid = 0;
  {
    auto conn = db_->Acquire();
    ASSERT_TRUE(conn.ok());
    pid = BackendPid(**conn);
  }
  Terminate(pid);
  // Both pooled sessions are tried in turn; every borrow works.
  for (int i = 0; i < 3; ++i) {
    auto conn = db_->Acquire();
    ASSERT_TRUE(conn.ok()) << conn.error().details();
    auto n = (*conn)->QueryInt("SELECT 41 + 1", {});
    ASSERT_TRUE(n.ok()) << n.error().details();
    EXPECT_EQ(n->value_or(0), 42);
  }
}

TEST_F(PostgresEngine, AReadOutsideATransactionIsRetriedOnANewSession) {
  auto conn = db_->Acquire();
  ASSERT_TRUE(conn.ok());
  int64_t pid = BackendPid(**conn);
  Terminate(pid);
  auto n = (*conn)->QueryInt("SELECT COUNT(*) FROM organizations", {});
  ASSERT_TRUE(n.ok()) << n.error().details();
  EXPECT_EQ(n->value_or(-1), 0);
  EXPECT_NE(BackendPid(**conn), pid);
}

TEST_F(PostgresEngine, ATransactionThatHasNotWrittenIsBegunAgain) {
  auto conn = db_->Acquire();
  ASSERT_TRUE(conn.ok());
  Status st = InTransaction(**conn, [&]() -> Status {
    SB_RETURN_IF_ERROR((*conn)->QueryInt("SELECT COUNT(*) FROM organizations", {}));
    Terminate(BackendPid(**conn));
    return AddOrganization(**conn, "Acme");
  });
  ASSERT_TRUE(st.ok()) << st.error().details();
  EXPECT_EQ(Organizations("Acme"), 1);
}

TEST_F(PostgresEngine, LosingATransactionThatWroteIsUnavailableAndWritesNothing) {
  auto conn = db_->Acquire();
  ASSERT_TRUE(conn.ok());
  Status st = InTransaction(**conn, [&]() -> Status {
    SB_RETURN_IF_ERROR(AddOrganization(**conn, "Acme"));
    Terminate(BackendPid(**conn));
    return AddOrganization(**conn, "Globex");
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), ErrorCode::kUnavailable) << st.error().details();
  EXPECT_EQ(Organizations("Acme"), 0);
  EXPECT_EQ(Organizations("Globex"), 0);
  // The lease is usable again: the next statement runs on a new session.
  auto n = (*conn)->QueryInt("SELECT COUNT(*) FROM organizations", {});
  ASSERT_TRUE(n.ok()) << n.error().details();
  EXPECT_EQ(n->value_or(-1), 0);
}

TEST_F(PostgresEngine, AnUnreachableServerIsUnavailable) {
  PostgresOptions options;
  options.url = "postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=5";
  auto db = OpenPostgres(options);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(db.error().details().find("secret"), std::string::npos) << db.error().details();
}

TEST_F(PostgresEngine, UniqueViolationIsAConflictNamingTheConstraint) {
  auto conn = db_->Acquire();
  ASSERT_TRUE(conn.ok());
  ASSERT_TRUE(AddOrganization(**conn, "Acme").ok());
  auto dup = (*conn)->Exec(
      "INSERT INTO organizations (uuid, name, created_at, updated_at)"
      " VALUES (gen_random_uuid(), ?, ?, ?)",
      {std::string("Acme"), Timestamp{0}, Timestamp{0}});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code(), ErrorCode::kConflict);
  EXPECT_NE(dup.error().details().find("organizations_name_key"), std::string::npos)
      << dup.error().details();
}

TEST_F(PostgresEngine, ConvertsValuesBothWays) {
  auto conn = db_->Acquire();
  ASSERT_TRUE(conn.ok());
  auto rows = (*conn)->Query(
      "SELECT ?::timestamptz, CAST(? AS timestamptz), ?::bigint, '{\"b\": 1, \"a\": [1, "
      "2]}'::jsonb,"
      " true, ?::text, ?::double precision, ?::text IS NULL, 'x'::citext",
      {Timestamp{1709294400}, int64_t{1709294400}, Timestamp{7}, std::string("?"), 2.5, Null{}});
  ASSERT_TRUE(rows.ok()) << rows.error().details();
  ASSERT_TRUE(*(*rows)->Next());
  const Rows& r = **rows;
  EXPECT_EQ(r.Time(0), 1709294400);
  EXPECT_EQ(r.Int(0), 1709294400);
  EXPECT_EQ(r.Time(1), 1709294400);
  EXPECT_EQ(r.Int(2), 7);
  EXPECT_EQ(r.Text(3), R"({"a":[1,2],"b":1})");
  EXPECT_EQ(r.Int(4), 1);
  EXPECT_EQ(r.Text(5), "?");
  EXPECT_DOUBLE_EQ(r.Double(6), 2.5);
  EXPECT_EQ(r.Int(7), 1);
  EXPECT_EQ(r.Text(8), "x");
}

TEST_F(PostgresEngine, TextThatIsNotAUuidMatchesNoUuid) {
  auto conn = db_->Acquire();
  ASSERT_TRUE(conn.ok());
  ASSERT_TRUE(AddOrganization(**conn, "Acme").ok());
  for (const char* id : {"not-a-uuid", "", "01234567-89ab-cdef-0123-456789abcdeg"}) {
    auto n =
        (*conn)->QueryInt("SELECT COUNT(*) FROM organizations WHERE uuid = ?", {std::string(id)});
    ASSERT_TRUE(n.ok()) << id << ": " << n.error().details();
    EXPECT_EQ(n->value_or(-1), 0) << id;
  }
}

// A Rows holds its whole result (libpq reads it at once), not a statement: it
// survives the session's prepared statements being dropped (past 1000), and a
// query run again inside its own iteration reads its own rows.
TEST_F(PostgresEngine, RowsKeepTheirResultWhateverElseRunsOnTheSession) {
  auto conn = db_->Acquire();
  ASSERT_TRUE(conn.ok());
  const std::string series = "SELECT n FROM generate_series(1, ?::int) AS n ORDER BY n";
  auto held = (*conn)->Query(series, {int64_t{5}});
  ASSERT_TRUE(held.ok()) << held.error().details();
  ASSERT_TRUE((*held)->Next().value());
  EXPECT_EQ((*held)->Int(0), 1);
  for (int i = 0; i < 1100; ++i) {
    auto got = (*conn)->QueryInt("SELECT " + std::to_string(i) + " + ?::int", {int64_t{1}});
    ASSERT_TRUE(got.ok()) << got.error().details();
    ASSERT_EQ(got->value_or(-1), i + 1);
  }
  std::vector<int64_t> outer;
  while ((*held)->Next().value()) {
    outer.push_back((*held)->Int(0));
    auto inner = (*conn)->Query(series, {int64_t{3}});
    ASSERT_TRUE(inner.ok()) << inner.error().details();
    std::vector<int64_t> seen;
    while ((*inner)->Next().value()) seen.push_back((*inner)->Int(0));
    EXPECT_EQ(seen, (std::vector<int64_t>{1, 2, 3}));
  }
  EXPECT_EQ(outer, (std::vector<int64_t>{2, 3, 4, 5}));
}

TEST_F(PostgresEngine, DialectIsPostgres) {
  auto conn = db_->Acquire();
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ((*conn)->engine(), Engine::kPostgres);
  EXPECT_EQ((*conn)->dialect().ForUpdateSkipLocked("pi"), " FOR NO KEY UPDATE OF pi SKIP LOCKED");
  EXPECT_EQ((*conn)->dialect().ForUpdate(""), " FOR NO KEY UPDATE");
}

// kFull runs with synchronous_commit on (the test cluster's default is off,
// so this is kFull raising it); kNormal turns it off in each session, a
// re-established one included.
TEST_F(PostgresEngine, SynchronousCommitFollowsTheDurability) {
  auto show = [](Connection& conn) {
    auto rows = conn.Query("SELECT current_setting('synchronous_commit')", {});
    EXPECT_TRUE(rows.ok()) << rows.error().details();
    if (!rows.ok() || !(*rows)->Next().value_or(false)) return std::string("?");
    return (*rows)->String(0);
  };
  {
    auto full = OpenWith(Durability::kFull);
    ASSERT_TRUE(full.ok()) << full.error().details();
    auto conn = (*full)->Acquire();
    ASSERT_TRUE(conn.ok());
    EXPECT_EQ(show(**conn), "on");
  }
  auto normal = OpenWith(Durability::kNormal);
  ASSERT_TRUE(normal.ok()) << normal.error().details();
  int64_t pid = 0;
  {
    auto conn = (*normal)->Acquire();
    ASSERT_TRUE(conn.ok());
    EXPECT_EQ(show(**conn), "off");
    pid = BackendPid(**conn);
  }
  Terminate(pid);
  auto conn = (*normal)->Acquire();
  ASSERT_TRUE(conn.ok()) << conn.error().details();
  EXPECT_NE(BackendPid(**conn), pid) << "a new session";
  EXPECT_EQ(show(**conn), "off") << "set again on the new session";
}

// A server whose default is off (a role or database setting) is raised to on
// under kFull: acknowledged means flushed, whatever the server was told.
TEST_F(PostgresEngine, FullRaisesAServerDefaultOfOff) {
  {
    auto conn = admin_->Acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)
                    ->ExecScript("ALTER DATABASE " + store_.database_name() +
                                 " SET synchronous_commit = off")
                    .ok());
  }
  auto full = OpenWith(Durability::kFull);
  ASSERT_TRUE(full.ok()) << full.error().details();
  auto conn = (*full)->Acquire();
  ASSERT_TRUE(conn.ok());
  auto rows = (*conn)->Query("SELECT current_setting('synchronous_commit')", {});
  ASSERT_TRUE(rows.ok() && (*rows)->Next().value_or(false));
  EXPECT_EQ((*rows)->String(0), "on");
  auto normal = OpenWith(Durability::kNormal);
  ASSERT_TRUE(normal.ok());
  auto other = (*normal)->Acquire();
  ASSERT_TRUE(other.ok());
  auto off = (*other)->Query("SELECT current_setting('synchronous_commit')", {});
  ASSERT_TRUE(off.ok() && (*off)->Next().value_or(false));
  EXPECT_EQ((*off)->String(0), "off") << "the database setting reaches new sessions";
}

}  // namespace
}  // namespace sb::db
