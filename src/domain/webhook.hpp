// Webhooks: an organization's subscriptions to its events, delivered by HTTP
// POST and signed with the subscription's secret (docs/API.md, "Webhooks").
// This file holds the rules that need neither SQL nor HTTP: which event types
// exist, which target URLs are acceptable, the retry schedule and the
// signature. Everything here is pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/enums.hpp"

namespace sb::domain {

// The event types a webhook may subscribe to: contact.created,
// contact.updated, contact.deleted, pool_member.status_changed,
// call.recorded, campaign.status_changed, import.completed.
EnumValues WebhookEventTypes();
// A subscription to every type, present and future; must stand alone.
inline constexpr std::string_view kWebhookAllEvents = "*";
// Sent only by POST /api/v1/webhooks/{uuid}/test, to that webhook; nobody
// subscribes to it.
inline constexpr std::string_view kWebhookTestEvent = "webhook.test";

// pending (due, or waiting for its next attempt), delivering (claimed by a
// dispatcher, under a lease), delivered (a 2xx), failed (given up).
EnumValues WebhookDeliveryStatuses();

inline constexpr size_t kWebhookUrlMax = 2048;
inline constexpr size_t kWebhookSecretMin = 16;
inline constexpr size_t kWebhookSecretMax = 255;
inline constexpr size_t kWebhookEventsMax = 32;

struct Webhook {
  int64_t id = 0;
  std::string uuid;
  std::string url;
  std::vector<std::string> events;  // known types, or {"*"}
  std::string secret;
  bool active = true;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct WebhookDelivery {
  int64_t id = 0;
  std::string uuid;
  std::string webhook_uuid;
  std::string event_uuid;
  std::string event_type;
  std::string status;  // WebhookDeliveryStatuses()
  int64_t attempts = 0;
  std::optional<int64_t> last_response_code;
  std::optional<std::string> last_error;
  std::optional<int64_t> next_attempt_at;  // null once delivered or failed
  std::optional<int64_t> delivered_at;
  int64_t event_created_at = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// The parts of a webhook URL the delivery needs.
struct WebhookUrl {
  std::string scheme;  // "http" or "https", lowercased
  std::string host;    // as written, IPv6 without its brackets, lowercased
  int port = 0;        // explicit, or the scheme's default
};

// Parses an absolute http(s) URL with a host and no user info, of printable
// ASCII without spaces; nullopt otherwise.
std::optional<WebhookUrl> ParseWebhookUrl(std::string_view url);

// 422 naming `field` unless `url` is an absolute http(s) URL (ParseWebhookUrl)
// of at most kWebhookUrlMax characters whose host, when it is an IP literal,
// is public (unless `allow_private`). Host names are checked when delivering,
// against the addresses they resolve to then.
Status ValidateWebhookUrl(std::string_view field, std::string_view url, bool allow_private);

// 422 naming `field` unless `events` is a non-empty list of known types
// (WebhookEventTypes) without repeats, or exactly {"*"}.
Status ValidateWebhookEvents(std::string_view field, const std::vector<std::string>& events);

// A new random secret: "whsec_" and 48 hex digits.
std::string NewWebhookSecret();

// The retry schedule: after the n-th failed attempt (n >= 1) the next one
// waits min(30 s * 2^(n-1), 1 h), shortened by up to a quarter by `jitter`
// (in [0, 1): 0 waits the full delay), so receivers that failed together do
// not get their retries together.
inline constexpr int64_t kWebhookFirstRetrySeconds = 30;
inline constexpr int64_t kWebhookMaxRetrySeconds = 3600;
int64_t WebhookRetryDelay(int64_t failed_attempts, double jitter);

// When to try again after failed attempt number `failed_attempts` at `now`:
// the retry delay later, but no later than `deadline` (the event's time plus
// the delivery window); nullopt when `now` is at or past the deadline: the
// delivery has failed for good.
std::optional<int64_t> WebhookNextAttempt(int64_t failed_attempts, int64_t now, int64_t deadline,
                                          double jitter);

// The Switchboard-Signature header's value for `body` sent at `timestamp`:
// "t=<timestamp>,v1=<lowercase hex HMAC-SHA256(secret, "<timestamp>.<body>")>".
std::string WebhookSignature(std::string_view secret, int64_t timestamp, std::string_view body);

}  // namespace sb::domain
