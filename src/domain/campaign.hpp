// Campaigns run pools of contacts with an agent. A campaign's pools are
// attached and detached explicitly; its contacts are the distinct members of
// those pools. Only an Active campaign hands out work.
//
// Lifecycle, as an operator may change it (Completed is also set by the dialer
// once every member of its pools is terminal):
//   Draft -> Active; Active <-> Paused; Draft | Active | Paused -> Completed;
//   any -> Archived; Archived -> nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace sb::domain {

inline constexpr int64_t kCampaignNameMax = 255;

struct CampaignPool {
  std::string uuid;
  std::string name;
};

struct Campaign {
  int64_t id = 0;
  std::string uuid;
  std::string name;
  std::string status = "Draft";  // Draft, Active, Paused, Completed, Archived
  std::optional<std::string> agent_uuid;
  std::optional<std::string> rule_uuid;  // the rule that overrides its pools' limits
  std::vector<CampaignPool> pools;       // in the order they were attached
  int64_t contacts_count = 0;            // distinct contacts across its pools
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// True when an operator may move a campaign from `from` to `to`. Staying in
// the same status is always allowed (a repeated PUT changes nothing).
bool CampaignTransitionAllowed(std::string_view from, std::string_view to);

// OK, or a 409 naming `status` with both statuses in the message.
Status CheckCampaignTransition(std::string_view from, std::string_view to);

}  // namespace sb::domain
