#include "store/repositories/idempotency_repository.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "store/repositories/pool_test_fixture.hpp"
#include "store/repositories/token_repository.hpp"
#include "support/engine_test.hpp"

namespace sb::store {
namespace {

using O = IdempotencyOutcome;

constexpr int64_t kDay = int64_t{24} * 60 * 60;

IdempotencyRequest Request(const std::string& key, const std::string& hash = "h1") {
  return IdempotencyRequest{key, hash, "POST", "/api/v1/tags"};
}

class IdempotencyRepositoryTest : public PoolStoreTest {
 protected:
  IdempotencyRepository Repo() { return IdempotencyRepository(*conn_); }

  void SetUp() override {
    PoolStoreTest::SetUp();
    token_ = NewToken("Acme", "ann@acme.test");
    second_token_ = NewToken("Acme", "bob@acme.test");
    other_token_ = NewToken("Globex", "eve@globex.test");
  }

  // The id of a new token of organization `org_name` for user `email`.
  int64_t NewToken(const std::string& org_name, const std::string& email) {
    TokenRepository tokens(*conn_, clock_, ids_);
    auto created = tokens.Create(org_name, email, "test", std::nullopt);
    EXPECT_TRUE(created.ok());
    if (!created.ok()) return 0;
    auto owner = tokens.Authenticate(created->token);
    EXPECT_TRUE(owner.ok());
    return owner.ok() ? owner->token_id : 0;
  }

  O Outcome(int64_t org, int64_t token, const IdempotencyRequest& request, int64_t now) {
    auto begun = Repo().Begin(org, token, request, now);
    EXPECT_TRUE(begun.ok()) << begun.error().details();
    return begun.ok() ? begun->outcome : O::kFresh;
  }

  int64_t Rows() {
    return conn_->QueryInt("SELECT COUNT(*) FROM idempotency_keys", {}).value().value_or(-1);
  }

  int64_t token_ = 0;         // Acme's
  int64_t second_token_ = 0;  // another user's of Acme
  int64_t other_token_ = 0;   // Globex's
};

SB_INSTANTIATE_ENGINES(IdempotencyRepositoryTest);

TEST_P(IdempotencyRepositoryTest, FreshThenInFlightThenReplay) {
  EXPECT_EQ(Outcome(org_, token_, Request("k"), kNow), O::kFresh);
  EXPECT_EQ(Outcome(org_, token_, Request("k"), kNow), O::kInFlight);
  ASSERT_TRUE(Repo().Finish(org_, token_, "k", 201, R"({"a":1})", "application/json").ok());
  auto replay = Repo().Begin(org_, token_, Request("k"), kNow + 60);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->outcome, O::kReplay);
  EXPECT_EQ(replay->response_status, 201);
  EXPECT_EQ(replay->response_body, R"({"a":1})");
  EXPECT_EQ(replay->response_content_type, "application/json");
  EXPECT_EQ(Rows(), 1);
}

TEST_P(IdempotencyRepositoryTest, AnotherRequestWithTheKeyIsAMismatch) {
  EXPECT_EQ(Outcome(org_, token_, Request("k", "h1"), kNow), O::kFresh);
  EXPECT_EQ(Outcome(org_, token_, Request("k", "h2"), kNow), O::kMismatch);  // while running
  ASSERT_TRUE(Repo().Finish(org_, token_, "k", 422, "{}", "application/json").ok());
  EXPECT_EQ(Outcome(org_, token_, Request("k", "h2"), kNow), O::kMismatch);  // once done
  EXPECT_EQ(Outcome(org_, token_, Request("k", "h1"), kNow), O::kReplay);
}

TEST_P(IdempotencyRepositoryTest, KeysArePerOrganization) {
  EXPECT_EQ(Outcome(org_, token_, Request("k"), kNow), O::kFresh);
  EXPECT_EQ(Outcome(other_org_, other_token_, Request("k", "other"), kNow), O::kFresh);
  ASSERT_TRUE(Repo().Abandon(other_org_, other_token_, "k").ok());
  EXPECT_EQ(Outcome(org_, token_, Request("k"), kNow), O::kInFlight);
}

TEST_P(IdempotencyRepositoryTest, KeysArePerTokenWithinAnOrganization) {
  EXPECT_EQ(Outcome(org_, token_, Request("k"), kNow), O::kFresh);
  ASSERT_TRUE(Repo().Finish(org_, token_, "k", 201, R"({"mine":1})", "application/json").ok());
  // The same key and request from another token of the organization runs
  // afresh: it neither replays the first token's response nor waits for it.
  EXPECT_EQ(Outcome(org_, second_token_, Request("k"), kNow), O::kFresh);
  EXPECT_EQ(Outcome(org_, second_token_, Request("k"), kNow), O::kInFlight);
  ASSERT_TRUE(
      Repo().Finish(org_, second_token_, "k", 201, R"({"theirs":2})", "application/json").ok());
  auto mine = Repo().Begin(org_, token_, Request("k"), kNow);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->outcome, O::kReplay);
  EXPECT_EQ(mine->response_body, R"({"mine":1})");
  auto theirs = Repo().Begin(org_, second_token_, Request("k"), kNow);
  ASSERT_TRUE(theirs.ok());
  EXPECT_EQ(theirs->outcome, O::kReplay);
  EXPECT_EQ(theirs->response_body, R"({"theirs":2})");
  // Abandoning one token's key leaves the other's alone.
  EXPECT_EQ(Outcome(org_, token_, Request("j"), kNow), O::kFresh);
  EXPECT_EQ(Outcome(org_, second_token_, Request("j"), kNow), O::kFresh);
  ASSERT_TRUE(Repo().Abandon(org_, second_token_, "j").ok());
  EXPECT_EQ(Outcome(org_, token_, Request("j"), kNow), O::kInFlight);
  EXPECT_EQ(Rows(), 3);
}

