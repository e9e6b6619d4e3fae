#include "store/repositories/user_repository.hpp"

#include "domain/contact.hpp"
#include "domain/user_entity.hpp"
#include "store/repositories/entity_sql.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

// users.email ignores case on every engine (COLLATE NOCASE, citext), so `=`
// and the unique index compare emails without regard to case.
using domain::kUserEntity;

const std::string kSelect = "SELECT " + entity_sql::SelectList(kUserEntity, "u") + " FROM users u" +
                            entity_sql::Joins(kUserEntity, "u") + " ";

const std::string kInsert = "INSERT INTO users (organization_id, uuid, " +
                            entity_sql::StoredColumns(kUserEntity) +
                            ", created_at, updated_at) VALUES (?, ?, " +
                            Placeholders(entity_sql::StoredCount(kUserEntity) + 2) + ")";

const std::string kUpdate = "UPDATE users SET " + entity_sql::UpdateSets(kUserEntity) +
                            ", updated_at = ? WHERE organization_id = ? AND id = ?";

// The stored columns' values of `user` (no references).
db::Params UserValues(const domain::User& user) {
  return entity_sql::StoredValues(kUserEntity, user,
                                  [](const auto& /*field*/) { return db::Value(db::Null{}); });
}

Error EmailTaken() {
  return Error::Conflict("A user with this email already exists in the organization.", "email");
}

Error LastOwner(const char* field) {
  return Error::Conflict(
      "The organization must keep at least one owner; make another user an owner first.", field);
}

}  // namespace

Result<std::vector<domain::User>> UserRepository::Select(const std::string& where_and_order,
                                                         const db::Params& params) {
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query(kSelect + where_and_order, params));
  std::vector<domain::User> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    entity_sql::ReadRow<kUserEntity>(*rows, out.emplace_back());
  }
  return out;
}

Result<std::vector<domain::User>> UserRepository::List(int64_t org,
                                                       const domain::PageRequest& page) {
  // Emails are unique per organization, so they order the page completely, and
  // the (organization_id, email) index already holds that order.
  return Select("WHERE u.organization_id = ? ORDER BY u.email LIMIT ? OFFSET ?",
                {org, page.per_page, page.Offset()});
}

Result<int64_t> UserRepository::Count(int64_t org) {
  SB_ASSIGN_OR_RETURN(
      auto n, conn_.QueryInt("SELECT COUNT(*) FROM users WHERE organization_id = ?", {org}));
  return n.value_or(0);
}

Result<domain::User> UserRepository::Get(int64_t org, const std::string& uuid) {
  SB_ASSIGN_OR_RETURN(auto one, Select("WHERE u.organization_id = ? AND u.uuid = ?", {org, uuid}));
  if (one.empty()) return Error::NotFound("User");
  return std::move(one.front());
}

