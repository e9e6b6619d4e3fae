#include "store/contact_repository.hpp"

#include <algorithm>
#include <map>

#include "store/contact_sql.hpp"
#include "store/store_util.hpp"

namespace sb::store {

using contact_sql::AppendFilter;
using contact_sql::kColumns;
using contact_sql::kFrom;
using contact_sql::ReadContact;

Result<ContactPage> ContactRepository::List(int64_t org, int64_t generation,
                                            const domain::ContactFilter& filter,
                                            const domain::PageRequest& page, CountCache& counts) {
  // With a trigram search the matching rowids are few and already sorted: make
  // SQLite drive the query from them (the unary + keeps it off the organization
  // index, which would visit every contact of the organization).
  bool trigram = filter.search && contact_sql::TrigramQuery(*filter.search);
  std::string where = trigram ? " WHERE +c.organization_id = ?" : " WHERE c.organization_id = ?";
  db::Params params{org};
  AppendFilter(org, filter, where, params);

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
  SB_RETURN_IF_ERROR(LoadTags(org, out.contacts));
  return out;
}

Status ContactRepository::LoadTags(int64_t org, std::vector<domain::Contact>& contacts) {
  if (contacts.empty()) return OkStatus();
  std::map<int64_t, domain::Contact*> by_id;
  db::Params params{org};
  for (auto& c : contacts) {
    by_id[c.id] = &c;
    params.emplace_back(c.id);
  }
  SB_ASSIGN_OR_RETURN(auto rows,
                      conn_.Query("SELECT ct.contact_id, t.uuid, t.name"
                                  " FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
                                  " WHERE ct.organization_id = ? AND ct.contact_id IN (" +
                                      Placeholders(contacts.size()) + ") ORDER BY t.name",
                                  params));
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    by_id[rows->Int(0)]->tags.push_back({rows->String(1), rows->String(2)});
  }
  return OkStatus();
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
  SB_RETURN_IF_ERROR(LoadTags(org, found));
  return std::move(found.front());
}

Result<std::vector<int64_t>> ContactRepository::ResolveTags(
    int64_t org, const std::vector<std::string>& tag_uuids) {
  std::vector<std::string> unique = tag_uuids;
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  std::vector<int64_t> ids;
  if (unique.empty()) return ids;
  db::Params params{org};
  for (const auto& u : unique) params.emplace_back(u);
  SB_ASSIGN_OR_RETURN(
      auto rows, conn_.Query("SELECT id, uuid FROM tags WHERE organization_id = ? AND uuid IN (" +
                                 Placeholders(unique.size()) + ")",
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
      if (std::find(seen.begin(), seen.end(), u) == seen.end())
        missing += (missing.empty() ? "" : ", ") + u;
    }
    return Error::Validation("tag_uuids", "Unknown tag_uuids: " + missing);
  }
  return ids;
}

Result<db::Value> ContactRepository::ResolveStage(int64_t org,
                                                  const std::optional<std::string>& stage_uuid) {
  if (!stage_uuid) return db::Value(db::Null{});
  SB_ASSIGN_OR_RETURN(
      auto id,
      conn_.QueryInt("SELECT id FROM pipeline_stages WHERE organization_id = ? AND uuid = ?",
                     {org, *stage_uuid}));
  if (!id) return Error::Validation("stage_uuid", "Unknown stage_uuid: " + *stage_uuid);
  return db::Value(*id);
}

