// The dispatcher's side of webhook deliveries, across organizations: claim
// what is due, record each attempt's outcome, purge old events.
//
// Contract:
// - Claim hands out up to `limit` deliveries whose next_attempt_at has come
//   (pending ones, and claimed ones whose lease ran out: their dispatcher
//   died or hung), earliest first, and leases them for `lease_seconds` under
//   a token: status 'delivering', attempts + 1, next_attempt_at = the lease's
//   end. Two claims never hand out the same delivery while its lease runs:
//   on PostgreSQL the due rows are locked FOR UPDATE SKIP LOCKED (concurrent
//   claims skip each other's rows), on SQLite the claim is a single UPDATE
//   (writers are serialized).
// - Delivered and Failed record the outcome only while the caller still holds
//   the lease (the token matches): false when the lease was lost and the
//   delivery handed to someone else, whose outcome counts instead.
// - Failed with a `retry_at` puts the delivery back to 'pending' due then;
//   without, marks it 'failed' for good.
//
// Thread-safety: none; one repository per connection. Any number of
// repositories (threads, processes) may claim from one store at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

// A claimed delivery with what sending it needs.
struct ClaimedDelivery {
  int64_t organization_id = 0;
  int64_t id = 0;
  std::string uuid;
  std::string lease_token;
  int64_t attempts = 0;  // including this one
  int64_t expires_at = 0;
  std::string url;
  std::string secret;
  std::string event_uuid;
  std::string event_type;
  int64_t event_created_at = 0;
  std::string event_data;  // JSON
};

class WebhookDeliveryRepository {
 public:
  explicit WebhookDeliveryRepository(db::Connection& conn) : conn_(conn) {}

  Result<std::vector<ClaimedDelivery>> Claim(int64_t now, int64_t limit, int64_t lease_seconds,
                                             const std::string& lease_token);

  Result<bool> Delivered(const ClaimedDelivery& d, int64_t now, int response_code);

  // `response_code` when the receiver answered (a non-2xx), `error` in words.
  Result<bool> Failed(const ClaimedDelivery& d, int64_t now, std::optional<int> response_code,
                      const std::string& error, std::optional<int64_t> retry_at);

  // Deletes up to `limit` events created before `before`, with their
  // deliveries (all final by then: a delivery is retried for a day at most);
  // the number of events deleted.
  Result<int64_t> PurgeEvents(int64_t before, int64_t limit);

 private:
  db::Connection& conn_;
};

}  // namespace sb::store
