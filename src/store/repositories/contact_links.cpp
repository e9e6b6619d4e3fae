#include "store/repositories/contact_links.hpp"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "store/repositories/store_util.hpp"

namespace sb::store::contact_links {

Result<std::vector<int64_t>> ResolveIds(db::Connection& conn, std::string_view table, int64_t org,
                                        const std::vector<std::string>& uuids,
                                        const std::string& field) {
  std::vector<std::string> unique = uuids;
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  std::vector<int64_t> ids;
  if (unique.empty()) return ids;
  db::Params params{org};
  for (const auto& u : unique) params.emplace_back(u);
  SB_ASSIGN_OR_RETURN(auto rows,
                      conn.Query(fmt::format("SELECT id, uuid FROM {} WHERE organization_id = ?"
                                             " AND uuid IN ({})",
                                             table, Placeholders(unique.size())),
                                 params));
  std::vector<std::string> seen;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    ids.push_back(rows->Int(0));
    seen.push_back(rows->String(1));
  }
  if (ids.size() != unique.size()) {
    std::string missing;
    for (const auto& u : unique) {
      if (std::find(seen.begin(), seen.end(), u) == seen.end()) {
        missing += (missing.empty() ? "" : ", ") + u;
      }
    }
    return Error::Validation(field, "Unknown " + field + ": " + missing);
  }
  return ids;
}

Result<db::Value> ResolveId(db::Connection& conn, std::string_view table, int64_t org,
                            const std::optional<std::string>& uuid, const std::string& field) {
  if (!uuid) return db::Value(db::Null{});
  SB_ASSIGN_OR_RETURN(auto ids, ResolveIds(conn, table, org, {*uuid}, field));
  return db::Value(ids.front());
}

Status ReplaceTags(db::Connection& conn, int64_t org, int64_t contact_id,
                   const std::vector<int64_t>& tag_ids, bool clear_first) {
  if (clear_first) {
    SB_RETURN_IF_ERROR(
        conn.Exec("DELETE FROM contact_tags WHERE organization_id = ? AND contact_id = ?",
                  {org, contact_id}));
  }
  for (int64_t tag : tag_ids) {
    SB_RETURN_IF_ERROR(
        conn.Exec("INSERT INTO contact_tags (organization_id, contact_id, tag_id) VALUES (?, ?, ?)"
                  " ON CONFLICT DO NOTHING",
                  {org, contact_id, tag}));
  }
  return OkStatus();
}

Status ReplaceAssignees(db::Connection& conn, int64_t org, int64_t contact_id,
                        const std::vector<int64_t>& user_ids) {
  SB_RETURN_IF_ERROR(
      conn.Exec("DELETE FROM contact_assignees WHERE organization_id = ? AND contact_id = ?",
                {org, contact_id}));
  for (int64_t user : user_ids) {
    SB_RETURN_IF_ERROR(
        conn.Exec("INSERT INTO contact_assignees (organization_id, contact_id, user_id)"
                  " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                  {org, contact_id, user}));
  }
  return OkStatus();
}

Status LoadTagsAndAssignees(db::Connection& conn, int64_t org,
                            std::vector<domain::Contact>& contacts) {
  if (contacts.empty()) return OkStatus();
  std::unordered_map<int64_t, domain::Contact*> by_id;
  // Sized up front: growing a vector of variants trips a false
  // -Wmaybe-uninitialized in GCC 12.
  db::Params params(contacts.size() + 1, db::Value(org));
  for (size_t i = 0; i < contacts.size(); ++i) {
    by_id[contacts[i].id] = &contacts[i];
    params[i + 1] = db::Value(contacts[i].id);
  }
  std::string in = Placeholders(contacts.size());
  {
    SB_ASSIGN_OR_RETURN(auto rows,
                        conn.Query("SELECT ct.contact_id, t.uuid, t.name"
                                   " FROM contact_tags ct JOIN tags t"
                                   " ON t.organization_id = ct.organization_id AND t.id = ct.tag_id"
                                   " WHERE ct.organization_id = ? AND ct.contact_id IN (" +
                                       in + ") ORDER BY t.name",
                                   params));
    while (true) {
      SB_ASSIGN_OR_RETURN(bool more, rows->Next());
      if (!more) break;
      by_id[rows->Int(0)]->tags.push_back({rows->String(1), rows->String(2)});
    }
  }
  SB_ASSIGN_OR_RETURN(auto rows,
                      conn.Query("SELECT ca.contact_id, u.uuid"
                                 " FROM contact_assignees ca JOIN users u"
                                 " ON u.organization_id = ca.organization_id AND u.id = ca.user_id"
                                 " WHERE ca.organization_id = ? AND ca.contact_id IN (" +
                                     in + ") ORDER BY u.uuid",
                                 params));
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    by_id[rows->Int(0)]->assignee_uuids.push_back(rows->String(1));
  }
  return OkStatus();
}

}  // namespace sb::store::contact_links
