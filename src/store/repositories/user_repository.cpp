#include "store/repositories/user_repository.hpp"

#include "domain/contact.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

// users.email ignores case on every engine (COLLATE NOCASE, citext), so `=`
// and the unique index compare emails without regard to case.
constexpr const char* kSelect = "SELECT id, uuid, name, email, role, created_at, updated_at ";

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
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query(kSelect + ("FROM users " + where_and_order), params));
  std::vector<domain::User> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back(domain::User{rows->Int(0), rows->String(1), rows->String(2), rows->String(3),
                               rows->String(4), rows->Time(5), rows->Time(6)});
  }
  return out;
}

Result<std::vector<domain::User>> UserRepository::List(int64_t org,
                                                       const domain::PageRequest& page) {
  // Emails are unique per organization, so they order the page completely, and
  // the (organization_id, email) index already holds that order.
  return Select("WHERE organization_id = ? ORDER BY email LIMIT ? OFFSET ?",
                {org, page.per_page, page.Offset()});
}

Result<int64_t> UserRepository::Count(int64_t org) {
  SB_ASSIGN_OR_RETURN(
      auto n, conn_.QueryInt("SELECT COUNT(*) FROM users WHERE organization_id = ?", {org}));
  return n.value_or(0);
}

Result<domain::User> UserRepository::Get(int64_t org, const std::string& uuid) {
  SB_ASSIGN_OR_RETURN(auto one, Select("WHERE organization_id = ? AND uuid = ?", {org, uuid}));
  if (one.empty()) return Error::NotFound("User");
  return std::move(one.front());
}

Result<domain::User> UserRepository::Create(int64_t org, const domain::User& user) {
  std::string uuid = ids_.NewUuid();
  db::Timestamp now{clock_.NowSeconds()};
  Status st = db::InTransaction(conn_, [&]() -> Status {
    auto inserted = conn_.Exec(
        "INSERT INTO users (organization_id, uuid, name, email, role, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {org, uuid, user.name, user.email, user.role, now, now});
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
                        Select("WHERE organization_id = ? AND uuid = ?", {org, user.uuid}));
    if (current.empty()) return Error::NotFound("User");
    const domain::User& before = current.front();
    if (before.role == domain::kOwnerRole && user.role != domain::kOwnerRole) {
      SB_RETURN_IF_ERROR(KeepAnOwner(org, before.id, "role"));
    }
    if (check) SB_RETURN_IF_ERROR(check(before));
    auto changed = conn_.Exec(
        "UPDATE users SET name = ?, email = ?, role = ?, updated_at = ?"
        " WHERE organization_id = ? AND id = ?",
        {user.name, user.email, user.role, db::Timestamp{clock_.NowSeconds()}, org, before.id});
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
                        Select("WHERE organization_id = ? AND uuid = ?", {org, uuid}));
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
  SB_ASSIGN_OR_RETURN(
      auto inserted,
      conn_.QueryInt("INSERT INTO users (organization_id, uuid, name, email, role,"
                     " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                     " RETURNING id",
                     {org, ids_.NewUuid(), user.name, user.email, user.role, now, now}));
  if (created) *created = true;
  return *inserted;
}

}  // namespace sb::store
