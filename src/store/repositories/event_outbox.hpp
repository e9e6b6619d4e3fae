// The event outbox of webhooks. A change that webhooks report (a contact
// created, a pool member's status changed, an import completed...) writes its
// event here, inside the transaction of the change itself: the event exists if
// and only if the change committed, and a change rolled back leaves no event.
//
// Contract:
// - Emission costs (close to) nothing when nobody listens: the first Wants or
//   Emit of an EventOutbox reads the organization's active webhooks and the
//   event types they subscribe to (one query on the index webhooks_active);
//   later calls on the same EventOutbox run no query at all. When no active
//   webhook subscribes to a type, Emit of that type writes nothing. Callers
//   that would build an expensive `data` document ask Wants first.
// - Fan-out happens at emission: an emitted event is one webhook_events row and
//   one 'pending' webhook_deliveries row per subscribed webhook, due at once
//   and retried until kWebhookDeliveryWindowSeconds after the event. Doing it
//   here, rather than when the dispatcher picks the event, costs one small
//   insert per subscriber but gives the dispatcher a single due queue to claim
//   from (and the deliveries route a row to show from the first moment), and
//   delivers to the webhooks subscribed when the change happened, which is
//   what a subscriber expects; the subscriber set was read anyway to decide
//   whether to write at all.
// - The event's types and `data` are not checked here: `type` is one of
//   domain::WebhookEventTypes() (or "webhook.test"), `data_json` a JSON object
//   in the shape docs/API.md documents for that type.
// - Events do not bump the organization's write generation (they are in no
//   list total).
//
// Thread-safety: none; an EventOutbox belongs to the transaction (and the
// connection) it was made for, and must not outlive it: a webhook created in a
// later transaction would not be seen.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

// A delivery is retried until this long after its event, then marked failed.
inline constexpr int64_t kWebhookDeliveryWindowSeconds = int64_t{24} * 60 * 60;

class EventOutbox {
 public:
  // For one organization, inside an open transaction on `conn`; `now` is the
  // time of the change (the event's created_at).
  EventOutbox(db::Connection& conn, int64_t org, int64_t now, IdGenerator& ids)
      : conn_(conn), org_(org), now_(now), ids_(ids) {}

  // True when an active webhook of the organization subscribes to `type`.
  Result<bool> Wants(std::string_view type);

  // Writes the event and its deliveries, or nothing when nobody subscribes.
  Status Emit(std::string_view type, std::string_view data_json);

 private:
  struct Subscriber {
    int64_t webhook_id = 0;
    bool all = false;  // subscribed to "*"
    std::vector<std::string> types;
  };
  Status Load();
  bool Subscribes(const Subscriber& s, std::string_view type) const;

  db::Connection& conn_;
  int64_t org_;
  int64_t now_;
  IdGenerator& ids_;
  std::optional<std::vector<Subscriber>> subscribers_;
};

// One event, in the caller's open transaction on `conn`: the same as
// EventOutbox(conn, org, now, ids).Emit(type, data_json) (one indexed query,
// and writes only when a webhook subscribes). For changes that emit one event
// per transaction, such as "import.completed".
Status EmitEvent(db::Connection& conn, int64_t org, std::string_view type,
                 std::string_view data_json, int64_t now, IdGenerator& ids);

// Writes a `type` event for the one webhook `webhook_id` of the organization,
// whatever it subscribes to and whether or not it is active (the test
// delivery); the new delivery's uuid.
Result<std::string> EmitEventTo(db::Connection& conn, int64_t org, int64_t webhook_id,
                                std::string_view type, std::string_view data_json, int64_t now,
                                IdGenerator& ids);

}  // namespace sb::store
