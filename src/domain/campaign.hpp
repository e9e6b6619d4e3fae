// Campaigns run pools of contacts with an agent. A campaign's pools are
// attached and detached explicitly; its contacts are the distinct members of
// those pools.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
  std::vector<CampaignPool> pools;  // in the order they were attached
  int64_t contacts_count = 0;       // distinct contacts across its pools
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

}  // namespace sb::domain
