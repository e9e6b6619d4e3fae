#include "store/repositories/audit_log_repository.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/repositories/pool_test_fixture.hpp"
#include "store/repositories/user_repository.hpp"
#include "support/engine_test.hpp"

namespace sb::store {
namespace {

class AuditLogRepositoryTest : public PoolStoreTest {
 protected:
  AuditLogRepository Log() { return AuditLogRepository(*conn_, clock_, ids_); }

  domain::AuditEntry Entry(int64_t org, std::string_view action,
                           const std::string& details = "{}") {
    domain::AuditEntry e;
    e.organization_id = org;
    e.action = std::string(action);
    e.target_type = "user";
    e.target_uuid = ids_.NewUuid();
    e.details = details;
    return e;
  }
  domain::AuditEntry Append(const domain::AuditEntry& e) {
    auto stored = Log().Append(e);
    EXPECT_TRUE(stored.ok()) << stored.error().details();
    return stored.ok() ? *stored : domain::AuditEntry{};
  }
  std::vector<std::string> Actions(int64_t org, AuditLogFilter filter = {},
                                   domain::PageRequest page = {1, 100}) {
    auto list = Log().List(org, filter, page);
    EXPECT_TRUE(list.ok()) << list.error().details();
    std::vector<std::string> out;
    if (list.ok()) {
      for (const auto& e : *list) out.push_back(e.action);
    }
    return out;
  }
  int64_t Count(int64_t org, AuditLogFilter filter = {}) {
    auto n = Log().Count(org, filter);
    EXPECT_TRUE(n.ok()) << n.error().details();
    return n.ok() ? *n : -1;
  }
  domain::User NewUser(int64_t org, const std::string& email) {
    domain::User u;
    u.name = "N";
    u.email = email;
    auto created = UserRepository(*conn_, clock_, ids_).Create(org, u);
    EXPECT_TRUE(created.ok()) << created.error().details();
    return created.ok() ? *created : domain::User{};
  }
};

SB_INSTANTIATE_ENGINES(AuditLogRepositoryTest);

TEST_P(AuditLogRepositoryTest, AppendStoresEveryFieldAndListsNewestFirst) {
  int64_t actor = *TokenRepository(*conn_, clock_, ids_).EnsureUser(org_, "a@example.com");
  domain::AuditEntry first = Entry(org_, domain::kAuditUserCreated, R"({"email":"x@y.z"})");
  first.actor_user_id = actor;
  first.actor_user_uuid = "0190aaaa-0000-7000-8000-000000000001";
  first.actor_token_id = 41;
  first.actor_token_prefix = "ignored";
  auto stored = Append(first);
  EXPECT_FALSE(stored.uuid.empty());
  EXPECT_GT(stored.id, 0);
  EXPECT_EQ(stored.created_at, kNow);
  clock_.Advance(5);
  domain::AuditEntry second = Entry(org_, domain::kAuditTokenCreated);
  second.source = "cli";
  second.target_type = "token";
  second.target_uuid.reset();
  Append(second);
  Append(Entry(other_org_, domain::kAuditWebhookDeleted));

  auto list = Log().List(org_, {}, {1, 10});
  ASSERT_TRUE(list.ok()) << list.error().details();
  ASSERT_EQ(list->size(), 2u);
  const auto& cli = (*list)[0];
  EXPECT_EQ(cli.action, "token.created");
  EXPECT_EQ(cli.source, "cli");
  EXPECT_EQ(cli.target_type, "token");
  EXPECT_FALSE(cli.target_uuid.has_value());
  EXPECT_FALSE(cli.actor_user_id.has_value());
  EXPECT_FALSE(cli.actor_user_uuid.has_value());
  EXPECT_FALSE(cli.actor_token_id.has_value());
  EXPECT_EQ(cli.created_at, kNow + 5);
  const auto& api = (*list)[1];
  EXPECT_EQ(api.uuid, stored.uuid);
  EXPECT_EQ(api.organization_id, org_);
  EXPECT_EQ(api.action, "user.created");
  EXPECT_EQ(api.source, "api");
  EXPECT_EQ(api.actor_user_id, actor);
  EXPECT_EQ(api.actor_user_uuid, "0190aaaa-0000-7000-8000-000000000001");
  EXPECT_EQ(api.actor_token_id, 41);
  EXPECT_FALSE(api.actor_token_prefix.has_value());  // no such token
  EXPECT_EQ(api.target_uuid, first.target_uuid);
  EXPECT_EQ(api.details, R"({"email":"x@y.z"})");
  EXPECT_EQ(api.created_at, kNow);

  EXPECT_EQ(Count(org_), 2);
  EXPECT_EQ(Count(other_org_), 1);
  EXPECT_EQ(Actions(other_org_), (std::vector<std::string>{"webhook.deleted"}));
}

TEST_P(AuditLogRepositoryTest, PagesAndTheActionFilter) {
  for (int i = 0; i < 5; ++i) {
    Append(Entry(org_, i % 2 ? domain::kAuditUserDeleted : domain::kAuditWebhookCreated,
                 "{\"n\":" + std::to_string(i) + "}"));
  }
  auto page2 = Log().List(org_, {}, {2, 2});
  ASSERT_TRUE(page2.ok());
  ASSERT_EQ(page2->size(), 2u);
  EXPECT_EQ((*page2)[0].details, R"({"n":2})");
  EXPECT_EQ((*page2)[1].details, R"({"n":1})");
  EXPECT_EQ(Log().List(org_, {}, {3, 2})->size(), 1u);
  EXPECT_TRUE(Log().List(org_, {}, {4, 2})->empty());

  AuditLogFilter deleted{std::string(domain::kAuditUserDeleted)};
  EXPECT_EQ(Actions(org_, deleted), (std::vector<std::string>{"user.deleted", "user.deleted"}));
  EXPECT_EQ(Count(org_, deleted), 2);
  AuditLogFilter created{std::string(domain::kAuditWebhookCreated)};
  EXPECT_EQ(Count(org_, created), 3);
  EXPECT_EQ(Count(other_org_, created), 0);
  EXPECT_EQ(Count(org_, AuditLogFilter{std::string(domain::kAuditTokenRevoked)}), 0);
}

TEST_P(AuditLogRepositoryTest, RefusesAnUnknownActionOrSource) {
  auto bad_action = Log().Append(Entry(org_, "user.renamed"));
  ASSERT_FALSE(bad_action.ok());
  EXPECT_EQ(bad_action.error().code(), ErrorCode::kInternal);
  auto e = Entry(org_, domain::kAuditUserCreated);
  e.source = "job";
  EXPECT_FALSE(Log().Append(e).ok());
  EXPECT_EQ(Count(org_), 0);
}

// The entry commits or rolls back with the caller's transaction, also when
// the change's own repository opens a transaction of its own inside it.
TEST_P(AuditLogRepositoryTest, AppendCommitsAndRollsBackWithTheCallersTransaction) {
  Status failed = db::InTransaction(*conn_, [&]() -> Status {
    NewUser(org_, "gone@example.com");
    SB_RETURN_IF_ERROR(Log().Append(Entry(org_, domain::kAuditUserCreated)));
    return Error::Conflict("the change failed after its entry was written");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(Count(org_), 0);
  EXPECT_EQ(*conn_->QueryInt("SELECT COUNT(*) FROM users WHERE email = 'gone@example.com'", {}), 0);

  Status done = db::InTransaction(*conn_, [&]() -> Status {
    NewUser(org_, "kept@example.com");
    SB_RETURN_IF_ERROR(Log().Append(Entry(org_, domain::kAuditUserCreated)));
    return OkStatus();
  });
  ASSERT_TRUE(done.ok()) << done.error().details();
  EXPECT_EQ(Count(org_), 1);
  EXPECT_EQ(*conn_->QueryInt("SELECT COUNT(*) FROM users WHERE email = 'kept@example.com'", {}), 1);
}

// A nested transaction that fails (here on a unique index, which aborts the
// whole transaction on PostgreSQL without a savepoint) undoes only its own
// writes; the outer one goes on and commits.
TEST_P(AuditLogRepositoryTest, AFailedInnerTransactionRollsBackToItsSavepoint) {
  NewUser(org_, "taken@example.com");
  Status outer = db::InTransaction(*conn_, [&]() -> Status {
    SB_RETURN_IF_ERROR(Log().Append(Entry(org_, domain::kAuditUserCreated)));
    domain::User dup;
    dup.name = "Dup";
    dup.email = "TAKEN@example.com";
    auto again = UserRepository(*conn_, clock_, ids_).Create(org_, dup);
    EXPECT_FALSE(again.ok());
    if (!again.ok()) {
      EXPECT_EQ(again.error().code(), ErrorCode::kConflict);
    }
    Status inner = db::InTransaction(*conn_, [&]() -> Status {
      SB_RETURN_IF_ERROR(Log().Append(Entry(org_, domain::kAuditUserDeleted)));
      return Error::Internal("undo this one");
    });
    EXPECT_FALSE(inner.ok());
    SB_RETURN_IF_ERROR(Log().Append(Entry(org_, domain::kAuditWebhookCreated)));
    return OkStatus();
  });
  ASSERT_TRUE(outer.ok()) << outer.error().details();
  EXPECT_EQ(Actions(org_), (std::vector<std::string>{"webhook.created", "user.created"}));
}

// The actor token's prefix is read back only for the token that existed when
// the entry was written, never for a later token that got the same id.
TEST_P(AuditLogRepositoryTest, NamesTheActorTokenOnlyIfItExistedThen) {
  int64_t user = *TokenRepository(*conn_, clock_, ids_).EnsureUser(org_, "t@example.com");
  domain::AuditEntry before = Entry(org_, domain::kAuditUserUpdated);
  before.actor_token_id = 900;
  Append(before);
  clock_.Advance(10);
  ASSERT_TRUE(
      conn_
          ->Exec("INSERT INTO api_tokens (id, uuid, organization_id, user_id, token_hash,"
                 " prefix, name, created_at) VALUES (900,"
                 " '00000000-0000-4000-8000-000000000900', ?, ?, 'h', 'sb_0000abcd', 'n', ?)",
                 {org_, user, db::Timestamp{clock_.NowSeconds()}})
          .ok());
  domain::AuditEntry after = Entry(org_, domain::kAuditUserDeleted);
  after.actor_token_id = 900;
  Append(after);
  auto list = Log().List(org_, {}, {1, 10});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].actor_token_prefix, "sb_0000abcd");
  EXPECT_FALSE((*list)[1].actor_token_prefix.has_value());
}

TEST_P(AuditLogRepositoryTest, EntriesGoWithTheirOrganization) {
  Append(Entry(org_, domain::kAuditUserCreated));
  Append(Entry(other_org_, domain::kAuditUserCreated));
  ASSERT_TRUE(conn_->Exec("DELETE FROM organizations WHERE id = ?", {org_}).ok());
  EXPECT_EQ(*conn_->QueryInt("SELECT COUNT(*) FROM audit_log", {}), 1);
  EXPECT_EQ(Count(other_org_), 1);
}

}  // namespace
}  // namespace sb::store
