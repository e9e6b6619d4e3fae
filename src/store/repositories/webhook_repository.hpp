// Webhook subscriptions of an organization and the deliveries made to them.
// Every call is scoped by organization id; another organization's webhook or
// delivery is not found. Writes to webhooks change the webhooks list's total:
// they run in a unit of work (services/unit_of_work.hpp), which bumps the
// organization's write generation.
//
// Contract:
// - Create and Update take validated values (domain::ValidateWebhookUrl,
//   ValidateWebhookEvents; a secret of kWebhookSecretMin..Max characters).
// - Deactivating a webhook (active true -> false) fails its pending
//   deliveries in the same transaction (last_error "webhook deactivated"); a
//   delivery a dispatcher is sending at that moment finishes. An inactive
//   webhook receives no new events.
// - Delete removes the webhook and its deliveries (the events stay for other
//   subscribers until they are purged).
// - SendTest writes a domain::kWebhookTestEvent event and one delivery for the
//   webhook, due at once; 409 when the webhook is inactive.
//
// Not thread-safe: one repository per connection.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/pagination.hpp"
#include "domain/webhook.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

// A PATCH: absent fields are left alone.
struct WebhookChanges {
  std::optional<std::string> url;
  std::optional<std::vector<std::string>> events;
  std::optional<std::string> secret;
  std::optional<bool> active;
};

// The event types a webhook's stored `events` column (a JSON array of names)
// lists; a column that does not parse lists none.
std::vector<std::string> ParseWebhookEvents(std::string_view json);

class WebhookRepository {
 public:
  WebhookRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // Stores `webhook` (its id, uuid and times are assigned).
  Result<domain::Webhook> Create(int64_t org, const domain::Webhook& webhook);
  Result<domain::Webhook> Get(int64_t org, const std::string& uuid);
  // One page, newest first.
  Result<std::vector<domain::Webhook>> List(int64_t org, const domain::PageRequest& page);
  Result<int64_t> Count(int64_t org);
  Result<domain::Webhook> Update(int64_t org, const std::string& uuid,
                                 const WebhookChanges& changes);
  Status Delete(int64_t org, const std::string& uuid);

  Result<domain::WebhookDelivery> SendTest(int64_t org, const std::string& uuid);

  // One page of the webhook's deliveries, newest first; 404 when the webhook
  // is not the organization's.
  Result<std::vector<domain::WebhookDelivery>> ListDeliveries(int64_t org,
                                                              const std::string& webhook_uuid,
                                                              const domain::PageRequest& page);
  Result<int64_t> CountDeliveries(int64_t org, const std::string& webhook_uuid);
  Result<domain::WebhookDelivery> GetDelivery(int64_t org, const std::string& delivery_uuid);

 private:
  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

// The `events` column: a compact JSON array of type names.
std::string WebhookEventsJson(const std::vector<std::string>& events);

}  // namespace sb::store