TEST_P(IdempotencyRepositoryTest, ATokensKeysGoWithIt) {
  EXPECT_EQ(Outcome(org_, token_, Request("k"), kNow), O::kFresh);
  EXPECT_EQ(Outcome(org_, second_token_, Request("k"), kNow), O::kFresh);
  ASSERT_TRUE(conn_->Exec("DELETE FROM api_tokens WHERE id = ?", {second_token_}).ok());
  EXPECT_EQ(Rows(), 1);
}

TEST_P(IdempotencyRepositoryTest, AKeyExpiresAfterADay) {
  EXPECT_EQ(Outcome(org_, token_, Request("k"), kNow), O::kFresh);
  ASSERT_TRUE(Repo().Finish(org_, token_, "k", 201, "{}", "application/json").ok());
  EXPECT_EQ(Outcome(org_, token_, Request("k", "h2"), kNow + kDay - 1), O::kMismatch);
  EXPECT_EQ(Outcome(org_, token_, Request("k", "h2"), kNow + kDay), O::kFresh);
  EXPECT_EQ(Outcome(org_, token_, Request("k", "h2"), kNow + kDay), O::kInFlight);
  EXPECT_EQ(Rows(), 1);
}

TEST_P(IdempotencyRepositoryTest, AbandonLetsARetryRunButKeepsAFinishedResponse) {
  EXPECT_EQ(Outcome(org_, token_, Request("k"), kNow), O::kFresh);
  ASSERT_TRUE(Repo().Abandon(org_, token_, "k").ok());
  EXPECT_EQ(Rows(), 0);
  EXPECT_EQ(Outcome(org_, token_, Request("k"), kNow), O::kFresh);
  ASSERT_TRUE(Repo().Finish(org_, token_, "k", 200, "{}", "application/json").ok());
  ASSERT_TRUE(Repo().Abandon(org_, token_, "k").ok());
  EXPECT_EQ(Outcome(org_, token_, Request("k"), kNow), O::kReplay);
  // A second Finish does not overwrite the stored response.
  ASSERT_TRUE(Repo().Finish(org_, token_, "k", 500, "x", "text/plain").ok());
  auto replay = Repo().Begin(org_, token_, Request("k"), kNow);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->response_status, 200);
}

TEST_P(IdempotencyRepositoryTest, ARequestLeftRunningIsTakenOverLater) {
  EXPECT_EQ(Outcome(org_, token_, Request("k"), kNow), O::kFresh);
  EXPECT_EQ(Outcome(org_, token_, Request("k"), kNow + kIdempotencyRunningTakeoverSeconds - 1),
            O::kInFlight);
  EXPECT_EQ(Outcome(org_, token_, Request("k"), kNow + kIdempotencyRunningTakeoverSeconds),
            O::kFresh);
}

TEST_P(IdempotencyRepositoryTest, PurgeDeletesExpiredKeysOfEveryOrganization) {
  EXPECT_EQ(Outcome(org_, token_, Request("a"), kNow), O::kFresh);
  EXPECT_EQ(Outcome(other_org_, other_token_, Request("b"), kNow + 10), O::kFresh);
  EXPECT_EQ(Outcome(org_, token_, Request("c"), kNow + 20), O::kFresh);
  auto none = Repo().Purge(kNow + kDay - 1, 100);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
  auto limited = Repo().Purge(kNow + kDay + 10, 1);
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(*limited, 1);
  auto rest = Repo().Purge(kNow + kDay + 10, 100);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(*rest, 1);
  EXPECT_EQ(Rows(), 1);
  EXPECT_EQ(Outcome(org_, token_, Request("c"), kNow + 20), O::kInFlight);
}

TEST_P(IdempotencyRepositoryTest, ConcurrentBeginsLetExactlyOneRun) {
  constexpr int kThreads = 8;
  std::vector<O> outcomes(kThreads, O::kReplay);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto conn = db_->Acquire();
      ASSERT_TRUE(conn.ok());
      IdempotencyRepository repo(**conn);
      auto begun = repo.Begin(org_, token_, Request("k"), kNow);
      ASSERT_TRUE(begun.ok()) << begun.error().details();
      outcomes[static_cast<size_t>(i)] = begun->outcome;
    });
  }
  for (auto& t : threads) t.join();
  int fresh = 0;
  int in_flight = 0;
  for (O o : outcomes) {
    fresh += o == O::kFresh ? 1 : 0;
    in_flight += o == O::kInFlight ? 1 : 0;
  }
  EXPECT_EQ(fresh, 1);
  EXPECT_EQ(in_flight, kThreads - 1);
}

}  // namespace
}  // namespace sb::store
