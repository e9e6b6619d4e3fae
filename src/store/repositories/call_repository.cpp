#include "store/repositories/call_repository.hpp"

#include <fmt/format.h>

#include "store/repositories/call_log.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

constexpr const char* kSelect =
    "SELECT k.id, k.uuid, c.uuid, a.uuid, p.uuid, g.uuid, k.direction, k.status, k.started_at,"
    " k.duration, k.feedback, k.recording_url, k.created_at"
    " FROM calls k JOIN contacts c ON c.id = k.contact_id"
    " LEFT JOIN agents a ON a.id = k.agent_id"
    " LEFT JOIN phone_numbers p ON p.id = k.phone_number_id"
    " LEFT JOIN campaigns g ON g.id = k.campaign_id ";

domain::Call ReadCall(const db::Rows& r) {
  domain::Call k;
  k.id = r.Int(0);
  k.uuid = r.String(1);
  k.contact_uuid = r.String(2);
  k.agent_uuid = r.OptString(3);
  k.phone_number_uuid = r.OptString(4);
  k.campaign_uuid = r.OptString(5);
  k.direction = r.String(6);
  k.status = r.String(7);
  k.started_at = r.Time(8);
  k.duration = r.Int(9);
  k.feedback = r.OptString(10);
  k.recording_url = r.OptString(11);
  k.created_at = r.Time(12);
  return k;
}

std::string Where(int64_t org, const domain::CallFilter& filter, db::Params& params) {
  std::string sql = "WHERE k.organization_id = ?";
  params.emplace_back(org);
  if (filter.contact_uuid) {
    sql += " AND k.contact_id = (SELECT id FROM contacts WHERE organization_id = ? AND uuid = ?)";
    params.emplace_back(org);
    params.emplace_back(*filter.contact_uuid);
  }
  if (filter.campaign_uuid) {
    sql += " AND k.campaign_id = (SELECT id FROM campaigns WHERE organization_id = ? AND uuid = ?)";
    params.emplace_back(org);
    params.emplace_back(*filter.campaign_uuid);
  }
  if (filter.status) {
    sql += " AND k.status = ?";
    params.emplace_back(*filter.status);
  }
  if (filter.started_from) {
    sql += " AND k.started_at >= ?";
    params.emplace_back(db::Timestamp{*filter.started_from});
  }
  if (filter.started_until) {
    sql += " AND k.started_at < ?";
    params.emplace_back(db::Timestamp{*filter.started_until});
  }
  return sql;
}

}  // namespace

Result<int64_t> CallRepository::Reference(int64_t org, const char* table, const std::string& uuid,
                                          const char* field) {
  auto id = LookupId(conn_, table, org, uuid, field);
  if (!id.ok() && id.error().code() == ErrorCode::kNotFound) {
    return Error::Validation(field, fmt::format("The selected {} is invalid.", field));
  }
  return id;
}

Status CallRepository::RequireContact(int64_t org, const std::string& contact_uuid) {
  SB_RETURN_IF_ERROR(LookupId(conn_, "contacts", org, contact_uuid, "Contact"));
  return OkStatus();
}

Result<domain::Call> CallRepository::Create(int64_t org, const domain::NewCall& call) {
  const std::string uuid = ids_.NewUuid();
  const int64_t now = clock_.NowSeconds();
  Status st = db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t contact_id,
                        Reference(org, "contacts", call.contact_uuid, "contact_uuid"));
    CallRow row;
    row.uuid = uuid;
    row.contact_id = contact_id;
    if (call.agent_uuid) {
      SB_ASSIGN_OR_RETURN(row.agent_id, Reference(org, "agents", *call.agent_uuid, "agent_uuid"));
    }
    if (call.phone_number_uuid) {
      SB_ASSIGN_OR_RETURN(
          row.phone_number_id,
          Reference(org, "phone_numbers", *call.phone_number_uuid, "phone_number_uuid"));
    }
    if (call.campaign_uuid) {
      SB_ASSIGN_OR_RETURN(row.campaign_id,
                          Reference(org, "campaigns", *call.campaign_uuid, "campaign_uuid"));
    }
    row.direction = call.direction;
    row.status = call.status;
    row.started_at = call.started_at;
    row.duration = call.duration;
    row.feedback = call.feedback;
    row.recording_url = call.recording_url;
    SB_RETURN_IF_ERROR(InsertCallRow(conn_, org, row, now));
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return Get(org, uuid);
}

Result<domain::Call> CallRepository::Get(int64_t org, const std::string& uuid) {
  SB_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(std::string(kSelect) + "WHERE k.organization_id = ? AND k.uuid = ?",
                             {org, uuid}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return Error::NotFound("Call");
  return ReadCall(*rows);
}

Result<std::vector<domain::Call>> CallRepository::List(int64_t org,
                                                       const domain::CallFilter& filter,
                                                       const domain::PageRequest& page) {
  db::Params params;
  std::string sql = std::string(kSelect) + Where(org, filter, params) +
                    " ORDER BY k.started_at DESC, k.id DESC LIMIT ? OFFSET ?";
  params.emplace_back(page.per_page);
  params.emplace_back(page.Offset());
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query(sql, params));
  std::vector<domain::Call> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back(ReadCall(*rows));
  }
  return out;
}

Result<int64_t> CallRepository::Count(int64_t org, const domain::CallFilter& filter) {
  db::Params params;
  std::string sql = "SELECT COUNT(*) FROM calls k " + Where(org, filter, params);
  SB_ASSIGN_OR_RETURN(auto n, conn_.QueryInt(sql, params));
  return n.value_or(0);
}

}  // namespace sb::store
