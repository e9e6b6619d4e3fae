// Phone numbers of an organization, with the agents bound to them per channel.
// Every call is scoped by organization id; a number of another organization is
// reported as not found. Not thread-safe: use one repository per connection.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/pagination.hpp"
#include "domain/phone_number.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

// The filters of GET /api/v1/phone-numbers (seed 004). Values are already
// validated (enums spelled as the seed spells them, country code uppercase).
struct PhoneNumberFilter {
  std::optional<std::string> status;
  std::optional<std::string> country_code;
  std::optional<std::string> type;
  std::optional<std::string> compliance;
  // Substring of the number (also with spaces, dashes, dots and parentheses
  // taken out) or of the country code.
  std::optional<std::string> search;
  // Numbers bound to this agent on any channel; an unknown agent matches none.
  std::optional<std::string> bound_to_agent_uuid;
  bool include_external = false;
  std::string sort = "created_at";  // created_at (newest first) | monthly_fee | number

  // A stable text form of what selects rows (not the order), for keying
  // cached totals.
  std::string Key() const;
};

// A new number; `number` is E.164 and `country_code` its region.
struct NewPhoneNumber {
  std::string number;
  std::string country_code;
  std::string type;
  bool is_external = false;
  std::string status = "active";
  std::string compliance_status = "completed";
  std::string compliance_requirements = "[]";  // JSON array
  domain::Capabilities capabilities;
  domain::ChannelSettings channel_settings;
  int64_t monthly_fee_cents = 0;
  std::string currency = "EUR";
};

// The changeable parts of a number; unset fields are left alone.
struct PhoneNumberUpdate {
  std::optional<std::string> status;
  std::optional<std::string> compliance_status;
  std::optional<std::string> compliance_requirements;  // JSON array
  domain::ChannelSettingsPatch channel_settings;
};

class PhoneNumberRepository {
 public:
  PhoneNumberRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // One page of matching numbers with their bindings, in the filter's order
  // (ties broken by id).
  Result<std::vector<domain::PhoneNumber>> List(int64_t org, const PhoneNumberFilter& filter,
                                                const domain::PageRequest& page);
  // How many numbers match.
  Result<int64_t> Count(int64_t org, const PhoneNumberFilter& filter);
  Result<domain::PhoneNumber> Get(int64_t org, const std::string& uuid);
  // 409 naming "number" when the organization already has the number.
  Result<domain::PhoneNumber> Create(int64_t org, const NewPhoneNumber& fields);
  Result<domain::PhoneNumber> Update(int64_t org, const std::string& uuid,
                                     const PhoneNumberUpdate& update);
  // Deletes the number and its bindings.
  Status Delete(int64_t org, const std::string& uuid);

 private:
  // Rows matching `where` (after "WHERE p.organization_id = ?"), with bindings.
  Result<std::vector<domain::PhoneNumber>> Select(const std::string& where_order_limit,
                                                  const db::Params& params, int64_t org);
  Status LoadBindings(int64_t org, std::vector<domain::PhoneNumber>& numbers);
  // Appends the filter's conditions to `where` and their values to `params`;
  // false when the filter can match nothing (an unknown agent).
  Result<bool> BuildFilter(int64_t org, const PhoneNumberFilter& filter, std::string& where,
                           db::Params& params);

  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::store
