#include "store/repositories/event_rows.hpp"

#include <algorithm>

#include "domain/contact_entity.hpp"
#include "store/repositories/entity_sql.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store::event_rows {
namespace {

// Statements take at most this many listed values.
constexpr size_t kChunk = 500;

// Named as the contact's declaration names them, so the rows read by name.
constexpr const char* kContactColumns =
    "SELECT c.uuid AS uuid, c.name AS name, c.surname AS surname, c.email AS email,"
    " c.phone_number AS phone_number, c.country_code AS country_code, c.status AS status,"
    " c.do_not_call AS do_not_call, c.created_at AS created_at, c.updated_at AS updated_at"
    " FROM contacts c WHERE c.organization_id = ? AND c.";

template <typename Key>
Result<std::vector<domain::Contact>> ReadContacts(db::Connection& conn, int64_t org,
                                                  const char* column,
                                                  const std::vector<Key>& keys) {
  std::vector<domain::Contact> out;
  for (size_t i = 0; i < keys.size(); i += kChunk) {
    const size_t n = std::min(kChunk, keys.size() - i);
    db::Params params{org};
    for (size_t j = i; j < i + n; ++j) params.emplace_back(keys[j]);
    SB_ASSIGN_OR_RETURN(auto rows, conn.Query(std::string(kContactColumns) + column + " IN (" +
                                                  Placeholders(n) + ") ORDER BY c.id",
                                              params));
    while (true) {
      SB_ASSIGN_OR_RETURN(bool more, rows->Next());
      if (!more) break;
      entity_sql::ReadRow<domain::kContactEntity>(*rows, out.emplace_back());
    }
  }
  return out;
}

}  // namespace

Result<std::vector<domain::Contact>> ContactsById(db::Connection& conn, int64_t org,
                                                  const std::vector<int64_t>& ids) {
  return ReadContacts(conn, org, "id", ids);
}

Result<std::vector<domain::Contact>> ContactsByUuid(db::Connection& conn, int64_t org,
                                                    const std::vector<std::string>& uuids) {
  return ReadContacts(conn, org, "uuid", uuids);
}

Result<RecordedCall> Call(db::Connection& conn, int64_t org, const std::string& call_uuid) {
  SB_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query("SELECT k.uuid, c.uuid, a.uuid, n.uuid, g.uuid, p.uuid, k.direction, k.status,"
                 " k.started_at, k.duration, k.feedback, k.recording_url, k.attempt"
                 " FROM calls k JOIN contacts c ON c.organization_id = k.organization_id"
                 " AND c.id = k.contact_id"
                 " LEFT JOIN agents a ON a.organization_id = k.organization_id"
                 " AND a.id = k.agent_id"
                 " LEFT JOIN phone_numbers n ON n.organization_id = k.organization_id"
                 " AND n.id = k.phone_number_id"
                 " LEFT JOIN campaigns g ON g.organization_id = k.organization_id"
                 " AND g.id = k.campaign_id"
                 " LEFT JOIN pools p ON p.organization_id = k.organization_id AND p.id = k.pool_id"
                 " WHERE k.organization_id = ? AND k.uuid = ?",
                 {org, call_uuid}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return Error::Internal("the recorded call is not there");
  RecordedCall c;
  c.uuid = rows->Text(0);
  c.contact_uuid = rows->Text(1);
  c.agent_uuid = rows->OptString(2);
  c.phone_number_uuid = rows->OptString(3);
  c.campaign_uuid = rows->OptString(4);
  c.pool_uuid = rows->OptString(5);
  c.direction = rows->Text(6);
  c.status = rows->Text(7);
  c.started_at = rows->Time(8);
  c.duration = rows->Int(9);
  c.feedback = rows->OptString(10);
  c.recording_url = rows->OptString(11);
  c.attempt = rows->OptInt(12);
  return c;
}

}  // namespace sb::store::event_rows
