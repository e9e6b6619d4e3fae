#include "store/repositories/token_repository.hpp"

#include "store/repositories/user_repository.hpp"

namespace sb::store {
namespace {

constexpr const char* kTokenPrefix = "sb_";
constexpr size_t kVisiblePrefix = 11;  // "sb_" + 8 hex

Error InvalidToken() { return Error(ErrorCode::kInvalidAuth, "Invalid authentication token"); }

domain::Role RoleOf(std::string_view text) {
  return domain::ParseRole(text).value_or(domain::Role::kViewer);
}

// Stored scopes that do not parse grant nothing (cannot happen through the
// API or the CLI; a hand-edited row must not widen a token).
domain::TokenScopes ScopesOf(std::string_view text) {
  auto parsed = domain::ParseTokenScopes(text);
  return parsed.ok() ? *parsed : domain::TokenScopes{false, false};
}

constexpr const char* kApiTokenSelect =
    "SELECT t.id, t.uuid, t.name, t.prefix, t.scopes, t.user_id, u.uuid, u.role, t.created_at,"
    " t.expires_at, t.last_used_at FROM api_tokens t JOIN users u"
    " ON u.organization_id = t.organization_id AND u.id = t.user_id"
    " WHERE t.organization_id = ? AND t.revoked_at IS NULL";

ApiToken ReadApiToken(const db::Rows& rows) {
  ApiToken t;
  t.id = rows.Int(0);
  t.uuid = rows.String(1);
  t.name = rows.String(2);
  t.prefix = rows.String(3);
  t.scopes = ScopesOf(rows.Text(4));
  t.user_id = rows.Int(5);
  t.user_uuid = rows.String(6);
  t.user_role = RoleOf(rows.Text(7));
  t.created_at = rows.Time(8);
  t.expires_at = rows.OptTime(9);
  t.last_used_at = rows.OptTime(10);
  return t;
}

// The SQL filter (and its parameters) of domain::MayManageTokensOf over
// `viewer`'s organization.
std::string VisibleFilter(const TokenViewer& viewer, db::Params& params) {
  switch (viewer.role) {
    case domain::Role::kOwner:
      return "";
    case domain::Role::kAdmin:
      params.emplace_back(viewer.user_id);
      params.emplace_back(std::string(domain::FormatRole(domain::Role::kOwner)));
      return " AND (t.user_id = ? OR u.role <> ?)";
    case domain::Role::kMember:
    case domain::Role::kViewer:
      break;
  }
  params.emplace_back(viewer.user_id);
  return " AND t.user_id = ?";
}

}  // namespace

Result<int64_t> TokenRepository::EnsureOrganization(const std::string& org_name) {
  SB_ASSIGN_OR_RETURN(auto id,
                      conn_.QueryInt("SELECT id FROM organizations WHERE name = ?", {org_name}));
  if (id) return *id;
  const db::Timestamp now{clock_.NowSeconds()};
  SB_ASSIGN_OR_RETURN(
      auto created, conn_.QueryInt("INSERT INTO organizations (uuid, name, created_at, updated_at)"
                                   " VALUES (?, ?, ?, ?) RETURNING id",
                                   {ids_.NewUuid(), org_name, now, now}));
  return *created;
}

Result<int64_t> TokenRepository::EnsureUser(int64_t org, const std::string& email) {
  return UserRepository(conn_, clock_, ids_).EnsureUser(org, email);
}

Result<NewToken> TokenRepository::Create(const std::string& org_name, const std::string& user_email,
                                         const std::string& name,
                                         std::optional<int> expires_in_days,
                                         domain::TokenScopes scopes) {
  NewToken out;
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t org, EnsureOrganization(org_name));
    SB_ASSIGN_OR_RETURN(int64_t user, EnsureUser(org, user_email));
    SB_ASSIGN_OR_RETURN(out, CreateForUser(org, user, name, expires_in_days, scopes));
    return OkStatus();
  }));
  return out;
}

