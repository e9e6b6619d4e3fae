#include "domain/webhook.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <set>

#include "core/hmac.hpp"
#include "core/ids.hpp"
#include "core/ip_address.hpp"

namespace sb::domain {
namespace {

constexpr std::array<std::string_view, 7> kEventTypes = {
    "contact.created", "contact.updated",         "contact.deleted", "pool_member.status_changed",
    "call.recorded",   "campaign.status_changed", "import.completed"};
constexpr std::array<std::string_view, 4> kDeliveryStatuses = {"pending", "delivering", "delivered",
                                                               "failed"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsHostChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
}

}  // namespace

EnumValues WebhookEventTypes() { return kEventTypes; }
EnumValues WebhookDeliveryStatuses() { return kDeliveryStatuses; }

std::optional<WebhookUrl> ParseWebhookUrl(std::string_view url) {
  for (char c : url) {
    if (c <= ' ' || c > '~') return std::nullopt;  // controls, spaces, non-ASCII
  }
  WebhookUrl out;
  const size_t sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  out.scheme = Lower(url.substr(0, sep));
  if (out.scheme != "http" && out.scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(sep + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  // Backslashes and user info are where URL parsers disagree about the host.
  if (authority.find_first_of("@\\") != std::string_view::npos) return std::nullopt;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = Lower(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port_text = after.substr(1);
      if (port_text.empty()) return std::nullopt;
    }
    if (out.host.empty() || out.host.find_first_not_of("0123456789abcdef:.") != std::string::npos) {
      return std::nullopt;
    }
  } else {
    const size_t colon = authority.find(':');
    out.host = Lower(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return std::nullopt;
    }
    if (out.host.empty() || !std::all_of(out.host.begin(), out.host.end(), IsHostChar)) {
      return std::nullopt;
    }
  }
  out.port = out.scheme == "https" ? 443 : 80;
  if (!port_text.empty()) {
    int port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 ||
        port > 65535) {
      return std::nullopt;
    }
    out.port = port;
  }
  return out;
}

Status ValidateWebhookUrl(std::string_view field, std::string_view url, bool allow_private) {
  const std::string name(field);
  if (url.size() > kWebhookUrlMax) {
    return Error::Validation(name, "The " + name + " may not be greater than 2048 characters.");
  }
  auto parsed = ParseWebhookUrl(url);
  if (!parsed) {
    return Error::Validation(name, "The " + name + " must be an absolute http or https URL.");
  }
  if (!allow_private) {
    auto scope = ClassifyIpLiteral(parsed->host);
    if (scope && !IsPublicScope(*scope)) {
      return Error::Validation(
          name, "The " + name + " may not point to a " + AddressScopeName(*scope) + " address.");
    }
  }
  return OkStatus();
}

Status ValidateWebhookEvents(std::string_view field, const std::vector<std::string>& events) {
  const std::string name(field);
  if (events.empty()) {
    return Error::Validation(name, "The " + name + " must list at least one event type.");
  }
  if (events.size() > kWebhookEventsMax) {
    return Error::Validation(name, "The " + name + " may not list more than 32 event types.");
  }
  std::set<std::string_view> seen;
  for (const std::string& e : events) {
    if (e == kWebhookAllEvents) {
      if (events.size() != 1) {
        return Error::Validation(name, "The " + name + " may list \"*\" only on its own.");
      }
      continue;
    }
    if (!IsOneOf(e, WebhookEventTypes())) {
      return Error::Validation(
          name, fmt::format("The {} has an unknown event type \"{}\"; {}, or *.", name, e,
                            DescribeChoices(WebhookEventTypes())));
    }
    if (!seen.insert(e).second) {
      return Error::Validation(name, fmt::format("The {} lists \"{}\" twice.", name, e));
    }
  }
  return OkStatus();
}

std::string NewWebhookSecret() { return "whsec_" + RandomHex(24); }

int64_t WebhookRetryDelay(int64_t failed_attempts, double jitter) {
  int64_t base = kWebhookFirstRetrySeconds;
  for (int64_t i = 1; i < failed_attempts && base < kWebhookMaxRetrySeconds; ++i) base *= 2;
  base = std::min(base, kWebhookMaxRetrySeconds);
  const double j = std::clamp(jitter, 0.0, 1.0);
  return base - static_cast<int64_t>(static_cast<double>(base) * j / 4.0);
}

std::optional<int64_t> WebhookNextAttempt(int64_t failed_attempts, int64_t now, int64_t deadline,
                                          double jitter) {
  if (now >= deadline) return std::nullopt;
  return std::min(now + WebhookRetryDelay(failed_attempts, jitter), deadline);
}

std::string WebhookSignature(std::string_view secret, int64_t timestamp, std::string_view body) {
  std::string t = std::to_string(timestamp);
  std::string signed_payload = t;
  signed_payload += '.';
  signed_payload += body;
  return "t=" + t + ",v1=" + HmacSha256Hex(secret, signed_payload);
}

}  // namespace sb::domain
