// The call log: one row per call placed to or received from a contact. A
// contact's last_call_* fields mirror its latest call (greatest started_at;
// among equal times the one recorded last), whatever order calls are recorded
// in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/enums.hpp"

namespace sb::domain {

EnumValues CallDirections();  // outbound, inbound
// picked-up, no-answer, busy, unreachable, voicemail, failed, in-progress
EnumValues CallStatuses();

inline constexpr int64_t kCallDurationMax = int64_t{7} * 24 * 3600;  // seconds
inline constexpr size_t kCallFeedbackMax = 10000;                    // characters
inline constexpr size_t kRecordingUrlMax = 2048;                     // characters

struct Call {
  int64_t id = 0;
  std::string uuid;
  std::string contact_uuid;
  std::optional<std::string> agent_uuid;
  std::optional<std::string> phone_number_uuid;
  std::optional<std::string> campaign_uuid;
  std::string direction = "outbound";
  std::string status;
  int64_t started_at = 0;
  int64_t duration = 0;  // seconds
  std::optional<std::string> feedback;
  std::optional<std::string> recording_url;
  int64_t created_at = 0;
};

// What POST /api/v1/calls records; optional references are uuids that must
// exist in the organization.
struct NewCall {
  std::string contact_uuid;
  std::optional<std::string> agent_uuid;
  std::optional<std::string> phone_number_uuid;
  std::optional<std::string> campaign_uuid;
  std::string direction = "outbound";
  std::string status;
  int64_t started_at = 0;
  int64_t duration = 0;
  std::optional<std::string> feedback;
  std::optional<std::string> recording_url;
};

// Filters of the call lists. Unknown contact or campaign uuids match nothing.
struct CallFilter {
  std::optional<std::string> contact_uuid;
  std::optional<std::string> campaign_uuid;
  std::optional<std::string> status;
  std::optional<int64_t> started_from;   // inclusive, Unix seconds
  std::optional<int64_t> started_until;  // exclusive, Unix seconds

  // A canonical string naming this filter (the key of cached totals).
  std::string CacheKey() const;
};

// An absolute http:// or https:// URL with a host and no whitespace or
// control characters.
bool IsHttpUrl(std::string_view url);

}  // namespace sb::domain