Result<NewToken> TokenRepository::CreateForUser(int64_t org, int64_t user_id,
                                                const std::string& name,
                                                std::optional<int> expires_in_days,
                                                domain::TokenScopes scopes) {
  NewToken out;
  out.token = kTokenPrefix + RandomHex(24);
  out.prefix = out.token.substr(0, kVisiblePrefix);
  out.uuid = ids_.NewUuid();
  out.organization_id = org;
  out.user_id = user_id;
  const int64_t now = clock_.NowSeconds();
  db::Value expires = expires_in_days
                          ? db::Value(db::Timestamp{now + int64_t{*expires_in_days} * 86400})
                          : db::Value(db::Null{});
  SB_RETURN_IF_ERROR(
      conn_.Exec("INSERT INTO api_tokens (organization_id, user_id, uuid, token_hash, prefix, name,"
                 " scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {org, user_id, out.uuid, Sha256Hex(out.token), out.prefix, name,
                  domain::FormatTokenScopes(scopes), db::Timestamp{now}, expires}));
  return out;
}

Result<std::vector<ApiToken>> TokenRepository::ListVisible(int64_t org, const TokenViewer& viewer,
                                                           const domain::PageRequest& page) {
  db::Params params{org};
  std::string sql =
      kApiTokenSelect + VisibleFilter(viewer, params) + " ORDER BY t.id LIMIT ? OFFSET ?";
  params.emplace_back(page.per_page);
  params.emplace_back(page.Offset());
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query(sql, params));
  std::vector<ApiToken> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back(ReadApiToken(*rows));
  }
  return out;
}

Result<int64_t> TokenRepository::CountVisible(int64_t org, const TokenViewer& viewer) {
  db::Params params{org};
  std::string sql =
      "SELECT COUNT(*) FROM api_tokens t JOIN users u ON u.organization_id = t.organization_id"
      " AND u.id = t.user_id WHERE t.organization_id = ? AND t.revoked_at IS NULL" +
      VisibleFilter(viewer, params);
  SB_ASSIGN_OR_RETURN(auto n, conn_.QueryInt(sql, params));
  return n.value_or(0);
}

