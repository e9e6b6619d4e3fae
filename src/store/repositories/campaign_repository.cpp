#include "store/repositories/campaign_repository.hpp"

#include <unordered_set>

#include "domain/campaign_entity.hpp"
#include "store/repositories/entity_sql.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

using domain::kCampaignEntity;

// The declared columns, the agent's and the rule's uuids from their joins.
const std::string kSelect = "SELECT " + entity_sql::SelectList(kCampaignEntity, "c") +
                            " FROM campaigns c" + entity_sql::Joins(kCampaignEntity, "c") + " ";

// Reads the columns; pools and contacts_count are Hydrate's.
domain::Campaign ReadCampaign(const db::Rows& r) {
  domain::Campaign c;
  entity_sql::ReadRow<kCampaignEntity>(r, c);
  return c;
}

std::string Where(int64_t org, const CampaignFilter& filter, db::Params& params) {
  std::string sql = "WHERE c.organization_id = ?";
  params.emplace_back(org);
  if (filter.status) {
    sql += " AND c.status = ?";
    params.emplace_back(*filter.status);
  }
  return sql;
}

}  // namespace

std::string CampaignFilter::Key() const { return "campaigns|" + status.value_or(""); }

Status CampaignRepository::Hydrate(int64_t org, domain::Campaign& c) {
  // Attached order; pools attached by one request follow their creation order.
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query("SELECT p.uuid, p.name FROM campaign_pools cp"
                                             " JOIN pools p ON p.organization_id ="
                                             " cp.organization_id AND p.id = cp.pool_id"
                                             " WHERE cp.organization_id = ? AND cp.campaign_id = ?"
                                             " ORDER BY cp.created_at, p.id",
                                             {org, c.id}));
  c.pools.clear();
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    c.pools.push_back({rows->String(0), rows->String(1)});
  }
  SB_ASSIGN_OR_RETURN(
      auto n, conn_.QueryInt("SELECT COUNT(DISTINCT pi.contact_id) FROM campaign_pools cp"
                             " JOIN pool_items pi ON pi.organization_id = cp.organization_id"
                             " AND pi.pool_id = cp.pool_id"
                             " WHERE cp.organization_id = ? AND cp.campaign_id = ?",
                             {org, c.id}));
  c.contacts_count = n.value_or(0);
  return OkStatus();
}

Result<std::optional<int64_t>> CampaignRepository::ResolveAgent(
    int64_t org, const std::optional<std::string>& agent_uuid) {
  if (!agent_uuid) return std::optional<int64_t>();
  auto id = LookupId(conn_, "agents", org, *agent_uuid, "Agent");
  if (!id.ok()) {
    if (id.error().code() == ErrorCode::kNotFound) {
      return Error::Validation("agent_uuid", "The selected agent_uuid is invalid.");
    }
    return id.error();
  }
  return std::optional<int64_t>(*id);
}

Result<std::vector<domain::Campaign>> CampaignRepository::List(int64_t org,
                                                               const CampaignFilter& filter,
                                                               const domain::PageRequest& page) {
  db::Params params;
  std::string sql = kSelect + Where(org, filter, params) + " ORDER BY c.id DESC LIMIT ? OFFSET ?";
  params.emplace_back(page.per_page);
  params.emplace_back(page.Offset());
  std::vector<domain::Campaign> out;
  {
    SB_ASSIGN_OR_RETURN(auto rows, conn_.Query(sql, params));
    while (true) {
      SB_ASSIGN_OR_RETURN(bool more, rows->Next());
      if (!more) break;
      out.push_back(ReadCampaign(*rows));
    }
  }
  for (auto& c : out) SB_RETURN_IF_ERROR(Hydrate(org, c));
  return out;
}

Result<int64_t> CampaignRepository::Count(int64_t org, const CampaignFilter& filter) {
  db::Params params;
  std::string sql = "SELECT COUNT(*) FROM campaigns c " + Where(org, filter, params);
  SB_ASSIGN_OR_RETURN(auto n, conn_.QueryInt(sql, params));
  return n.value_or(0);
}

Result<domain::Campaign> CampaignRepository::Get(int64_t org, const std::string& uuid) {
  domain::Campaign c;
  {
    SB_ASSIGN_OR_RETURN(
        auto rows,
        conn_.Query(kSelect + "WHERE c.organization_id = ? AND c.uuid = ?", {org, uuid}));
    SB_ASSIGN_OR_RETURN(bool found, rows->Next());
    if (!found) return Error::NotFound("Campaign");
    c = ReadCampaign(*rows);
  }
  SB_RETURN_IF_ERROR(Hydrate(org, c));
  return c;
}

Result<domain::Campaign> CampaignRepository::Create(int64_t org, const CampaignFields& f) {
  std::string uuid = ids_.NewUuid();
  const db::Timestamp now{clock_.NowSeconds()};
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(auto agent_id,
                        ResolveAgent(org, f.agent_uuid.value_or(std::optional<std::string>())));
    domain::Campaign c;
    c.name = f.name.value_or("");
    if (f.status) c.status = *f.status;  // else Draft
    static const std::string kInsert =
        "INSERT INTO campaigns (organization_id, uuid, " +
        entity_sql::StoredColumns(kCampaignEntity) + ", created_at, updated_at) VALUES (?, ?, " +
        Placeholders(entity_sql::StoredCount(kCampaignEntity)) + ", ?, ?)";
    // The agent is the one reference a create writes.
    db::Params params = entity_sql::StoredValues(
        kCampaignEntity, c, [&](const domain::CampaignField&) { return db::Nullable(agent_id); });
    params.insert(params.begin(), {db::Value(org), db::Value(uuid)});
    params.emplace_back(now);
    params.emplace_back(now);
    SB_RETURN_IF_ERROR(conn_.Exec(kInsert, params));
    return OkStatus();
  }));
  return Get(org, uuid);
}

