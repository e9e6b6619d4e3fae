// An organization's own settings: its legal calling window, which bounds every
// attempt the dialer starts (in the contact's local time) whatever a rule says.
// Not thread-safe: use one repository per connection.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

struct Organization {
  int64_t id = 0;
  std::string uuid;
  std::string name;
  std::string legal_call_start = "08:00";  // "HH:MM", contact-local
  std::string legal_call_end = "21:00";
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

class OrganizationRepository {
 public:
  OrganizationRepository(db::Connection& conn, const Clock& clock) : conn_(conn), clock_(clock) {}

  // 404 "Organization" when it does not exist.
  Result<Organization> Get(int64_t org);
  // The organization of that name; 404 "Organization".
  Result<Organization> FindByName(const std::string& name);
  // The organization owning the campaign with that uuid; 404 "Campaign". For
  // tools given only a campaign (switchboard simulate), not for the API.
  Result<Organization> FindByCampaign(const std::string& campaign_uuid);
  // Stores the window as given (the caller validated it: "HH:MM", start < end).
  Result<Organization> SetLegalWindow(int64_t org, const std::string& start,
                                      const std::string& end);

 private:
  db::Connection& conn_;
  const Clock& clock_;

  Result<Organization> GetWhere(const std::string& where, const db::Params& params,
                                const char* missing);
};

}  // namespace sb::store
