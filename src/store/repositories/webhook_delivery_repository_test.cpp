#include "store/repositories/webhook_delivery_repository.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>
#include <vector>

#include "store/repositories/event_outbox.hpp"
#include "store/repositories/webhook_test_fixture.hpp"
#include "support/engine_test.hpp"

namespace sb::store {
namespace {

constexpr int64_t kLease = 60;

class WebhookDeliveryRepositoryTest : public WebhookStoreTest {
 protected:
  WebhookDeliveryRepository Repo() { return WebhookDeliveryRepository(*conn_); }

  void Emit(int64_t org, int64_t at, const std::string& data = R"({"n":1})") {
    ASSERT_TRUE(db::InTransaction(*conn_, [&] {
                  return EmitEvent(*conn_, org, "import.completed", data, at, ids_);
                }).ok());
  }

  std::vector<ClaimedDelivery> Claim(int64_t now, int64_t limit, const std::string& token) {
    auto claimed = Repo().Claim(now, limit, kLease, token);
    EXPECT_TRUE(claimed.ok()) << claimed.error().details();
    return claimed.ok() ? *claimed : std::vector<ClaimedDelivery>{};
  }

  std::string Status(const ClaimedDelivery& d) {
    auto rows = conn_->Query("SELECT status FROM webhook_deliveries WHERE id = ?", {d.id});
    EXPECT_TRUE(rows.ok() && NextRow(**rows));
    return rows.ok() ? (*rows)->String(0) : "";
  }
  std::optional<int64_t> NextAttempt(const ClaimedDelivery& d) {
    auto rows = conn_->Query("SELECT next_attempt_at FROM webhook_deliveries WHERE id = ?", {d.id});
    EXPECT_TRUE(rows.ok() && NextRow(**rows));
    return rows.ok() ? (*rows)->OptTime(0) : std::nullopt;
  }
};

SB_INSTANTIATE_ENGINES(WebhookDeliveryRepositoryTest);

TEST_P(WebhookDeliveryRepositoryTest, ClaimsDueDeliveriesEarliestFirstUnderALease) {
  auto w = Subscribe(org_, {"import.completed"});
  Subscribe(other_org_, {"*"});
  Emit(org_, kNow, R"({"n":1})");
  Emit(other_org_, kNow + 1, R"({"n":2})");
  Emit(org_, kNow + 2, R"({"n":3})");
  Emit(org_, kNow + 100, R"({"n":4})");  // not due yet

  auto first = Claim(kNow + 10, 2, "lease-a");
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].event_data, R"({"n":1})");
  EXPECT_EQ(first[0].organization_id, org_);
  EXPECT_EQ(first[0].url, w.url);
  EXPECT_EQ(first[0].secret, w.secret);
  EXPECT_EQ(first[0].event_type, "import.completed");
  EXPECT_EQ(first[0].event_created_at, kNow);
  EXPECT_EQ(first[0].expires_at, kNow + kWebhookDeliveryWindowSeconds);
  EXPECT_EQ(first[0].attempts, 1);
  EXPECT_EQ(first[0].lease_token, "lease-a");
  EXPECT_EQ(first[1].event_data, R"({"n":2})");  // across organizations
  EXPECT_EQ(first[1].organization_id, other_org_);
  EXPECT_EQ(Status(first[0]), "delivering");
  EXPECT_EQ(NextAttempt(first[0]), kNow + 10 + kLease);

  auto second = Claim(kNow + 10, 2, "lease-b");
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].event_data, R"({"n":3})");
  EXPECT_TRUE(Claim(kNow + 10, 2, "lease-c").empty());
  EXPECT_TRUE(Claim(kNow + 10 + kLease - 1, 5, "lease-d").empty());
  // The fourth has come due, and the first three's leases have run out.
  EXPECT_EQ(Claim(kNow + 100, 5, "lease-d").size(), 4u);
}

