// Organizations, users and API tokens: what the CLI creates and what every
// request is authenticated against. Tokens are shown once; only their SHA-256
// is stored. Not thread-safe: one repository per connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/pagination.hpp"
#include "domain/role.hpp"
#include "domain/token_access.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

// The owner of a valid token.
struct TokenOwner {
  int64_t token_id = 0;
  int64_t organization_id = 0;
  std::string organization_uuid;
  int64_t user_id = 0;
  std::string user_uuid;
  std::string token_uuid;
  // The user's role now (an unknown spelling reads as viewer, the least).
  domain::Role role = domain::Role::kViewer;
  domain::TokenScopes scopes;
  int64_t write_generation = 0;
};

struct TokenInfo {
  std::string prefix;  // "sb_1a2b3c4d", enough to revoke it
  std::string name;
  std::string user_email;
  domain::TokenScopes scopes;
  int64_t created_at = 0;
  std::optional<int64_t> expires_at;
  std::optional<int64_t> revoked_at;
  std::optional<int64_t> last_used_at;
};

// A token a Revoke revoked.
struct RevokedToken {
  int64_t organization_id = 0;
  int64_t token_id = 0;
  std::string prefix;
  std::string name;
  std::string uuid;
};

struct NewToken {
  std::string token;  // the secret, shown once
  std::string prefix;
  std::string uuid;
  int64_t organization_id = 0;
  int64_t user_id = 0;
};

// A token as the API shows it (never its secret).
struct ApiToken {
  int64_t id = 0;
  std::string uuid;
  std::string name;
  std::string prefix;
  domain::TokenScopes scopes;
  int64_t user_id = 0;
  std::string user_uuid;
  domain::Role user_role = domain::Role::kViewer;
  int64_t created_at = 0;
  std::optional<int64_t> expires_at;
  std::optional<int64_t> last_used_at;
};

// Whose tokens a caller sees (domain::MayManageTokensOf as a filter).
struct TokenViewer {
  int64_t user_id = 0;
  domain::Role role = domain::Role::kViewer;
};

class TokenRepository {
 public:
  TokenRepository(db::Connection& conn, const Clock& clock, IdGenerator& ids)
      : conn_(conn), clock_(clock), ids_(ids) {}

  // Finds or creates the organization `org_name`; returns its id.
  Result<int64_t> EnsureOrganization(const std::string& org_name);
  // Finds or creates the user `email` in the organization; the first user of
  // an organization is its owner. Returns the user id (see
  // UserRepository::EnsureUser, which this is).
  Result<int64_t> EnsureUser(int64_t org, const std::string& email);
  // Creates the organization and user when needed, then a token for them.
  Result<NewToken> Create(const std::string& org_name, const std::string& user_email,
                          const std::string& name, std::optional<int> expires_in_days,
                          domain::TokenScopes scopes = {});
  // A token for an existing user of `org` (the API's POST /tokens).
  Result<NewToken> CreateForUser(int64_t org, int64_t user_id, const std::string& name,
                                 std::optional<int> expires_in_days, domain::TokenScopes scopes);

  // The live (not revoked) tokens of `org` that `viewer` may manage, oldest
  // first, one page; and how many there are.
  Result<std::vector<ApiToken>> ListVisible(int64_t org, const TokenViewer& viewer,
                                            const domain::PageRequest& page);
  Result<int64_t> CountVisible(int64_t org, const TokenViewer& viewer);
  // One live token of `org` by uuid, whoever may see it; 404 when absent.
  Result<ApiToken> Get(int64_t org, const std::string& uuid);
  // Revokes the live token `uuid` when `viewer` may manage it; 404 otherwise
  // (absent, revoked, or another's the viewer may not see).
  Status RevokeVisible(int64_t org, const TokenViewer& viewer, const std::string& uuid);
  // Revokes every live token whose prefix starts with `prefix`; returns how many.
  // 422 when the prefix is too short to be safe (under 8 characters).
  Result<int> Revoke(const std::string& prefix);
  // As Revoke, returning the tokens it revoked (in any organization).
  Result<std::vector<RevokedToken>> RevokeTokens(const std::string& prefix);
  // The organization's tokens, oldest first (revoked and expired ones too);
  // 404 when no organization has that name.
  Result<std::vector<TokenInfo>> List(const std::string& org_name);

  // The owner of `token` if it exists, is not revoked and has not expired;
  // kInvalidAuth otherwise. Records last use (at most once a minute).
  Result<TokenOwner> Authenticate(const std::string& token);

 private:
  db::Connection& conn_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace sb::store
