// `switchboard token create` and `token revoke` with their audit entries
// (domain/audit.hpp): the change and its entries, source "cli" and no actor,
// commit in one transaction on `conn`. Details name the token by name and
// visible prefix, never the token itself.
#pragma once

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/token_access.hpp"
#include "store/drivers/database.hpp"
#include "store/repositories/token_repository.hpp"

namespace sb::app {

// As TokenRepository::Create, plus one token.created entry in the token's
// organization.
Result<store::NewToken> CreateTokenAudited(db::Connection& conn, const Clock& clock,
                                           IdGenerator& ids, const std::string& org_name,
                                           const std::string& user_email, const std::string& name,
                                           std::optional<int> expires_in_days,
                                           const domain::TokenScopes& scopes);

// As TokenRepository::Revoke, plus one token.revoked entry per revoked token,
// in that token's organization. Returns how many were revoked.
Result<int> RevokeTokensAudited(db::Connection& conn, const Clock& clock, IdGenerator& ids,
                                const std::string& prefix);

}  // namespace sb::app
