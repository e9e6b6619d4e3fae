// Delivers webhook events: claims due deliveries from the store
// (store::WebhookDeliveryRepository), POSTs each through a WebhookTransport and
// records the outcome. Runs in `serve` on background threads; several
// processes on one database may each run one (claims are leased, see the
// repository).
//
// Each delivery is one POST of {"id","type","created_at","data"} (the event)
// with the headers Content-Type: application/json, Switchboard-Event (the
// type), Switchboard-Delivery (the delivery's uuid) and Switchboard-Signature
// (domain::WebhookSignature over the body, at the attempt's time). A 2xx is
// delivered; anything else (another status, no answer, a timeout) is retried
// on domain::WebhookNextAttempt's schedule until the delivery window
// (store::kWebhookDeliveryWindowSeconds after the event) is over, then the
// delivery fails. A target the transport refuses (a private address) fails
// at once, with nothing sent. A failed attempt records, as last_error, only a
// code of a fixed vocabulary ("http_<status>", or WebhookFailureCode: no
// address, host name or library message); the transport's detail is logged.
//
// Thread-safety: Start/Stop from one thread; RunOnce from any (the transport
// and the jitter source must then be thread-safe).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "jobs/webhook_transport.hpp"
#include "store/drivers/database.hpp"
#include "store/repositories/webhook_delivery_repository.hpp"

namespace sb::jobs {

struct WebhookDispatcherOptions {
  int64_t batch = 8;                                      // deliveries claimed at a time
  int64_t lease_seconds = 300;                            // longer than a batch of timeouts
  int threads = 2;                                        // Start(): sending threads
  std::chrono::milliseconds interval{1000};               // Start(): pause when nothing was due
  int64_t purge_after_seconds = int64_t{30} * 24 * 3600;  // events kept this long
};

class WebhookDispatcher {
 public:
  // `jitter` (not empty) returns a number in [0, 1) for each retry, and must
  // be thread-safe when Start() runs several threads; tests pass a constant.
  WebhookDispatcher(db::Database& db, const Clock& clock, IdGenerator& ids,
                    WebhookTransport& transport, std::function<double()> jitter,
                    WebhookDispatcherOptions options = {});
  ~WebhookDispatcher() { Stop(); }
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  // Claims and sends batches until nothing is due (or Stop() was called); the
  // number of deliveries attempted (sent or refused). Holds a store connection
  // only while claiming and recording, not while a receiver answers. An
  // exception while sending one delivery (from the transport, say) is logged
  // and counted (core/contain.hpp, site kWebhook) and that delivery left
  // claimed, to be sent again when its lease runs out; the rest go on.
  Result<int64_t> RunOnce();

  // Deletes events older than purge_after_seconds (and their deliveries), a
  // batch at a time until none is left; the number deleted.
  Result<int64_t> Purge();

  // Sends on background threads until Stop(); failures are logged and
  // retried at the next interval, and so are exceptions (also counted, see
  // core/contain.hpp): a thread outlives any round.
  void Start();
  void Stop();

 private:
  Result<std::vector<store::ClaimedDelivery>> Claim();
  Status Send(const store::ClaimedDelivery& d);
  bool Stopping();
  void Loop(bool purger);

  db::Database& db_;
  const Clock& clock_;
  IdGenerator& ids_;
  WebhookTransport& transport_;
  std::function<double()> jitter_;
  const WebhookDispatcherOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// The body of a delivery: {"id","type","created_at","data"} with `data` the
// event's stored JSON as it is.
std::string WebhookBody(const store::ClaimedDelivery& d);

}  // namespace sb::jobs