namespace {

Error PhoneTaken() {
  return Error::Conflict("A contact with this phone_number already exists.", "phone_number");
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

db::Params FieldValues(const domain::Contact& c, const db::Value& stage) {
  return {c.name,
          db::Nullable(c.surname),
          db::Nullable(c.email),
          db::Nullable(c.phone_number),
          db::Nullable(c.number_type),
          db::Nullable(c.country_code),
          db::Nullable(c.timezone),
          db::Nullable(c.primary_language),
          db::Nullable(c.preferred_contact_channel),
          db::Nullable(c.preferred_contact_time),
          c.status,
          stage,
          db::Nullable(c.notes),
          c.metadata};
}

constexpr const char* kFieldColumns =
    "name, surname, email, phone_number, number_type, country_code, timezone, primary_language,"
    " preferred_contact_channel, preferred_contact_time, status, stage_id, notes, metadata";
constexpr const char* kUpdateSets =
    "name = ?, surname = ?, email = ?, phone_number = ?, number_type = ?, country_code = ?,"
    " timezone = ?, primary_language = ?, preferred_contact_channel = ?,"
    " preferred_contact_time = ?, status = ?, stage_id = ?, notes = ?, metadata = ?";

}  // namespace

Result<domain::Contact> ContactRepository::Create(int64_t org, int64_t user_id,
                                                  domain::Contact contact,
                                                  const std::vector<std::string>& tag_uuids) {
  contact.uuid = ids_.NewUuid();
  contact.created_at = contact.updated_at = clock_.NowSeconds();
  Status st = db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(db::Value stage, ResolveStage(org, contact.stage_uuid));
    SB_ASSIGN_OR_RETURN(auto tag_ids, ResolveTags(org, tag_uuids));
    db::Params params{org, contact.uuid};
    for (auto& v : FieldValues(contact, stage)) params.push_back(std::move(v));
    params.emplace_back(user_id);
    params.emplace_back(user_id);
    params.emplace_back(contact.created_at);
    params.emplace_back(contact.updated_at);
    auto id = conn_.QueryInt(std::string("INSERT INTO contacts (organization_id, uuid, ") +
                                 kFieldColumns +
                                 ", owner_user_id, created_by_user_id, created_at, updated_at)"
                                 " VALUES (?, ?, " +
                                 Placeholders(18) + ") RETURNING id",
                             params);
    if (!id.ok()) return id.error().code() == ErrorCode::kConflict ? PhoneTaken() : id.error();
    SB_RETURN_IF_ERROR(ReplaceTags(conn_, org, **id, tag_ids, false));
    return BumpGeneration(conn_, org);
  });
  SB_RETURN_IF_ERROR(st);
  return Get(org, contact.uuid);
}

Result<domain::Contact> ContactRepository::Update(
    int64_t org, const domain::Contact& contact,
    const std::optional<std::vector<std::string>>& tag_uuids) {
  Status st = db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(db::Value stage, ResolveStage(org, contact.stage_uuid));
    std::vector<int64_t> tag_ids;
    if (tag_uuids) {
      SB_ASSIGN_OR_RETURN(tag_ids, ResolveTags(org, *tag_uuids));
    }
    db::Params params = FieldValues(contact, stage);
    params.emplace_back(clock_.NowSeconds());
    params.emplace_back(org);
    params.emplace_back(contact.uuid);
    auto changed = conn_.Exec(std::string("UPDATE contacts SET ") + kUpdateSets +
                                  ", updated_at = ? WHERE organization_id = ? AND uuid = ?",
                              params);
    if (!changed.ok()) {
      return changed.error().code() == ErrorCode::kConflict ? PhoneTaken() : changed.error();
    }
    if (*changed == 0) return Error::NotFound("Contact");
    if (tag_uuids) SB_RETURN_IF_ERROR(ReplaceTags(conn_, org, contact.id, tag_ids, true));
    return BumpGeneration(conn_, org);
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
    return BumpGeneration(conn_, org);
  });
}

Result<domain::Contact> ContactRepository::AddTags(int64_t org, const std::string& uuid,
                                                   const std::vector<std::string>& tag_uuids) {
  Status st = db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t contact_id, LookupId(conn_, "contacts", org, uuid, "Contact"));
    SB_ASSIGN_OR_RETURN(auto tag_ids, ResolveTags(org, tag_uuids));
    SB_RETURN_IF_ERROR(ReplaceTags(conn_, org, contact_id, tag_ids, false));
    SB_RETURN_IF_ERROR(conn_.Exec("UPDATE contacts SET updated_at = ? WHERE id = ?",
                                  {clock_.NowSeconds(), contact_id}));
    return BumpGeneration(conn_, org);
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
    SB_RETURN_IF_ERROR(conn_.Exec("UPDATE contacts SET updated_at = ? WHERE id = ?",
                                  {clock_.NowSeconds(), contact_id}));
    return BumpGeneration(conn_, org);
  });
}

}  // namespace sb::store