TEST_P(WebhookDeliveryRepositoryTest, TwoConnectionsNeverClaimTheSameDelivery) {
  Subscribe(org_, {"*"});
  Subscribe(org_, {"import.completed"});
  for (int i = 0; i < 30; ++i) Emit(org_, kNow + i);  // 60 deliveries
  std::vector<std::vector<int64_t>> got(2);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      auto conn = db_->Acquire();
      ASSERT_TRUE(conn.ok());
      WebhookDeliveryRepository repo(**conn);
      while (true) {
        auto claimed = repo.Claim(kNow + 1000, 3, kLease, "lease-" + std::to_string(t));
        ASSERT_TRUE(claimed.ok()) << claimed.error().details();
        if (claimed->empty()) break;
        for (const auto& d : *claimed) got[t].push_back(d.id);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::vector<int64_t> all = got[0];
  all.insert(all.end(), got[1].begin(), got[1].end());
  std::set<int64_t> distinct(all.begin(), all.end());
  EXPECT_EQ(all.size(), 60u);
  EXPECT_EQ(distinct.size(), 60u);
}

TEST_P(WebhookDeliveryRepositoryTest, ALeaseThatRunsOutPutsTheDeliveryBack) {
  Subscribe(org_, {"*"});
  Emit(org_, kNow);
  auto a = Claim(kNow, 5, "lease-a");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_TRUE(Claim(kNow + kLease - 1, 5, "lease-b").empty());
  auto b = Claim(kNow + kLease, 5, "lease-b");  // the first dispatcher died
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].id, a[0].id);
  EXPECT_EQ(b[0].attempts, 2);
  // The lost lease's outcome no longer counts; the holder's does.
  EXPECT_FALSE(*Repo().Delivered(a[0], kNow + kLease + 1, 200));
  EXPECT_FALSE(*Repo().Failed(a[0], kNow + kLease + 1, 500, "HTTP 500", kNow + 999));
  EXPECT_EQ(Status(b[0]), "delivering");
  EXPECT_TRUE(*Repo().Delivered(b[0], kNow + kLease + 2, 204));
  EXPECT_EQ(Status(b[0]), "delivered");
  EXPECT_EQ(NextAttempt(b[0]), std::nullopt);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM webhook_deliveries WHERE last_response_code = 204"
                  " AND delivered_at = ? AND lease_token IS NULL",
                  {db::Timestamp{kNow + kLease + 2}}),
            1);
  EXPECT_TRUE(Claim(kNow + 100000, 5, "lease-c").empty());
}

TEST_P(WebhookDeliveryRepositoryTest, AFailureIsRetriedWhenDueOrFailsForGood) {
  Subscribe(org_, {"*"});
  Emit(org_, kNow);
  auto a = Claim(kNow, 5, "lease-a");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_TRUE(*Repo().Failed(a[0], kNow + 1, 503, "HTTP 503", kNow + 31));
  EXPECT_EQ(Status(a[0]), "pending");
  EXPECT_EQ(NextAttempt(a[0]), kNow + 31);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM webhook_deliveries WHERE last_response_code = 503"
                  " AND last_error = 'HTTP 503' AND attempts = 1"),
            1);
  EXPECT_TRUE(Claim(kNow + 30, 5, "lease-b").empty());
  auto b = Claim(kNow + 31, 5, "lease-b");
  ASSERT_EQ(b.size(), 1u);
  EXPECT_TRUE(*Repo().Failed(b[0], kNow + 32, std::nullopt, "connection refused", std::nullopt));
  EXPECT_EQ(Status(b[0]), "failed");
  EXPECT_EQ(NextAttempt(b[0]), std::nullopt);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM webhook_deliveries WHERE last_response_code IS NULL"
                  " AND last_error = 'connection refused' AND attempts = 2"),
            1);
  EXPECT_TRUE(Claim(kNow + 100000, 5, "lease-c").empty());
}

TEST_P(WebhookDeliveryRepositoryTest, PurgeDeletesOldEventsAndTheirDeliveries) {
  Subscribe(org_, {"*"});
  Subscribe(other_org_, {"*"});
  Emit(org_, kNow);
  Emit(other_org_, kNow + 1);
  Emit(org_, kNow + 10);
  auto purged = Repo().PurgeEvents(kNow + 10, 100);
  ASSERT_TRUE(purged.ok()) << purged.error().details();
  EXPECT_EQ(*purged, 2);
  EXPECT_EQ(Events(), 1);
  EXPECT_EQ(Deliveries(), 1);
  EXPECT_EQ(*Repo().PurgeEvents(kNow + 10, 100), 0);
}

}  // namespace
}  // namespace sb::store
