#include "store/repositories/agent_repository.hpp"

#include <unordered_map>

#include "store/repositories/store_util.hpp"

namespace sb::store {

Result<std::vector<domain::Agent>> AgentRepository::Select(const std::string& where_and_order,
                                                           const db::Params& params, int64_t org) {
  SB_ASSIGN_OR_RETURN(
      auto rows,
      conn_.Query("SELECT id, uuid, name, created_at, updated_at FROM agents " + where_and_order,
                  params));
  std::vector<domain::Agent> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    domain::Agent a;
    a.id = rows->Int(0);
    a.uuid = rows->String(1);
    a.name = rows->String(2);
    a.created_at = rows->Time(3);
    a.updated_at = rows->Time(4);
    out.push_back(std::move(a));
  }
  SB_RETURN_IF_ERROR(LoadBindings(org, out));
  return out;
}

Status AgentRepository::LoadBindings(int64_t org, std::vector<domain::Agent>& agents) {
  if (agents.empty()) return OkStatus();
  std::unordered_map<int64_t, domain::Agent*> by_id;
  // Sized up front: growing a vector of variants trips a false
  // -Wmaybe-uninitialized in GCC 12.
  db::Params params(agents.size() + 1, db::Value(org));
  for (size_t i = 0; i < agents.size(); ++i) {
    by_id[agents[i].id] = &agents[i];
    params[i + 1] = db::Value(agents[i].id);
  }
  SB_ASSIGN_OR_RETURN(
      auto rows,
      conn_.Query("SELECT b.agent_id, b.channel, p.uuid, p.number FROM phone_number_bindings b"
                  " JOIN phone_numbers p ON p.organization_id = b.organization_id"
                  " AND p.id = b.phone_number_id"
                  " WHERE b.organization_id = ? AND b.agent_id IN (" +
                      Placeholders(agents.size()) + ") ORDER BY b.agent_id, b.channel, p.number",
                  params));
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    auto it = by_id.find(rows->Int(0));
    if (it == by_id.end()) continue;
    it->second->bindings.push_back(
        domain::AgentBinding{rows->String(1), rows->String(2), rows->String(3)});
  }
  return OkStatus();
}

Result<std::vector<domain::Agent>> AgentRepository::List(int64_t org,
                                                         const domain::PageRequest& page) {
  return Select("WHERE organization_id = ? ORDER BY name, id LIMIT ? OFFSET ?",
                {org, page.per_page, page.Offset()}, org);
}

Result<int64_t> AgentRepository::Count(int64_t org) {
  SB_ASSIGN_OR_RETURN(
      auto n, conn_.QueryInt("SELECT COUNT(*) FROM agents WHERE organization_id = ?", {org}));
  return n.value_or(0);
}

Result<domain::Agent> AgentRepository::Get(int64_t org, const std::string& uuid) {
  SB_ASSIGN_OR_RETURN(auto one, Select("WHERE organization_id = ? AND uuid = ?", {org, uuid}, org));
  if (one.empty()) return Error::NotFound("Agent");
  return std::move(one.front());
}

Result<domain::Agent> AgentRepository::Create(int64_t org, const std::string& name) {
  std::string uuid = ids_.NewUuid();
  const db::Timestamp now{clock_.NowSeconds()};
  Status st = db::InTransaction(conn_, [&]() -> Status {
    SB_RETURN_IF_ERROR(
        conn_.Exec("INSERT INTO agents (organization_id, uuid, name, created_at, updated_at)"
                   " VALUES (?, ?, ?, ?, ?)",
                   {org, uuid, name, now, now}));
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return Get(org, uuid);
}

Result<domain::Agent> AgentRepository::Rename(int64_t org, const std::string& uuid,
                                              const std::string& name) {
  Status st = db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(
        int64_t n,
        conn_.Exec(
            "UPDATE agents SET name = ?, updated_at = ? WHERE organization_id = ? AND uuid = ?",
            {name, db::Timestamp{clock_.NowSeconds()}, org, uuid}));
    if (n == 0) return Error::NotFound("Agent");
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return Get(org, uuid);
}

Status AgentRepository::Delete(int64_t org, const std::string& uuid) {
  return db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t id, LookupId(conn_, "agents", org, uuid, "Agent"));
    // Explicit as well as cascaded, so every engine behaves the same.
    SB_RETURN_IF_ERROR(conn_.Exec(
        "DELETE FROM phone_number_bindings WHERE organization_id = ? AND agent_id = ?", {org, id}));
    SB_RETURN_IF_ERROR(
        conn_.Exec("DELETE FROM agents WHERE organization_id = ? AND id = ?", {org, id}));
    return OkStatus();
  });
}

Status AgentRepository::Touch(int64_t org, int64_t agent_id) {
  SB_RETURN_IF_ERROR(
      conn_.Exec("UPDATE agents SET updated_at = ? WHERE organization_id = ? AND id = ?",
                 {db::Timestamp{clock_.NowSeconds()}, org, agent_id}));
  return OkStatus();
}

Result<domain::Agent> AgentRepository::Bind(int64_t org, const std::string& agent_uuid,
                                            const std::string& channel,
                                            const std::string& phone_number_uuid) {
  Status st = db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t agent_id, LookupId(conn_, "agents", org, agent_uuid, "Agent"));
    SB_ASSIGN_OR_RETURN(auto number_id, conn_.QueryInt("SELECT id FROM phone_numbers"
                                                       " WHERE organization_id = ? AND uuid = ?",
                                                       {org, phone_number_uuid}));
    if (!number_id) {
      return Error::Validation("phone_number_uuid",
                               "The selected phone_number_uuid is not a phone number of this "
                               "organization.");
    }
    // One agent per (number, channel): the new binding replaces the old one.
    SB_RETURN_IF_ERROR(conn_.Exec(
        "INSERT INTO phone_number_bindings (organization_id, phone_number_id, channel, agent_id,"
        " created_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (organization_id, phone_number_id, channel)"
        " DO UPDATE SET agent_id = excluded.agent_id, created_at = excluded.created_at",
        {org, *number_id, channel, agent_id, db::Timestamp{clock_.NowSeconds()}}));
    return Touch(org, agent_id);
  });
  SB_RETURN_IF_ERROR(st);
  return Get(org, agent_uuid);
}

Result<domain::Agent> AgentRepository::Unbind(int64_t org, const std::string& agent_uuid,
                                              const std::string& channel,
                                              const std::optional<std::string>& phone_number_uuid) {
  Status st = db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t agent_id, LookupId(conn_, "agents", org, agent_uuid, "Agent"));
    int64_t removed = 0;
    if (phone_number_uuid) {
      SB_ASSIGN_OR_RETURN(
          removed,
          conn_.Exec("DELETE FROM phone_number_bindings WHERE organization_id = ? AND agent_id = ?"
                     " AND channel = ? AND phone_number_id IN (SELECT id FROM phone_numbers"
                     " WHERE organization_id = ? AND uuid = ?)",
                     {org, agent_id, channel, org, *phone_number_uuid}));
    } else {
      SB_ASSIGN_OR_RETURN(
          removed,
          conn_.Exec("DELETE FROM phone_number_bindings WHERE organization_id = ? AND agent_id = ?"
                     " AND channel = ?",
                     {org, agent_id, channel}));
    }
    if (removed == 0) return Error::NotFound("Binding");
    return Touch(org, agent_id);
  });
  SB_RETURN_IF_ERROR(st);
  return Get(org, agent_uuid);
}

}  // namespace sb::store
