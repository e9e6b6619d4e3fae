#include "store/repositories/contact_repository.hpp"

#include <algorithm>
#include <map>

#include "store/repositories/contact_links.hpp"
#include "store/repositories/contact_sql.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {

using contact_links::LoadTagsAndAssignees;
using contact_links::ResolveId;
using contact_links::ResolveIds;
using contact_sql::AppendFilter;
using contact_sql::FieldValues;
using contact_sql::kColumns;
using contact_sql::kFieldColumns;
using contact_sql::kFieldCount;
using contact_sql::kFrom;
using contact_sql::kUpdateSets;
using contact_sql::ReadContact;

Result<ContactPage> ContactRepository::List(int64_t org, int64_t generation,
                                            const domain::ContactFilter& filter,
                                            const domain::PageRequest& page, CountCache& counts) {
  // With a trigram search the matching rowids are few and already sorted: make
  // SQLite drive the query from them (the unary + keeps it off the organization
  // index, which would visit every contact of the organization).
  bool trigram = filter.search && conn_.dialect().SearchDrivesQuery(*filter.search);
  std::string where = trigram ? " WHERE +c.organization_id = ?" : " WHERE c.organization_id = ?";
  db::Params params{org};
  AppendFilter(conn_.dialect(), org, filter, where, params);

  ContactPage out;
  std::string key = "contacts|" + filter.CacheKey();
  if (auto cached = counts.Get(org, generation, key)) {
    out.total = *cached;
  } else {
    SB_ASSIGN_OR_RETURN(auto total,
                        conn_.QueryInt("SELECT COUNT(*) FROM contacts c" + where, params));
    out.total = total.value_or(0);
    counts.Put(org, generation, key, out.total);
  }
  if (page.Offset() >= out.total) return out;  // past the end: no query needed

  // Newest first by the integer key, which every index carries, so no sort step.
  db::Params page_params = params;
  page_params.emplace_back(page.per_page);
  page_params.emplace_back(page.Offset());
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query(std::string("SELECT ") + kColumns + kFrom + where +
                                                 " ORDER BY c.id DESC LIMIT ? OFFSET ?",
                                             page_params));
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.contacts.push_back(ReadContact(*rows));
  }
  rows.reset();
  SB_RETURN_IF_ERROR(LoadTagsAndAssignees(conn_, org, out.contacts));
  return out;
}

Result<domain::Contact> ContactRepository::Get(int64_t org, const std::string& uuid) {
  std::vector<domain::Contact> found;
  {
    SB_ASSIGN_OR_RETURN(auto rows, conn_.Query(std::string("SELECT ") + kColumns + kFrom +
                                                   " WHERE c.organization_id = ? AND c.uuid = ?",
                                               {org, uuid}));
    SB_ASSIGN_OR_RETURN(bool has, rows->Next());
    if (!has) return Error::NotFound("Contact");
    found.push_back(ReadContact(*rows));
  }
  SB_RETURN_IF_ERROR(LoadTagsAndAssignees(conn_, org, found));
  return std::move(found.front());
}

namespace {

Error PhoneTaken() {
  return Error::Conflict("A contact with this phone_number already exists.", "phone_number");
}

}  // namespace

// Stage, owner and assignees name rows of the organization: resolved inside
// the write's transaction so a concurrent delete cannot slip between.
Result<ContactRepository::Links> ContactRepository::ResolveLinks(int64_t org,
                                                                 const domain::Contact& c) {
  Links links;
  SB_ASSIGN_OR_RETURN(links.stage,
                      ResolveId(conn_, "pipeline_stages", org, c.stage_uuid, "stage_uuid"));
  SB_ASSIGN_OR_RETURN(links.owner, ResolveId(conn_, "users", org, c.owner_uuid, "owner_uuid"));
  SB_ASSIGN_OR_RETURN(links.assignees,
                      ResolveIds(conn_, "users", org, c.assignee_uuids, "assignee_uuids"));
  return links;
}

