#include "app/token_audit.hpp"

#include "api/json_writer.hpp"
#include "domain/audit.hpp"
#include "services/unit_of_work.hpp"
#include "store/repositories/audit_log_repository.hpp"

namespace sb::app {
namespace {

domain::AuditEntry CliEntry(int64_t org, std::string_view action, std::string token_uuid,
                            std::string details) {
  domain::AuditEntry e;
  e.target_uuid = std::move(token_uuid);
  e.organization_id = org;
  e.source = std::string(domain::kAuditSourceCli);
  e.action = std::string(action);
  e.target_type = std::string(domain::kAuditTargetToken);
  e.details = std::move(details);
  return e;
}

}  // namespace

Result<store::NewToken> CreateTokenAudited(db::Connection& conn, const Clock& clock,
                                           IdGenerator& ids, const std::string& org_name,
                                           const std::string& user_email, const std::string& name,
                                           std::optional<int> expires_in_days,
                                           const domain::TokenScopes& scopes) {
  store::NewToken created;
  SB_RETURN_IF_ERROR(db::InTransaction(conn, [&]() -> Status {
    store::TokenRepository tokens(conn, clock, ids);
    // The user may be new: its creation is a write of the organization's data.
    SB_ASSIGN_OR_RETURN(int64_t org, tokens.EnsureOrganization(org_name));
    SB_ASSIGN_OR_RETURN(created, services::InUnitOfWork(conn, org, clock, ids, [&] {
                          return tokens.Create(org_name, user_email, name, expires_in_days, scopes);
                        }));
    api::JsonWriter w;
    w.StartObject();
    w.Field("name", name);
    w.Field("prefix", created.prefix);
    w.Field("user_email", user_email);
    w.Key("scopes");
    w.StartArray();
    for (const std::string& scope : domain::TokenScopeList(scopes)) w.String(scope);
    w.EndArray();
    w.Field("expires_in_days",
            expires_in_days ? std::optional<int64_t>(*expires_in_days) : std::nullopt);
    w.EndObject();
    SB_RETURN_IF_ERROR(store::AuditLogRepository(conn, clock, ids)
                           .Append(CliEntry(created.organization_id, domain::kAuditTokenCreated,
                                            created.uuid, w.Take())));
    return OkStatus();
  }));
  return created;
}

Result<int> RevokeTokensAudited(db::Connection& conn, const Clock& clock, IdGenerator& ids,
                                const std::string& prefix) {
  int revoked = 0;
  SB_RETURN_IF_ERROR(db::InTransaction(conn, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(auto tokens, store::TokenRepository(conn, clock, ids).RevokeTokens(prefix));
    store::AuditLogRepository log(conn, clock, ids);
    for (const auto& t : tokens) {
      api::JsonWriter w;
      w.StartObject();
      w.Field("name", t.name);
      w.Field("prefix", t.prefix);
      w.EndObject();
      SB_RETURN_IF_ERROR(
          log.Append(CliEntry(t.organization_id, domain::kAuditTokenRevoked, t.uuid, w.Take())));
    }
    revoked = static_cast<int>(tokens.size());
    return OkStatus();
  }));
  return revoked;
}

}  // namespace sb::app
