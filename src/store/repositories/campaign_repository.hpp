// Campaigns of an organization and the pools attached to them. Every call is
// scoped by organization id; a campaign, pool or agent of another
// organization is reported as not found. Not thread-safe: use one repository
// per connection.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/campaign.hpp"
#include "domain/pagination.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

struct CampaignFilter {
  std::optional<std::string> status;

  // A stable text form, for keying cached totals.
  std::string Key() const;
};

// A new campaign's fields, or the changed fields of an update (absent ones
// are left alone).
struct CampaignFields {
  std::optional<std::string> name;
  std::optional<std::string> status;
  // Absent: unchanged; null: no agent; a value: the agent's uuid, which must
  // exist in the organization (else 422 naming "agent_uuid").
  std::optional<std::optional<std::string>> agent_uuid;
};

struct AttachPoolsResult {
  int64_t attached = 0;
  int64_t already_attached = 0;  // (or repeated in the request)
  std::vector<std::string> not_found;
};

class CampaignRepository {
 public:
  CampaignRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // One page of matching campaigns, newest first, with their pools.
  Result<std::vector<domain::Campaign>> List(int64_t org, const CampaignFilter& filter,
                                             const domain::PageRequest& page);
  Result<int64_t> Count(int64_t org, const CampaignFilter& filter);
  Result<domain::Campaign> Get(int64_t org, const std::string& uuid);
  // Unset status is Draft.
  Result<domain::Campaign> Create(int64_t org, const CampaignFields& fields);
  // Writes the fields given; a status change emits campaign.status_changed.
  // Whether the lifecycle allows it is the caller's to check
  // (services/campaign_service.hpp).
  Result<domain::Campaign> Update(int64_t org, const std::string& uuid,
                                  const CampaignFields& fields);
  // Attaches the rule (nullopt detaches it); 422 naming "rule_uuid" when the
  // organization has no such rule.
  Result<domain::Campaign> SetRule(int64_t org, const std::string& uuid,
                                   const std::optional<std::string>& rule_uuid);
  // Removes the campaign; its pools stay.
  Status Delete(int64_t org, const std::string& uuid);
  // Attaches the pools that exist (in request order), in one transaction;
  // unknown uuids are reported in not_found and otherwise ignored.
  Result<AttachPoolsResult> AttachPools(int64_t org, const std::string& uuid,
                                        const std::vector<std::string>& pool_uuids);
  // 404 "Campaign", or "Campaign pool" when the pool is not attached.
  Status DetachPool(int64_t org, const std::string& uuid, const std::string& pool_uuid);

 private:
  // Fills in pools and contacts_count.
  Status Hydrate(int64_t org, domain::Campaign& c);
  Result<std::optional<int64_t>> ResolveAgent(int64_t org,
                                              const std::optional<std::string>& agent_uuid);

  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::store
