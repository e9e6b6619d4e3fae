#include "store/repositories/message_repository.hpp"

#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

constexpr const char* kSelect =
    "SELECT m.id, m.uuid, c.uuid, m.channel, m.direction, m.body, m.status, m.sent_at,"
    " m.created_at FROM messages m JOIN contacts c ON c.id = m.contact_id ";

domain::Message ReadMessage(const db::Rows& r) {
  domain::Message m;
  m.id = r.Int(0);
  m.uuid = r.String(1);
  m.contact_uuid = r.String(2);
  m.channel = r.String(3);
  m.direction = r.String(4);
  m.body = r.String(5);
  m.status = r.String(6);
  m.sent_at = r.Time(7);
  m.created_at = r.Time(8);
  return m;
}

}  // namespace

Result<domain::Message> MessageRepository::Create(int64_t org, const std::string& contact_uuid,
                                                  const domain::NewMessage& message) {
  const std::string uuid = ids_.NewUuid();
  const int64_t now = clock_.NowSeconds();
  Status st = db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t contact_id,
                        LookupId(conn_, "contacts", org, contact_uuid, "Contact"));
    SB_RETURN_IF_ERROR(conn_.Exec(
        "INSERT INTO messages (organization_id, uuid, contact_id, channel, direction, body,"
        " status, sent_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {org, uuid, contact_id, message.channel, message.direction, message.body, message.status,
         db::Timestamp{message.sent_at}, db::Timestamp{now}, db::Timestamp{now}}));
    // Conditional, so a message recorded late never overwrites a newer one.
    SB_RETURN_IF_ERROR(
        conn_.Exec("UPDATE contacts SET last_message_at = ?, last_message_status = ?"
                   " WHERE organization_id = ? AND id = ?"
                   " AND (last_message_at IS NULL OR last_message_at <= ?)",
                   {db::Timestamp{message.sent_at}, message.status, org, contact_id,
                    db::Timestamp{message.sent_at}}));
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return Get(org, uuid);
}

Result<domain::Message> MessageRepository::Get(int64_t org, const std::string& uuid) {
  SB_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(std::string(kSelect) + "WHERE m.organization_id = ? AND m.uuid = ?",
                             {org, uuid}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return Error::NotFound("Message");
  return ReadMessage(*rows);
}

Result<std::vector<domain::Message>> MessageRepository::List(int64_t org,
                                                             const std::string& contact_uuid,
                                                             const domain::PageRequest& page) {
  SB_ASSIGN_OR_RETURN(int64_t contact_id,
                      LookupId(conn_, "contacts", org, contact_uuid, "Contact"));
  SB_ASSIGN_OR_RETURN(
      auto rows,
      conn_.Query(std::string(kSelect) + "WHERE m.organization_id = ? AND m.contact_id = ?"
                                         " ORDER BY m.sent_at DESC, m.id DESC LIMIT ? OFFSET ?",
                  {org, contact_id, page.per_page, page.Offset()}));
  std::vector<domain::Message> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back(ReadMessage(*rows));
  }
  return out;
}

Result<int64_t> MessageRepository::Count(int64_t org, const std::string& contact_uuid) {
  SB_ASSIGN_OR_RETURN(
      auto n, conn_.QueryInt("SELECT COUNT(*) FROM messages m WHERE m.organization_id = ? AND"
                             " m.contact_id = (SELECT id FROM contacts WHERE organization_id = ?"
                             " AND uuid = ?)",
                             {org, org, contact_uuid}));
  return n.value_or(0);
}

}  // namespace sb::store