Result<domain::Campaign> CampaignRepository::Update(int64_t org, const std::string& uuid,
                                                    const CampaignFields& f) {
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t id, LookupId(conn_, "campaigns", org, uuid, "Campaign"));
    db::Params params;
    std::string sql = "UPDATE campaigns SET updated_at = ?";
    params.emplace_back(db::Timestamp{clock_.NowSeconds()});
    if (f.name) {
      sql += ", name = ?";
      params.emplace_back(*f.name);
    }
    if (f.status) {
      sql += ", status = ?";
      params.emplace_back(*f.status);
    }
    if (f.agent_uuid) {
      SB_ASSIGN_OR_RETURN(auto agent_id, ResolveAgent(org, *f.agent_uuid));
      sql += ", agent_id = ?";
      params.push_back(db::Nullable(agent_id));
    }
    sql += " WHERE organization_id = ? AND id = ?";
    params.emplace_back(org);
    params.emplace_back(id);
    SB_RETURN_IF_ERROR(conn_.Exec(sql, params));
    return OkStatus();
  }));
  return Get(org, uuid);
}

Result<domain::Campaign> CampaignRepository::SetRule(int64_t org, const std::string& uuid,
                                                     const std::optional<std::string>& rule_uuid) {
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t id, LookupId(conn_, "campaigns", org, uuid, "Campaign"));
    std::optional<int64_t> rule_id;
    if (rule_uuid) {
      auto found = LookupId(conn_, "rules", org, *rule_uuid, "Rule");
      if (!found.ok()) {
        if (found.error().code() == ErrorCode::kNotFound) {
          return Error::Validation("rule_uuid", "The selected rule_uuid is invalid.");
        }
        return found.error();
      }
      rule_id = *found;
    }
    SB_RETURN_IF_ERROR(conn_.Exec(
        "UPDATE campaigns SET rule_id = ?, updated_at = ? WHERE organization_id = ? AND id = ?",
        {db::Nullable(rule_id), db::Timestamp{clock_.NowSeconds()}, org, id}));
    return OkStatus();
  }));
  return Get(org, uuid);
}

Status CampaignRepository::Delete(int64_t org, const std::string& uuid) {
  return db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(
        int64_t n,
        conn_.Exec("DELETE FROM campaigns WHERE organization_id = ? AND uuid = ?", {org, uuid}));
    if (n == 0) return Error::NotFound("Campaign");
    return OkStatus();
  });
}

Result<AttachPoolsResult> CampaignRepository::AttachPools(
    int64_t org, const std::string& uuid, const std::vector<std::string>& pool_uuids) {
  AttachPoolsResult result;
  const db::Timestamp now{clock_.NowSeconds()};
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t campaign_id, LookupId(conn_, "campaigns", org, uuid, "Campaign"));
    std::unordered_set<std::string> reported;
    for (const auto& pool_uuid : pool_uuids) {
      SB_ASSIGN_OR_RETURN(auto pool_id,
                          conn_.QueryInt("SELECT id FROM pools WHERE organization_id = ?"
                                         " AND uuid = ?",
                                         {org, pool_uuid}));
      if (!pool_id) {
        if (reported.insert(pool_uuid).second) result.not_found.push_back(pool_uuid);
        continue;
      }
      SB_ASSIGN_OR_RETURN(
          int64_t inserted,
          conn_.Exec("INSERT INTO campaign_pools (organization_id, campaign_id, pool_id,"
                     " created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                     {org, campaign_id, *pool_id, now}));
      if (inserted > 0) {
        ++result.attached;
      } else {
        ++result.already_attached;
      }
    }
    if (result.attached == 0) return OkStatus();
    SB_RETURN_IF_ERROR(
        conn_.Exec("UPDATE campaigns SET updated_at = ? WHERE organization_id = ? AND id = ?",
                   {now, org, campaign_id}));
    return OkStatus();
  }));
  return result;
}

Status CampaignRepository::DetachPool(int64_t org, const std::string& uuid,
                                      const std::string& pool_uuid) {
  return db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t campaign_id, LookupId(conn_, "campaigns", org, uuid, "Campaign"));
    SB_ASSIGN_OR_RETURN(
        int64_t n,
        conn_.Exec("DELETE FROM campaign_pools WHERE organization_id = ? AND campaign_id = ?"
                   " AND pool_id = (SELECT id FROM pools WHERE organization_id = ? AND uuid = ?)",
                   {org, campaign_id, org, pool_uuid}));
    if (n == 0) return Error::NotFound("Campaign pool");
    SB_RETURN_IF_ERROR(
        conn_.Exec("UPDATE campaigns SET updated_at = ? WHERE organization_id = ? AND id = ?",
                   {db::Timestamp{clock_.NowSeconds()}, org, campaign_id}));
    return OkStatus();
  });
}

}  // namespace sb::store