Result<ApiToken> TokenRepository::Get(int64_t org, const std::string& uuid) {
  SB_ASSIGN_OR_RETURN(auto rows,
                      conn_.Query(std::string(kApiTokenSelect) + " AND t.uuid = ?", {org, uuid}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return Error::NotFound("Token");
  return ReadApiToken(*rows);
}

Status TokenRepository::RevokeVisible(int64_t org, const TokenViewer& viewer,
                                      const std::string& uuid) {
  // One statement: the visibility check and the revocation see the same row.
  db::Params params{db::Timestamp{clock_.NowSeconds()}, org, org, uuid};
  std::string filter = VisibleFilter(viewer, params);
  SB_ASSIGN_OR_RETURN(
      int64_t n,
      conn_.Exec("UPDATE api_tokens SET revoked_at = ? WHERE organization_id = ? AND id IN"
                 " (SELECT t.id FROM api_tokens t"
                 " JOIN users u ON u.organization_id = t.organization_id AND u.id = t.user_id"
                 " WHERE t.organization_id = ? AND t.uuid = ? AND t.revoked_at IS NULL" +
                     filter + ")",
                 params));
  if (n == 0) return Error::NotFound("Token");
  return OkStatus();
}

Result<int> TokenRepository::Revoke(const std::string& prefix) {
  SB_ASSIGN_OR_RETURN(auto revoked, RevokeTokens(prefix));
  return static_cast<int>(revoked.size());
}

Result<std::vector<RevokedToken>> TokenRepository::RevokeTokens(const std::string& prefix) {
  if (prefix.size() < 8) {
    return Error::Validation("prefix", "Give at least 8 characters of the token to revoke.");
  }
  // Compare on the stored visible prefix, and on the full hash when a whole token is given.
  std::string visible = prefix.substr(0, std::min(prefix.size(), kVisiblePrefix));
  SB_ASSIGN_OR_RETURN(
      auto rows, conn_.Query("UPDATE api_tokens SET revoked_at = ? WHERE revoked_at IS NULL"
                             " AND (substr(prefix, 1, ?) = ? OR token_hash = ?)"
                             " RETURNING organization_id, id, prefix, name, uuid",
                             {db::Timestamp{clock_.NowSeconds()},
                              static_cast<int64_t>(visible.size()), visible, Sha256Hex(prefix)}));
  std::vector<RevokedToken> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back({rows->Int(0), rows->Int(1), rows->String(2), rows->String(3), rows->String(4)});
  }
  return out;
}

Result<std::vector<TokenInfo>> TokenRepository::List(const std::string& org_name) {
  // An unknown name is reported rather than listed as "no tokens": it is
  // usually a typo, and a script should notice it.
  SB_ASSIGN_OR_RETURN(auto org,
                      conn_.QueryInt("SELECT id FROM organizations WHERE name = ?", {org_name}));
  if (!org) return Error::NotFound("Organization \"" + org_name + "\"");
  SB_ASSIGN_OR_RETURN(auto rows,
                      conn_.Query("SELECT t.prefix, t.name, u.email, t.scopes, t.created_at,"
                                  " t.expires_at, t.revoked_at, t.last_used_at FROM api_tokens t"
                                  " JOIN users u ON u.organization_id = t.organization_id"
                                  " AND u.id = t.user_id WHERE t.organization_id = ? ORDER BY t.id",
                                  {*org}));
  std::vector<TokenInfo> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back({rows->String(0), rows->String(1), rows->String(2), ScopesOf(rows->Text(3)),
                   rows->Time(4), rows->OptTime(5), rows->OptTime(6), rows->OptTime(7)});
  }
  return out;
}

Result<TokenOwner> TokenRepository::Authenticate(const std::string& token) {
  if (token.rfind(kTokenPrefix, 0) != 0 || token.size() > 128) return InvalidToken();
  int64_t now = clock_.NowSeconds();
  std::optional<int64_t> last_used;
  TokenOwner owner;
  {
    SB_ASSIGN_OR_RETURN(auto rows,
                        conn_.Query("SELECT t.id, t.organization_id, o.uuid, t.user_id, u.uuid,"
                                    " o.write_generation, t.expires_at, t.revoked_at,"
                                    " t.last_used_at, t.uuid, u.role, t.scopes FROM api_tokens t"
                                    " JOIN organizations o ON o.id = t.organization_id"
                                    " JOIN users u ON u.organization_id = t.organization_id"
                                    " AND u.id = t.user_id WHERE t.token_hash = ?",
                                    {Sha256Hex(token)}));
    SB_ASSIGN_OR_RETURN(bool found, rows->Next());
    if (!found) return InvalidToken();
    if (!rows->IsNull(7)) return InvalidToken();                          // revoked
    if (!rows->IsNull(6) && rows->Time(6) <= now) return InvalidToken();  // expired
    owner.token_id = rows->Int(0);
    owner.organization_id = rows->Int(1);
    owner.organization_uuid = rows->String(2);
    owner.user_id = rows->Int(3);
    owner.user_uuid = rows->String(4);
    owner.write_generation = rows->Int(5);
    owner.token_uuid = rows->String(9);
    owner.role = RoleOf(rows->Text(10));
    owner.scopes = ScopesOf(rows->Text(11));
    last_used = rows->OptTime(8);
  }
  // Keep "last used" useful without a write on every request.
  if (!last_used || *last_used < now - 60) {
    (void)conn_.Exec("UPDATE api_tokens SET last_used_at = ? WHERE organization_id = ? AND id = ?",
                     {db::Timestamp{now}, owner.organization_id, owner.token_id});
  }
  return owner;
}

}  // namespace sb::store
