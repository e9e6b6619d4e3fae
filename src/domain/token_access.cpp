#include "domain/token_access.hpp"

namespace sb::domain {

Result<TokenScopes> ParseTokenScopes(const std::vector<std::string>& words,
                                     const std::string& field) {
  TokenScopes scopes{false, false};
  for (const std::string& w : words) {
    if (w == "read") {
      scopes.read = true;
    } else if (w == "write") {
      scopes.write = true;
    } else {
      return Error::Validation(field, "Each scope must be one of: read, write.");
    }
  }
  if (!scopes.read && !scopes.write) {
    return Error::Validation(field, "Give at least one scope: read, write.");
  }
  return scopes;
}

Result<TokenScopes> ParseTokenScopes(std::string_view text, const std::string& field) {
  std::vector<std::string> words;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    if (end > pos) words.emplace_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return ParseTokenScopes(words, field);
}

std::vector<std::string> TokenScopeList(const TokenScopes& scopes) {
  std::vector<std::string> out;
  if (scopes.read) out.emplace_back("read");
  if (scopes.write) out.emplace_back("write");
  return out;
}

std::string FormatTokenScopes(const TokenScopes& scopes) {
  std::string out;
  for (const std::string& w : TokenScopeList(scopes)) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

Error ScopeRequired(std::string_view scope) {
  std::string name(scope);
  return Error(ErrorCode::kForbidden, "This requires a token with the " + name + " scope",
               std::string(kRequiredScopePrefix) + name);
}

bool MayManageTokensOf(Role actor_role, int64_t actor_user_id, Role target_role,
                       int64_t target_user_id) {
  if (actor_user_id == target_user_id) return true;
  switch (actor_role) {
    case Role::kOwner:
      return true;
    case Role::kAdmin:
      return target_role != Role::kOwner;
    case Role::kMember:
    case Role::kViewer:
      return false;
  }
  return false;
}

}  // namespace sb::domain
