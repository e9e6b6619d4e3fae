#include "store/token_repository.hpp"

#include "store/user_repository.hpp"

namespace sb::store {
namespace {

constexpr const char* kTokenPrefix = "sb_";
constexpr size_t kVisiblePrefix = 11;  // "sb_" + 8 hex

Error InvalidToken() { return Error(ErrorCode::kInvalidAuth, "Invalid authentication token"); }

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
                                         std::optional<int> expires_in_days) {
  NewToken out;
  out.token = kTokenPrefix + RandomHex(24);
  out.prefix = out.token.substr(0, kVisiblePrefix);
  const int64_t now = clock_.NowSeconds();
  db::Value expires = expires_in_days
                          ? db::Value(db::Timestamp{now + int64_t{*expires_in_days} * 86400})
                          : db::Value(db::Null{});
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(out.organization_id, EnsureOrganization(org_name));
    SB_ASSIGN_OR_RETURN(out.user_id, EnsureUser(out.organization_id, user_email));
    SB_RETURN_IF_ERROR(conn_.Exec(
        "INSERT INTO api_tokens (organization_id, user_id, token_hash, prefix, name, created_at,"
        " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {out.organization_id, out.user_id, Sha256Hex(out.token), out.prefix, name,
         db::Timestamp{now}, expires}));
    return OkStatus();
  }));
  return out;
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
                             " RETURNING organization_id, id, prefix, name",
                             {db::Timestamp{clock_.NowSeconds()},
                              static_cast<int64_t>(visible.size()), visible, Sha256Hex(prefix)}));
  std::vector<RevokedToken> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back({rows->Int(0), rows->Int(1), rows->String(2), rows->String(3)});
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
                      conn_.Query("SELECT t.prefix, t.name, u.email, t.created_at, t.expires_at,"
                                  " t.revoked_at, t.last_used_at FROM api_tokens t"
                                  " JOIN users u ON u.organization_id = t.organization_id"
                                  " AND u.id = t.user_id WHERE t.organization_id = ? ORDER BY t.id",
                                  {*org}));
  std::vector<TokenInfo> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back({rows->String(0), rows->String(1), rows->String(2), rows->Time(3),
                   rows->OptTime(4), rows->OptTime(5), rows->OptTime(6)});
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
                                    " t.last_used_at FROM api_tokens t"
                                    " JOIN organizations o ON o.id = t.organization_id"
                                    " JOIN users u ON u.organization_id = t.organization_id"
                                    " AND u.id = t.user_id WHERE t.token_hash = ?",
                                    {Sha256Hex(token)}));
    SB_ASSIGN_OR_RETURN(bool found, rows->Next());
    if (!found) return InvalidToken();
    if (!rows->IsNull(7)) return InvalidToken();                          // revoked
    if (!rows->IsNull(6) && rows->Time(6) <= now) return InvalidToken();  // expired
    owner = {rows->Int(0), rows->Int(1),    rows->String(2),
             rows->Int(3), rows->String(4), rows->Int(5)};
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