Result<domain::User> UserRepository::Create(int64_t org, const domain::User& user) {
  std::string uuid = ids_.NewUuid();
  db::Timestamp now{clock_.NowSeconds()};
  db::Params params{org, uuid};
  for (auto& v : UserValues(user)) params.push_back(std::move(v));
  params.emplace_back(now);
  params.emplace_back(now);
  Status st = db::InTransaction(conn_, [&]() -> Status {
    auto inserted = conn_.Exec(kInsert, params);
    if (!inserted.ok()) {
      return inserted.error().code() == ErrorCode::kConflict ? EmailTaken() : inserted.error();
    }
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return Get(org, uuid);
}

Status UserRepository::KeepAnOwner(int64_t org, int64_t user_id, const char* field) {
  SB_ASSIGN_OR_RETURN(auto other, conn_.QueryInt("SELECT id FROM users WHERE organization_id = ?"
                                                 " AND role = ? AND id <> ? LIMIT 1",
                                                 {org, std::string(domain::kOwnerRole), user_id}));
  if (!other) return LastOwner(field);
  return OkStatus();
}

Result<domain::User> UserRepository::Update(int64_t org, const domain::User& user,
                                            const UserCheck& check) {
  Status st = db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(auto current,
                        Select("WHERE u.organization_id = ? AND u.uuid = ?", {org, user.uuid}));
    if (current.empty()) return Error::NotFound("User");
    const domain::User& before = current.front();
    if (before.role == domain::kOwnerRole && user.role != domain::kOwnerRole) {
      SB_RETURN_IF_ERROR(KeepAnOwner(org, before.id, "role"));
    }
    if (check) SB_RETURN_IF_ERROR(check(before));
    db::Params params = UserValues(user);
    params.emplace_back(db::Timestamp{clock_.NowSeconds()});
    params.emplace_back(org);
    params.emplace_back(before.id);
    auto changed = conn_.Exec(kUpdate, params);
    if (!changed.ok()) {
      return changed.error().code() == ErrorCode::kConflict ? EmailTaken() : changed.error();
    }
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return Get(org, user.uuid);
}

Status UserRepository::Delete(int64_t org, const std::string& uuid, const UserCheck& check) {
  return db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(auto current,
                        Select("WHERE u.organization_id = ? AND u.uuid = ?", {org, uuid}));
    if (current.empty()) return Error::NotFound("User");
    int64_t id = current.front().id;
    if (current.front().role == domain::kOwnerRole) SB_RETURN_IF_ERROR(KeepAnOwner(org, id, ""));
    if (check) SB_RETURN_IF_ERROR(check(current.front()));
    // Explicit as well as by the foreign keys, so every engine behaves the same.
    SB_RETURN_IF_ERROR(
        conn_.Exec("UPDATE contacts SET owner_user_id = NULL"
                   " WHERE organization_id = ? AND owner_user_id = ?",
                   {org, id}));
    SB_RETURN_IF_ERROR(
        conn_.Exec("UPDATE contacts SET created_by_user_id = NULL"
                   " WHERE organization_id = ? AND created_by_user_id = ?",
                   {org, id}));
    SB_RETURN_IF_ERROR(conn_.Exec(
        "DELETE FROM contact_assignees WHERE organization_id = ? AND user_id = ?", {org, id}));
    SB_RETURN_IF_ERROR(
        conn_.Exec("DELETE FROM api_tokens WHERE organization_id = ? AND user_id = ?", {org, id}));
    SB_RETURN_IF_ERROR(
        conn_.Exec("DELETE FROM users WHERE organization_id = ? AND id = ?", {org, id}));
    return OkStatus();
  });
}

Result<int64_t> UserRepository::EnsureUser(int64_t org, const std::string& email, bool* created) {
  if (created) *created = false;
  domain::User user;
  user.email = email;
  user.name = email.substr(0, email.find('@'));
  // Only the email can be wrong here; the name follows from it.
  if (!domain::IsPlausibleEmail(email)) {
    return Error::Validation("email", "The email must be a valid email address.");
  }
  SB_ASSIGN_OR_RETURN(auto id, conn_.QueryInt("SELECT id FROM users WHERE organization_id = ?"
                                              " AND email = ?",
                                              {org, email}));
  if (id) return *id;
  SB_ASSIGN_OR_RETURN(auto any, conn_.QueryInt("SELECT id FROM users WHERE organization_id = ?"
                                               " LIMIT 1",
                                               {org}));
  user.role = any ? domain::kDefaultUserRole : domain::kOwnerRole;
  db::Timestamp now{clock_.NowSeconds()};
  db::Params params{org, ids_.NewUuid()};
  for (auto& v : UserValues(user)) params.push_back(std::move(v));
  params.emplace_back(now);
  params.emplace_back(now);
  SB_ASSIGN_OR_RETURN(auto inserted, conn_.QueryInt(kInsert + " RETURNING id", params));
  if (created) *created = true;
  return *inserted;
}

}  // namespace sb::store
