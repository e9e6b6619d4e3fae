#include "services/contact_merge.hpp"

#include <rapidjson/document.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/json_parse.hpp"
#include "domain/contact_entity.hpp"
#include "services/outbox_events.hpp"
#include "store/drivers/dialect.hpp"
#include "store/repositories/contact_links.hpp"
#include "store/repositories/contact_sql.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::services {
namespace {

namespace contact_links = store::contact_links;
namespace contact_sql = store::contact_sql;

// The contact with its tags and assignees, as GET /api/v1/contacts/{uuid} shows it.
Result<domain::Contact> Load(db::Connection& conn, int64_t org, const std::string& uuid) {
  std::vector<domain::Contact> found;
  {
    SB_ASSIGN_OR_RETURN(
        auto rows, conn.Query(std::string("SELECT ") + contact_sql::kColumns + contact_sql::kFrom +
                                  " WHERE c.organization_id = ? AND c.uuid = ?",
                              {org, uuid}));
    SB_ASSIGN_OR_RETURN(bool has, rows->Next());
    if (!has) return Error::NotFound("Contact");
    found.push_back(contact_sql::ReadContact(*rows));
  }
  SB_RETURN_IF_ERROR(contact_links::LoadTagsAndAssignees(conn, org, found));
  return std::move(found.front());
}

// `target` with the members of `source` it lacks appended (both JSON
// objects; an unreadable document is left as it is).
std::string MergeMetadata(const std::string& target, const std::string& source) {
  rapidjson::Document t;
  rapidjson::Document s;
  if (!ParseJson(target, &t).ok() || !t.IsObject()) return target;
  if (!ParseJson(source, &s).ok() || !s.IsObject()) return target;
  bool added = false;
  for (auto& m : s.GetObject()) {
    if (t.HasMember(m.name)) continue;
    t.AddMember(rapidjson::Value(m.name, t.GetAllocator()),
                rapidjson::Value(m.value, t.GetAllocator()), t.GetAllocator());
    added = true;
  }
  if (!added) return target;
  // Both were at most kMaxJsonDepth deep, and so is their union.
  auto merged = WriteJson(t);
  return merged.ok() ? std::move(merged).value() : target;
}

template <typename T>
void Fill(std::optional<T>& target, const std::optional<T>& source) {
  if (!target) target = source;
}

// The target's fields after the merge (see MergeContacts).
domain::Contact MergedFields(domain::Contact t, const domain::Contact& s) {
  if (!t.phone_number && s.phone_number) {
    // A number travels with what was read from it.
    t.phone_number = s.phone_number;
    t.number_type = s.number_type;
    t.country_code = s.country_code;
  }
  // Every other optional text a client sets comes from the other contact
  // when the target lacks it: the declaration lists them, so a new field
  // merges with no code here.
  for (const auto& f : domain::kContactEntity) {
    if (f.write != domain::Write::kClient || f.type == domain::FieldType::kJson) continue;
    if (f.wire == "phone_number") continue;  // travels with its reading, above
    using Text = std::optional<std::string> domain::Contact::*;
    if (const Text* m = std::get_if<Text>(&f.member)) Fill(t.**m, s.**m);
  }
  t.metadata = MergeMetadata(t.metadata, s.metadata);
  // An opt-out is the person's, whichever record it was given on.
  t.do_not_call = t.do_not_call || s.do_not_call;
  return t;
}

struct Membership {
  int64_t id = 0;
  std::string status;
};

// The contact's pool memberships by pool id.
Result<std::map<int64_t, Membership>> Memberships(db::Connection& conn, int64_t org,
                                                  int64_t contact_id) {
  std::map<int64_t, Membership> out;
  SB_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT pool_id, id, status FROM pool_items"
                                            " WHERE organization_id = ? AND contact_id = ?",
                                            {org, contact_id}));
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out[rows->Int(0)] = Membership{rows->Int(1), rows->String(2)};
  }
  return out;
}

// Moves the source's memberships to the target; where both are in one pool,
// the target's stays unless it is Pending and the source's is not.
Status MoveMemberships(db::Connection& conn, int64_t org, int64_t target, int64_t source,
                       int64_t now) {
  SB_ASSIGN_OR_RETURN(auto theirs, Memberships(conn, org, source));
  SB_ASSIGN_OR_RETURN(auto ours, Memberships(conn, org, target));
  for (const auto& [pool, member] : theirs) {
    auto it = ours.find(pool);
    if (it != ours.end()) {
      bool take_source = it->second.status == "Pending" && member.status != "Pending";
      int64_t dropped = take_source ? it->second.id : member.id;
      SB_RETURN_IF_ERROR(
          conn.Exec("DELETE FROM pool_items WHERE organization_id = ? AND id = ?", {org, dropped}));
      if (!take_source) continue;
    }
    SB_RETURN_IF_ERROR(
        conn.Exec("UPDATE pool_items SET contact_id = ?, updated_at = ?"
                  " WHERE organization_id = ? AND id = ?",
                  {target, db::Timestamp{now}, org, member.id}));
  }
  return OkStatus();
}

