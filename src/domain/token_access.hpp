// What an API token may do beyond its user's role: its scopes, and whose
// tokens a user may create, list and revoke. A token's rights are its user's
// role narrowed by its scopes, never wider.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/role.hpp"

namespace sb::domain {

// `read`: GET routes (and the reads of foreign dialects); `write`: every
// other route. A token has at least one.
struct TokenScopes {
  bool read = true;
  bool write = true;

  bool operator==(const TokenScopes&) const = default;
  // Whether every scope of `other` is also one of these.
  bool Covers(const TokenScopes& other) const {
    return (read || !other.read) && (write || !other.write);
  }
};

// "read write" as stored (api_tokens.scopes): words separated by spaces, in
// any order, repeats allowed. 422 naming `field` on an unknown word or none.
Result<TokenScopes> ParseTokenScopes(std::string_view text, const std::string& field = "scopes");
// The same from a list of words (the API's array, the CLI's --scope).
Result<TokenScopes> ParseTokenScopes(const std::vector<std::string>& words,
                                     const std::string& field = "scopes");
// "read write", "read" or "write".
std::string FormatTokenScopes(const TokenScopes& scopes);
// ["read", "write"] as words, for JSON arrays.
std::vector<std::string> TokenScopeList(const TokenScopes& scopes);

// The 403 of a token without `scope` ("read" or "write") for a route:
// details "required_scope: write" (also error.required_scope in the envelope).
Error ScopeRequired(std::string_view scope);
inline constexpr std::string_view kRequiredScopePrefix = "required_scope: ";

// Whether a user (actor) may create, list and revoke the tokens of target:
// everyone their own; an admin also those of any user below owner; an owner
// everyone's; members and viewers only their own.
bool MayManageTokensOf(Role actor_role, int64_t actor_user_id, Role target_role,
                       int64_t target_user_id);

}  // namespace sb::domain
