// The rows of a many-contact upsert: FindContactsByKeys and ContactRowWriter.
#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "domain/phone.hpp"
#include "store/repositories/contact_links.hpp"
#include "store/repositories/contact_row_writer.hpp"
#include "store/repositories/contact_sql.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

constexpr size_t kChunk = 500;

std::string Trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string AsciiLower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

}  // namespace

std::optional<std::string> UpsertKeyValue(UpsertKey key, const domain::ContactFields& f) {
  if (key == UpsertKey::kPhoneNumber) {
    if (!f.phone_number || !*f.phone_number || Trimmed(**f.phone_number).empty()) {
      return std::nullopt;
    }
    std::optional<std::string_view> country;
    if (f.country_code && *f.country_code) country = **f.country_code;
    auto normalized = domain::NormalizePhone(**f.phone_number, country);
    if (!normalized.ok()) return std::nullopt;  // the create reports the bad number
    return normalized->e164;
  }
  if (key == UpsertKey::kEmail) {
    if (!f.email || !*f.email) return std::nullopt;
    std::string email = AsciiLower(Trimmed(**f.email));
    if (email.empty()) return std::nullopt;
    return email;
  }
  return std::nullopt;
}

Result<std::unordered_map<std::string, domain::Contact>> FindContactsByKeys(
    db::Connection& conn, int64_t org, UpsertKey key, std::vector<std::string> keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::vector<domain::Contact> found;
  auto read = [&](const std::string& sql, const db::Params& params) -> Status {
    SB_ASSIGN_OR_RETURN(auto rows, conn.Query(sql, params));
    while (true) {
      SB_ASSIGN_OR_RETURN(bool more, rows->Next());
      if (!more) return OkStatus();
      found.push_back(contact_sql::ReadContact(*rows));
    }
  };
  if (key == UpsertKey::kPhoneNumber) {
    // One unique-index probe per number. Not IN (...) nor a join of the
    // numbers: PostgreSQL then prefers the phone number's trigram index
    // (which also answers equality) and scans it per number, seconds a batch.
    static const std::string sql = std::string("SELECT ") + contact_sql::kColumns +
                                   contact_sql::kFrom +
                                   " WHERE c.organization_id = ? AND c.phone_number = ?";
    for (const auto& k : keys) SB_RETURN_IF_ERROR(read(sql, {org, k}));
  } else {
    for (size_t i = 0; i < keys.size(); i += kChunk) {
      size_t n = std::min(kChunk, keys.size() - i);
      db::Params params{org};
      for (size_t j = i; j < i + n; ++j) params.emplace_back(keys[j]);
      std::string sql = "SELECT ";
      sql += contact_sql::kColumns;
      sql += contact_sql::kFrom;
      sql += " WHERE c.organization_id = ? AND LOWER(c.email) IN (";
      sql += Placeholders(n);
      sql += ")";
      SB_RETURN_IF_ERROR(read(sql, params));
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  SB_RETURN_IF_ERROR(contact_links::LoadTagsAndAssignees(conn, org, found));
  std::unordered_map<std::string, domain::Contact> by_key;
  for (auto& c : found) {
    std::string k = key == UpsertKey::kPhoneNumber ? c.phone_number.value_or("")
                                                   : AsciiLower(c.email.value_or(""));
    by_key.emplace(std::move(k), std::move(c));  // ordered by id: the oldest stays
  }
  return by_key;
}

Status ContactRowWriter::Create(const domain::ContactFields& f, domain::Contact& c) {
  SB_RETURN_IF_ERROR(domain::ApplyContactFields(f, c));
  SB_ASSIGN_OR_RETURN(Links links, Resolve(c, f));
  if (!numbers_looked_up_) SB_RETURN_IF_ERROR(RequireFreeNumber(c.phone_number, 0));
  c.created_at = c.updated_at = now_;
  db::Params params{org_, c.uuid};
  for (auto& v : contact_sql::FieldValues(c, links.stage, links.owner)) {
    params.push_back(std::move(v));
  }
  // 0: nobody (an import whose uploader was deleted since); NULL, as the
  // user's deletion would have left it.
  params.push_back(db::Nullable(user_id_ > 0 ? std::optional<int64_t>(user_id_) : std::nullopt));
  params.emplace_back(db::Timestamp{now_});
  params.emplace_back(db::Timestamp{now_});
  static const std::string insert = std::string("INSERT INTO contacts (organization_id, uuid, ") +
                                    contact_sql::kFieldColumns +
                                    ", created_by_user_id, created_at, updated_at) VALUES (?, ?, " +
                                    Placeholders(contact_sql::kFieldCount + 3) + ") RETURNING id";
  SB_ASSIGN_OR_RETURN(auto id, conn_.QueryInt(insert, params));
  c.id = id.value_or(0);
  SB_RETURN_IF_ERROR(contact_links::ReplaceTags(conn_, org_, c.id, links.tags, false));
  if (links.assignees.empty()) return OkStatus();  // a new contact has none to replace
  return contact_links::ReplaceAssignees(conn_, org_, c.id, links.assignees);
}

Status ContactRowWriter::Update(const domain::ContactFields& f, domain::Contact& c) {
  const std::optional<std::string> old_number = c.phone_number;
  SB_RETURN_IF_ERROR(domain::ApplyContactFields(f, c));
  SB_ASSIGN_OR_RETURN(Links links, Resolve(c, f));
  if (c.phone_number != old_number) {
    SB_RETURN_IF_ERROR(RequireFreeNumber(c.phone_number, c.id));
  }
  c.updated_at = now_;
  db::Params params = contact_sql::FieldValues(c, links.stage, links.owner);
  params.emplace_back(db::Timestamp{now_});
  params.emplace_back(org_);
  params.emplace_back(c.id);
  static const std::string update = std::string("UPDATE contacts SET ") + contact_sql::kUpdateSets +
                                    ", updated_at = ? WHERE organization_id = ? AND id = ?";
  SB_RETURN_IF_ERROR(conn_.Exec(update, params));
  if (f.tag_uuids) {
    SB_RETURN_IF_ERROR(contact_links::ReplaceTags(conn_, org_, c.id, links.tags, true));
  }
  return contact_links::ReplaceAssignees(conn_, org_, c.id, links.assignees);
}

// In the order POST /api/v1/contacts checks them.
Result<ContactRowWriter::Links> ContactRowWriter::Resolve(const domain::Contact& c,
                                                          const domain::ContactFields& f) {
  Links l;
  SB_ASSIGN_OR_RETURN(l.stage, CachedId(stages_, "pipeline_stages", c.stage_uuid, "stage_uuid"));
  SB_ASSIGN_OR_RETURN(l.owner, CachedId(owners_, "users", c.owner_uuid, "owner_uuid"));
  SB_ASSIGN_OR_RETURN(l.assignees, contact_links::ResolveIds(conn_, "users", org_, c.assignee_uuids,
                                                             "assignee_uuids"));
  if (f.tag_uuids) {
    SB_ASSIGN_OR_RETURN(l.tags,
                        contact_links::ResolveIds(conn_, "tags", org_, *f.tag_uuids, "tag_uuids"));
  }
  return l;
}

// ResolveId, remembering the ids found: most items of a call share their
// stage and owner (an import's every row has its uploader as owner).
Result<db::Value> ContactRowWriter::CachedId(std::unordered_map<std::string, db::Value>& cache,
                                             std::string_view table,
                                             const std::optional<std::string>& uuid,
                                             const std::string& field) {
  if (!uuid) return db::Value(db::Null{});
  if (auto it = cache.find(*uuid); it != cache.end()) return it->second;
  SB_ASSIGN_OR_RETURN(db::Value id, contact_links::ResolveId(conn_, table, org_, uuid, field));
  cache.emplace(*uuid, id);
  return id;
}

// 409 naming phone_number when another contact (not `self`) has the number.
Status ContactRowWriter::RequireFreeNumber(const std::optional<std::string>& number, int64_t self) {
  if (!number) return OkStatus();
  SB_ASSIGN_OR_RETURN(auto other,
                      conn_.QueryInt("SELECT id FROM contacts WHERE organization_id = ? AND"
                                     " phone_number = ? AND id <> ?",
                                     {org_, *number, self}));
  if (!other) return OkStatus();
  return Error::Conflict("A contact with this phone_number already exists.", "phone_number");
}

}  // namespace sb::store
