// The webhook storage tests' fixture: the two-organization store of
// PoolStoreTest, with helpers to subscribe webhooks and read the outbox.
#pragma once

#include <string>
#include <vector>

#include "store/repositories/pool_test_fixture.hpp"
#include "store/repositories/webhook_repository.hpp"

namespace sb::store {

class WebhookStoreTest : public PoolStoreTest {
 protected:
  static bool NextRow(db::Rows& rows) {
    auto more = rows.Next();
    EXPECT_TRUE(more.ok());
    return more.ok() && *more;
  }
  WebhookRepository Webhooks() { return WebhookRepository(*conn_, clock_, ids_); }

  domain::Webhook Subscribe(int64_t org, std::vector<std::string> events, bool active = true,
                            const std::string& url = "https://hooks.example.com/in") {
    domain::Webhook w;
    w.url = url;
    w.events = std::move(events);
    w.secret = "whsec_test_secret_0123456789";
    w.active = active;
    auto created = Webhooks().Create(org, w);
    EXPECT_TRUE(created.ok()) << created.error().details();
    return created.ok() ? *created : domain::Webhook{};
  }

  int64_t Count(const std::string& sql, const db::Params& params = {}) {
    auto n = conn_->QueryInt(sql, params);
    EXPECT_TRUE(n.ok()) << n.error().details();
    return n.ok() ? n->value_or(-1) : -1;
  }
  int64_t Events(const std::string& type = "") {
    return type.empty() ? Count("SELECT COUNT(*) FROM webhook_events")
                        : Count("SELECT COUNT(*) FROM webhook_events WHERE type = ?", {type});
  }
  int64_t Deliveries() { return Count("SELECT COUNT(*) FROM webhook_deliveries"); }

  // The data documents of the events of `type`, oldest first.
  std::vector<std::string> EventData(const std::string& type) {
    std::vector<std::string> out;
    auto rows = conn_->Query("SELECT data FROM webhook_events WHERE type = ? ORDER BY id", {type});
    EXPECT_TRUE(rows.ok());
    if (!rows.ok()) return out;
    while (NextRow(**rows)) out.push_back((*rows)->String(0));
    return out;
  }
};

}  // namespace sb::store