Result<domain::Contact> ContactRepository::Create(int64_t org, int64_t user_id,
                                                  domain::Contact contact,
                                                  const std::vector<std::string>& tag_uuids) {
  contact.uuid = ids_.NewUuid();
  contact.created_at = contact.updated_at = clock_.NowSeconds();
  Status st = db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(Links links, ResolveLinks(org, contact));
    SB_ASSIGN_OR_RETURN(auto tag_ids, ResolveIds(conn_, "tags", org, tag_uuids, "tag_uuids"));
    db::Params params{org, contact.uuid};
    for (auto& v : FieldValues(contact, links.stage, links.owner)) params.push_back(std::move(v));
    params.emplace_back(user_id);
    params.emplace_back(db::Timestamp{contact.created_at});
    params.emplace_back(db::Timestamp{contact.updated_at});
    auto id = conn_.QueryInt(std::string("INSERT INTO contacts (organization_id, uuid, ") +
                                 kFieldColumns +
                                 ", created_by_user_id, created_at, updated_at)"
                                 " VALUES (?, ?, " +
                                 Placeholders(kFieldCount + 3) + ") RETURNING id",
                             params);
    if (!id.ok()) return id.error().code() == ErrorCode::kConflict ? PhoneTaken() : id.error();
    SB_RETURN_IF_ERROR(contact_links::ReplaceTags(conn_, org, **id, tag_ids, false));
    SB_RETURN_IF_ERROR(contact_links::ReplaceAssignees(conn_, org, **id, links.assignees));
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return Get(org, contact.uuid);
}

Result<domain::Contact> ContactRepository::Update(
    int64_t org, const domain::Contact& contact,
    const std::optional<std::vector<std::string>>& tag_uuids) {
  Status st = db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(Links links, ResolveLinks(org, contact));
    std::vector<int64_t> tag_ids;
    if (tag_uuids) {
      SB_ASSIGN_OR_RETURN(tag_ids, ResolveIds(conn_, "tags", org, *tag_uuids, "tag_uuids"));
    }
    db::Params params = FieldValues(contact, links.stage, links.owner);
    params.emplace_back(db::Timestamp{clock_.NowSeconds()});
    params.emplace_back(org);
    params.emplace_back(contact.uuid);
    auto changed = conn_.Exec(std::string("UPDATE contacts SET ") + kUpdateSets +
                                  ", updated_at = ? WHERE organization_id = ? AND uuid = ?",
                              params);
    if (!changed.ok()) {
      return changed.error().code() == ErrorCode::kConflict ? PhoneTaken() : changed.error();
    }
    if (*changed == 0) return Error::NotFound("Contact");
    if (tag_uuids) {
      SB_RETURN_IF_ERROR(contact_links::ReplaceTags(conn_, org, contact.id, tag_ids, true));
    }
    SB_RETURN_IF_ERROR(contact_links::ReplaceAssignees(conn_, org, contact.id, links.assignees));
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return Get(org, contact.uuid);
}

Status ContactRepository::Delete(int64_t org, const std::string& uuid) {
  return db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(
        int64_t n,
        conn_.Exec("DELETE FROM contacts WHERE organization_id = ? AND uuid = ?", {org, uuid}));
    if (n == 0) return Error::NotFound("Contact");
    return OkStatus();
  });
}

Result<domain::Contact> ContactRepository::AddTags(int64_t org, const std::string& uuid,
                                                   const std::vector<std::string>& tag_uuids) {
  Status st = db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t contact_id, LookupId(conn_, "contacts", org, uuid, "Contact"));
    SB_ASSIGN_OR_RETURN(auto tag_ids, ResolveIds(conn_, "tags", org, tag_uuids, "tag_uuids"));
    SB_RETURN_IF_ERROR(contact_links::ReplaceTags(conn_, org, contact_id, tag_ids, false));
    SB_RETURN_IF_ERROR(
        conn_.Exec("UPDATE contacts SET updated_at = ? WHERE organization_id = ? AND id = ?",
                   {db::Timestamp{clock_.NowSeconds()}, org, contact_id}));
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return Get(org, uuid);
}

Status ContactRepository::RemoveTag(int64_t org, const std::string& uuid,
                                    const std::string& tag_uuid) {
  return db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t contact_id, LookupId(conn_, "contacts", org, uuid, "Contact"));
    SB_ASSIGN_OR_RETURN(int64_t n,
                        conn_.Exec("DELETE FROM contact_tags WHERE organization_id = ? AND"
                                   " contact_id = ? AND tag_id = (SELECT id FROM tags WHERE"
                                   " organization_id = ? AND uuid = ?)",
                                   {org, contact_id, org, tag_uuid}));
    if (n == 0) return Error::NotFound("Tag on this contact");
    SB_RETURN_IF_ERROR(
        conn_.Exec("UPDATE contacts SET updated_at = ? WHERE organization_id = ? AND id = ?",
                   {db::Timestamp{clock_.NowSeconds()}, org, contact_id}));
    return OkStatus();
  });
}

}  // namespace sb::store
