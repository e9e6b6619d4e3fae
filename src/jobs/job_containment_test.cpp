// The background jobs outlive an exception (core/contain.hpp): the webhook
// dispatcher loses one delivery's attempt, not its thread, and the lease
// sweeper one sweep. Without containment these tests end the test process.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "core/contain.hpp"
#include "jobs/lease_sweeper.hpp"
#include "jobs/webhook_dispatcher.hpp"
#include "store/repositories/event_outbox.hpp"
#include "store/repositories/webhook_test_fixture.hpp"
#include "support/engine_test.hpp"

namespace sb::jobs {
namespace {

using namespace std::chrono_literals;

// Throws on its first `throws` posts, as a transport with a bug would, then
// answers 200.
class ThrowingTransport final : public WebhookTransport {
 public:
  explicit ThrowingTransport(int throws) : throws_(throws) {}
  WebhookPostResult Post(const WebhookPost&) override {
    posts.fetch_add(1);
    if (throws_.fetch_sub(1) > 0) throw std::runtime_error("transport bug");
    WebhookPostResult r;
    r.outcome = WebhookPostResult::Outcome::kResponse;
    r.status = 200;
    return r;
  }
  std::atomic<int> posts{0};

 private:
  std::atomic<int> throws_;
};

// Throws on its first `throws` borrowings, then lends `inner`'s connections.
class ThrowingDatabase final : public db::Database {
 public:
  ThrowingDatabase(db::Database& inner, int throws) : inner_(inner), throws_(throws) {}
  db::Engine engine() const override { return inner_.engine(); }
  Result<db::ConnectionLease> Acquire() override {
    if (throws_.fetch_sub(1) > 0) throw std::runtime_error("pool bug");
    lent.fetch_add(1);
    return inner_.Acquire();
  }
  std::atomic<int> lent{0};

 private:
  db::Database& inner_;
  std::atomic<int> throws_;
};

// Waits up to 20 s for `done`.
bool Eventually(const std::function<bool()>& done) {
  for (auto deadline = std::chrono::steady_clock::now() + 20s;
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(10ms)) {
    if (done()) return true;
  }
  return done();
}

class JobContainmentRepositoryTest : public store::WebhookStoreTest {
 protected:
  void Emit() {
    ASSERT_TRUE(db::InTransaction(*conn_, [&] {
                  return store::EmitEvent(*conn_, org_, "import.completed", "{}",
                                          clock_.NowSeconds(), ids_);
                }).ok());
  }
  int64_t Delivered() {
    return Count("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'delivered'");
  }
};

SB_INSTANTIATE_ENGINES(JobContainmentRepositoryTest);

TEST_P(JobContainmentRepositoryTest, ADeliveryThatThrowsIsRetriedAfterItsLeaseAndTheRestGo) {
  Subscribe(org_, {"*"}, true, "https://a.example.com/in");
  Subscribe(org_, {"*"}, true, "https://b.example.com/in");
  Emit();  // two deliveries
  ThrowingTransport transport(1);
  WebhookDispatcher dispatcher(*db_, clock_, ids_, transport, [] { return 0.0; });
  const int64_t before = ContainedExceptions(ContainSite::kWebhook);

  auto sent = dispatcher.RunOnce();
  ASSERT_TRUE(sent.ok()) << sent.error().details();
  EXPECT_EQ(*sent, 1);
  EXPECT_EQ(transport.posts.load(), 2);
  EXPECT_EQ(Delivered(), 1);
  EXPECT_EQ(ContainedExceptions(ContainSite::kWebhook), before + 1);

  // The one that threw stays claimed until its lease runs out.
  EXPECT_EQ(dispatcher.RunOnce().value_or(-1), 0);
  clock_.Advance(WebhookDispatcherOptions{}.lease_seconds);
  EXPECT_EQ(dispatcher.RunOnce().value_or(-1), 1);
  EXPECT_EQ(Delivered(), 2);
}

TEST_P(JobContainmentRepositoryTest, TheSendingThreadGoesOnAfterAnException) {
  Subscribe(org_, {"*"});
  ThrowingTransport transport(1);
  WebhookDispatcherOptions options;
  options.threads = 1;
  options.interval = 10ms;
  WebhookDispatcher dispatcher(
      *db_, clock_, ids_, transport, [] { return 0.0; }, options);
  const int64_t before = ContainedExceptions(ContainSite::kWebhook);
  dispatcher.Start();
  Emit();
  ASSERT_TRUE(Eventually([&] { return transport.posts.load() >= 1; }));
  // A later event still goes out, on the same thread.
  Emit();
  EXPECT_TRUE(Eventually([&] { return Delivered() == 1; }));
  dispatcher.Stop();
  EXPECT_EQ(ContainedExceptions(ContainSite::kWebhook), before + 1);
}

TEST_P(JobContainmentRepositoryTest, TheLeaseSweeperGoesOnAfterAnException) {
  ThrowingDatabase database(*db_, 2);
  const int64_t before = ContainedExceptions(ContainSite::kLeaseSweep);
  LeaseSweeper sweeper(database, clock_, ids_, 10ms);
  sweeper.Start();
  // Two sweeps throw; the thread sweeps again, and again.
  EXPECT_TRUE(Eventually([&] { return database.lent.load() >= 2; }));
  sweeper.Stop();
  EXPECT_EQ(ContainedExceptions(ContainSite::kLeaseSweep), before + 2);
}

}  // namespace
}  // namespace sb::jobs
