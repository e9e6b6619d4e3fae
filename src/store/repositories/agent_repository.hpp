// Agents and their phone-number bindings. Every call is scoped by organization
// id; an agent (or number) of another organization is reported as not found.
// Not thread-safe: use one repository per connection.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/agent.hpp"
#include "domain/pagination.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

class AgentRepository {
 public:
  AgentRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // One page of the organization's agents with their bindings, by name (then id).
  Result<std::vector<domain::Agent>> List(int64_t org, const domain::PageRequest& page);
  // How many agents the organization has.
  Result<int64_t> Count(int64_t org);
  Result<domain::Agent> Get(int64_t org, const std::string& uuid);
  Result<domain::Agent> Create(int64_t org, const std::string& name);
  Result<domain::Agent> Rename(int64_t org, const std::string& uuid, const std::string& name);
  // Deletes the agent and its bindings.
  Status Delete(int64_t org, const std::string& uuid);

  // Binds the number to the agent on `channel` (call|sms|whatsapp, checked by
  // the caller), taking it from whichever agent had it on that channel. 404
  // for an unknown agent; 422 naming "phone_number_uuid" for an unknown number.
  Result<domain::Agent> Bind(int64_t org, const std::string& agent_uuid, const std::string& channel,
                             const std::string& phone_number_uuid);
  // Unbinds `phone_number_uuid` (or, when absent, every number) from the agent
  // on `channel`. 404 for an unknown agent or when nothing was bound.
  Result<domain::Agent> Unbind(int64_t org, const std::string& agent_uuid,
                               const std::string& channel,
                               const std::optional<std::string>& phone_number_uuid);

 private:
  Result<std::vector<domain::Agent>> Select(const std::string& where_and_order,
                                            const db::Params& params, int64_t org);
  Status LoadBindings(int64_t org, std::vector<domain::Agent>& agents);
  Status Touch(int64_t org, int64_t agent_id);

  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::store
