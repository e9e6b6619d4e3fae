#include "jobs/webhook_dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/contain.hpp"
#include "core/time_format.hpp"
#include "domain/webhook.hpp"

namespace sb::jobs {
namespace {

constexpr int64_t kPurgeBatch = 500;
// The purging thread purges this often.
constexpr int64_t kPurgeEveryRuns = 600;

void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += ch;
    }
  }
  out += '"';
}

}  // namespace

std::string WebhookBody(const store::ClaimedDelivery& d) {
  std::string out = "{\"id\":";
  AppendJsonString(out, d.event_uuid);
  out += ",\"type\":";
  AppendJsonString(out, d.event_type);
  out += ",\"created_at\":";
  AppendJsonString(out, FormatIsoUtc(d.event_created_at));
  out += ",\"data\":";
  out += d.event_data.empty() ? "{}" : d.event_data;
  out += '}';
  return out;
}

WebhookDispatcher::WebhookDispatcher(db::Database& db, const Clock& clock, IdGenerator& ids,
                                     WebhookTransport& transport, std::function<double()> jitter,
                                     WebhookDispatcherOptions options)
    : db_(db),
      clock_(clock),
      ids_(ids),
      transport_(transport),
      jitter_(std::move(jitter)),
      options_(options) {}

// A store connection is held only to claim and to record, never while the
// receiver takes its time.
Status WebhookDispatcher::Send(const store::ClaimedDelivery& d) {
  const std::string body = WebhookBody(d);
  WebhookPost post;
  post.url = d.url;
  post.body = body;
  post.headers = {
      {"Switchboard-Event", d.event_type},
      {"Switchboard-Delivery", d.uuid},
      {"Switchboard-Signature", domain::WebhookSignature(d.secret, clock_.NowSeconds(), body)},
  };
  WebhookPostResult result = transport_.Post(post);
  const int64_t now = clock_.NowSeconds();
  SB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  store::WebhookDeliveryRepository repo(*conn);
  using Outcome = WebhookPostResult::Outcome;
  if (result.outcome == Outcome::kResponse && result.status >= 200 && result.status < 300) {
    auto recorded = repo.Delivered(d, now, result.status);
    if (!recorded.ok()) return recorded.error();
    return OkStatus();
  }
  // What is recorded (and shown by the API) comes from a fixed vocabulary;
  // the transport's detail, which may name internal addresses, only reaches
  // the log.
  std::optional<int> code;
  std::string error;
  std::optional<int64_t> retry_at;
  if (result.outcome == Outcome::kResponse) {
    code = result.status;
    error = WebhookStatusCode(result.status);
  } else {
    error = std::string(WebhookFailureCode(result.failure));
    spdlog::info("webhook delivery {} of organization {} not delivered: {} ({})", d.uuid,
                 d.organization_id, error, result.detail);
  }
  if (result.outcome != Outcome::kRefused) {
    retry_at = domain::WebhookNextAttempt(d.attempts, now, d.expires_at, jitter_());
  }
  auto recorded = repo.Failed(d, now, code, error, retry_at);
  if (!recorded.ok()) return recorded.error();
  return OkStatus();
}

Result<std::vector<store::ClaimedDelivery>> WebhookDispatcher::Claim() {
  SB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  store::WebhookDeliveryRepository repo(*conn);
  return repo.Claim(clock_.NowSeconds(), options_.batch, options_.lease_seconds, ids_.NewUuid());
}

bool WebhookDispatcher::Stopping() {
  std::lock_guard<std::mutex> lock(mu_);
  return stopping_;
}

Result<int64_t> WebhookDispatcher::RunOnce() {
  int64_t sent = 0;
  while (true) {
    SB_ASSIGN_OR_RETURN(auto claimed, Claim());
    for (const auto& d : claimed) {
      // An exception sending one delivery leaves it claimed: it goes out again
      // once its lease has run out. The others of the batch still go.
      Status st = OkStatus();
      if (!Contain(
              ContainSite::kWebhook, [&] { return "webhook delivery " + d.uuid; },
              [&] { st = Send(d); })) {
        continue;
      }
      SB_RETURN_IF_ERROR(st);
      ++sent;
    }
    // A stop waits for the batch in hand only.
    if (static_cast<int64_t>(claimed.size()) < options_.batch || Stopping()) return sent;
  }
}

Result<int64_t> WebhookDispatcher::Purge() {
  SB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  store::WebhookDeliveryRepository repo(*conn);
  const int64_t before = clock_.NowSeconds() - options_.purge_after_seconds;
  int64_t total = 0;
  while (true) {
    SB_ASSIGN_OR_RETURN(int64_t n, repo.PurgeEvents(before, kPurgeBatch));
    total += n;
    if (n < kPurgeBatch) return total;
  }
}

void WebhookDispatcher::Loop(bool purger) {
  int64_t runs = 0;
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    lock.unlock();
    // An exception ends the round (or the purge), not the thread.
    Contain(ContainSite::kWebhook, "a webhook dispatch round", [&] {
      auto sent = RunOnce();
      if (!sent.ok()) spdlog::warn("webhook delivery failed: {}", sent.error().details());
    });
    if (purger && runs++ % kPurgeEveryRuns == 0) {
      Contain(ContainSite::kWebhook, "a webhook event purge", [&] {
        auto purged = Purge();
        if (!purged.ok()) {
          spdlog::warn("webhook event purge failed: {}", purged.error().details());
        } else if (*purged > 0) {
          spdlog::info("purged {} old webhook event(s)", *purged);
        }
      });
    }
    lock.lock();
    cv_.wait_for(lock, options_.interval, [this] { return stopping_; });
  }
}

void WebhookDispatcher::Start() {
  for (int i = 0; i < std::max(1, options_.threads); ++i) {
    threads_.emplace_back([this, i] { Loop(/*purger=*/i == 0); });
  }
}

void WebhookDispatcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

}  // namespace sb::jobs
