// /api/v1/users: the people of an organization (token holders, contact owners
// and assignees).
#include "api/audit.hpp"
#include "api/body_reader.hpp"
#include "api/entity_json.hpp"
#include "api/json_writer.hpp"
#include "api/query_reader.hpp"
#include "api/routes.hpp"
#include "api/unit_of_work.hpp"
#include "domain/audit.hpp"
#include "domain/role.hpp"
#include "domain/user_entity.hpp"
#include "store/repositories/count_cache.hpp"
#include "store/repositories/user_repository.hpp"

namespace sb::api {
namespace {

// Whether the caller may act on `current` (nullopt: a user being created),
// giving it `new_role` (nullopt: deleting it); see domain::CheckUserChange.
Status MayChange(const ApiRequest& req, const domain::User* current,
                 std::optional<std::string_view> new_role) {
  std::optional<domain::Role> from;
  if (current) from = domain::ParseRole(current->role).value_or(domain::Role::kOwner);
  std::optional<domain::Role> to;
  if (new_role) to = domain::ParseRole(*new_role).value_or(domain::Role::kOwner);
  return domain::CheckUserChange(req.auth.role, req.auth.user_id, current ? current->id : 0, from,
                                 to);
}

void WriteUser(JsonWriter& w, const domain::User& u) {
  w.StartObject();
  for (const auto& f : domain::kUserEntity) WriteEntityField(w, f, u);
  w.EndObject();
}

// Type-checks the user fields present in the body; on create name and email
// are required. A user always has all three, so null is never a value.
Result<domain::UserFields> ReadUserFields(const ApiRequest& req, bool create) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  auto is_null = [&doc](const char* key) {
    auto it = doc.FindMember(key);
    return it != doc.MemberEnd() && it->value.IsNull();
  };
  for (const char* key : {"name", "email", "role"}) {
    if (is_null(key)) body.AddError(key, std::string("The ") + key + " may not be null.");
  }
  domain::UserFields f;
  if (!is_null("name")) f.name = body.String("name", create, 0, domain::kMaxUserNameLength);
  if (!is_null("email")) f.email = body.String("email", create, 0, domain::kMaxUserEmailLength);
  if (!is_null("role")) f.role = body.Enum("role", domain::UserRoles());
  SB_RETURN_IF_ERROR(body.Finish());
  return f;
}

Result<ApiResponse> ListUsers(const ApiRequest& req, HandlerContext& s) {
  QueryReader query(req);
  domain::PageRequest page = query.Page(15);
  SB_RETURN_IF_ERROR(query.Finish());
  int64_t org = req.auth.organization_id;
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::UserRepository users(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto list, users.List(org, page));
  std::optional<int64_t> total = s.counts.Get(org, req.auth.write_generation, "users");
  if (!total) {
    SB_ASSIGN_OR_RETURN(total, users.Count(org));
    s.counts.Put(org, req.auth.write_generation, "users", *total);
  }
  domain::PageInfo info = domain::DescribePage(page, *total, static_cast<int64_t>(list.size()));
  return Envelope("Users retrieved successfully", [&](JsonWriter& w) {
    w.StartObject();
    w.Field("current_page", info.current_page);
    w.Field("last_page", info.last_page);
    w.Field("per_page", info.per_page);
    w.Field("total", info.total);
    w.Key("data");
    w.StartArray();
    for (const auto& u : list) WriteUser(w, u);
    w.EndArray();
    w.EndObject();
  });
}

// Each write below and its audit entry commit together (api/audit.hpp).
Result<ApiResponse> CreateUser(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto fields, ReadUserFields(req, /*create=*/true));
  domain::User user;
  SB_RETURN_IF_ERROR(domain::ApplyUserFields(fields, user));
  SB_RETURN_IF_ERROR(MayChange(req, nullptr, user.role));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::UserRepository users(*conn, s.clock, s.ids);
  domain::User created;
  SB_RETURN_IF_ERROR(InUnitOfWork(req, s, *conn, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(created, users.Create(req.auth.organization_id, user));
    return RecordAudit(*conn, req, s, domain::kAuditUserCreated, domain::kAuditTargetUser,
                       created.uuid, UserAuditDetails(created));
  }));
  return Envelope(
      "User created successfully", [&](JsonWriter& w) { WriteUser(w, created); }, 201);
}

Result<ApiResponse> GetUser(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::UserRepository users(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto user, users.Get(req.auth.organization_id, req.Param("uuid")));
  return Envelope("User retrieved successfully", [&](JsonWriter& w) { WriteUser(w, user); });
}

// Changes the fields given.
Result<ApiResponse> UpdateUser(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto fields, ReadUserFields(req, /*create=*/false));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::UserRepository users(*conn, s.clock, s.ids);
  const int64_t org = req.auth.organization_id;
  domain::User saved;
  SB_RETURN_IF_ERROR(InUnitOfWork(req, s, *conn, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(domain::User before, users.Get(org, req.Param("uuid")));
    domain::User user = before;
    SB_RETURN_IF_ERROR(domain::ApplyUserFields(fields, user));
    SB_ASSIGN_OR_RETURN(saved, users.Update(org, user, [&](const domain::User& current) {
      return MayChange(req, &current, user.role);
    }));
    return RecordAudit(*conn, req, s, UserUpdateAction(before, saved), domain::kAuditTargetUser,
                       saved.uuid, UserChangeDetails(before, saved));
  }));
  return Envelope("User updated successfully", [&](JsonWriter& w) { WriteUser(w, saved); });
}

Result<ApiResponse> DeleteUser(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::UserRepository users(*conn, s.clock, s.ids);
  const int64_t org = req.auth.organization_id;
  SB_RETURN_IF_ERROR(InUnitOfWork(req, s, *conn, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(domain::User gone, users.Get(org, req.Param("uuid")));
    SB_RETURN_IF_ERROR(users.Delete(org, gone.uuid, [&](const domain::User& current) {
      return MayChange(req, &current, std::nullopt);
    }));
    return RecordAudit(*conn, req, s, domain::kAuditUserDeleted, domain::kAuditTargetUser,
                       gone.uuid, UserAuditDetails(gone));
  }));
  return EmptyEnvelope("User deleted successfully");
}

}  // namespace

void RegisterUserRoutes(Router& router) {
  router.Add("GET", "/api/v1/users", ListUsers);
  router.Add("POST", "/api/v1/users", CreateUser);
  router.Add("GET", "/api/v1/users/{uuid}", GetUser);
  router.Add("PATCH", "/api/v1/users/{uuid}", UpdateUser);
  router.Add("DELETE", "/api/v1/users/{uuid}", DeleteUser);
}

}  // namespace sb::api