// Moves the source's rows of `table` (a fixed name, keyed by contact and
// `other`) to the target, except those the target already has.
Status MoveLinks(db::Connection& conn, std::string_view table, std::string_view other, int64_t org,
                 int64_t target, int64_t source) {
  std::string t(table);
  std::string o(other);
  SB_RETURN_IF_ERROR(
      conn.Exec("UPDATE " + t + " SET contact_id = ? WHERE organization_id = ? AND contact_id = ?" +
                    " AND " + o + " NOT IN (SELECT " + o + " FROM " + t +
                    " WHERE organization_id = ? AND contact_id = ?)",
                {target, org, source, org, target}));
  return OkStatus();
}

}  // namespace

Result<domain::Contact> MergeContacts(UnitOfWork& uow, const std::string& target_uuid,
                                      const std::string& source_uuid) {
  if (target_uuid == source_uuid) {
    return Error::Validation("from_uuid", "The from_uuid must name another contact.");
  }
  db::Connection& conn = uow.conn();
  const int64_t org = uow.org();
  const int64_t now = uow.now();
  {
    // Both rows are locked in id order, so two merges of the same pair wait
    // for each other instead of deadlocking.
    {
      SB_ASSIGN_OR_RETURN(auto locked, conn.Query("SELECT c.id FROM contacts c"
                                                  " WHERE c.organization_id = ? AND"
                                                  " c.uuid IN (?, ?) ORDER BY c.id" +
                                                      conn.dialect().ForUpdate("c"),
                                                  {org, target_uuid, source_uuid}));
      while (true) {
        SB_ASSIGN_OR_RETURN(bool more, locked->Next());
        if (!more) break;
      }
    }
    SB_ASSIGN_OR_RETURN(domain::Contact target, Load(conn, org, target_uuid));
    SB_ASSIGN_OR_RETURN(domain::Contact source, Load(conn, org, source_uuid));
    SB_ASSIGN_OR_RETURN(
        auto source_creator,
        conn.QueryInt(
            "SELECT created_by_user_id FROM contacts WHERE organization_id = ? AND id = ?",
            {org, source.id}));

    SB_RETURN_IF_ERROR(MoveLinks(conn, "contact_tags", "tag_id", org, target.id, source.id));
    SB_RETURN_IF_ERROR(MoveLinks(conn, "contact_assignees", "user_id", org, target.id, source.id));
    SB_RETURN_IF_ERROR(MoveMemberships(conn, org, target.id, source.id, now));
    for (const char* table : {"calls", "messages"}) {
      SB_RETURN_IF_ERROR(conn.Exec(std::string("UPDATE ") + table +
                                       " SET contact_id = ? WHERE organization_id = ?"
                                       " AND contact_id = ?",
                                   {target.id, org, source.id}));
    }
    // The source goes first: its phone number may pass to the target.
    store::EventOutbox& outbox = uow.outbox();
    SB_RETURN_IF_ERROR(outbox_events::Contacts(outbox, conn, org, outbox_events::kContactDeleted,
                                               {source.id}, target.uuid));
    SB_RETURN_IF_ERROR(
        conn.Exec("DELETE FROM contacts WHERE organization_id = ? AND id = ?", {org, source.id}));

    domain::Contact merged = MergedFields(target, source);
    SB_ASSIGN_OR_RETURN(auto stage, contact_links::ResolveId(conn, "pipeline_stages", org,
                                                             merged.stage_uuid, "stage_uuid"));
    SB_ASSIGN_OR_RETURN(
        auto owner, contact_links::ResolveId(conn, "users", org, merged.owner_uuid, "owner_uuid"));
    db::Params params = contact_sql::FieldValues(merged, stage, owner);
    params.emplace_back(db::Timestamp{now});
    params.emplace_back(org);
    params.emplace_back(target.id);
    SB_RETURN_IF_ERROR(conn.Exec(std::string("UPDATE contacts SET ") + contact_sql::kUpdateSets +
                                     ", updated_at = ? WHERE organization_id = ? AND id = ?",
                                 params));
    if (!target.created_by_uuid && source_creator) {
      SB_RETURN_IF_ERROR(
          conn.Exec("UPDATE contacts SET created_by_user_id = ?"
                    " WHERE organization_id = ? AND id = ?",
                    {*source_creator, org, target.id}));
    }
    // The latest call and message, now that both contacts' are the target's.
    if (source.last_call_at &&
        (!target.last_call_at || *source.last_call_at > *target.last_call_at)) {
      SB_RETURN_IF_ERROR(conn.Exec(
          "UPDATE contacts SET last_call_status = ?, last_call_at = ?, last_call_duration = ?,"
          " last_call_feedback = ? WHERE organization_id = ? AND id = ?",
          {db::Nullable(source.last_call_status), db::Timestamp{*source.last_call_at},
           db::Nullable(source.last_call_duration), db::Nullable(source.last_call_feedback), org,
           target.id}));
    }
    if (source.last_message_at &&
        (!target.last_message_at || *source.last_message_at > *target.last_message_at)) {
      SB_RETURN_IF_ERROR(
          conn.Exec("UPDATE contacts SET last_message_at = ?, last_message_status = ?"
                    " WHERE organization_id = ? AND id = ?",
                    {db::Timestamp{*source.last_message_at},
                     db::Nullable(source.last_message_status), org, target.id}));
    }
    SB_RETURN_IF_ERROR(
        outbox_events::Contacts(outbox, conn, org, outbox_events::kContactUpdated, {target.id}));
  }
  return Load(conn, org, target_uuid);
}

}  // namespace sb::services
