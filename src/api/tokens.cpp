// /api/v1/tokens: API tokens through the API. Everyone manages their own
// tokens; admins also those of users below owner; owners everyone's
// (domain::MayManageTokensOf). A token's secret is shown once, in the create
// answer (and never in a replay of it under an Idempotency-Key).
#include "api/audit.hpp"
#include "api/body_reader.hpp"
#include "api/json_writer.hpp"
#include "api/query_reader.hpp"
#include "api/routes.hpp"
#include "domain/audit.hpp"
#include "domain/token_access.hpp"
#include "store/repositories/token_repository.hpp"
#include "store/repositories/user_repository.hpp"

namespace sb::api {
namespace {

constexpr size_t kNameMax = 100;
constexpr int64_t kMaxExpiryDays = 3650;

// Code points of valid UTF-8 (the body reader has checked it).
size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string Trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

void WriteScopes(JsonWriter& w, const domain::TokenScopes& scopes) {
  w.Key("scopes");
  w.StartArray();
  for (const std::string& s : domain::TokenScopeList(scopes)) w.String(s);
  w.EndArray();
}

void WriteToken(JsonWriter& w, const store::ApiToken& t) {
  w.StartObject();
  w.Field("uuid", t.uuid);
  w.Field("name", t.name);
  w.Field("prefix", t.prefix);
  WriteScopes(w, t.scopes);
  w.Field("user_uuid", t.user_uuid);
  w.TimeField("created_at", t.created_at);
  w.TimeField("expires_at", t.expires_at);
  w.TimeField("last_used_at", t.last_used_at);
  w.EndObject();
}

struct NewTokenRequest {
  std::string name;
  std::optional<int> expires_in_days;
  std::optional<domain::TokenScopes> scopes;
  std::optional<std::string> user_uuid;
};

Result<NewTokenRequest> ReadNewToken(const ApiRequest& req) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  NewTokenRequest out;
  if (auto name = body.String("name", /*required=*/true, 0, 1000)) {
    out.name = Trimmed(*name);
    if (out.name.empty() || CodePoints(out.name) > kNameMax) {
      body.AddError("name", "The name must be 1 to 100 characters.");
    }
  }
  if (auto days = body.Int("expires_in_days", 1, kMaxExpiryDays)) {
    out.expires_in_days = static_cast<int>(*days);
  }
  if (auto words = body.StringArray("scopes")) {
    auto scopes = domain::ParseTokenScopes(*words, "scopes");
    if (scopes.ok()) {
      out.scopes = *scopes;
    } else {
      body.AddError("scopes", scopes.error().details());
    }
  }
  out.user_uuid = body.Uuid("user_uuid");
  SB_RETURN_IF_ERROR(body.Finish());
  return out;
}

Error MayNotManage(domain::Role target) {
  return domain::RoleRequired(target == domain::Role::kOwner ? domain::Role::kOwner
                                                             : domain::Role::kAdmin);
}

// {"name", "prefix", "user_uuid", "scopes", "expires_at"}: never the secret.
std::string TokenAuditDetails(const store::ApiToken& t) {
  JsonWriter w;
  w.StartObject();
  w.Field("name", t.name);
  w.Field("prefix", t.prefix);
  w.Field("user_uuid", t.user_uuid);
  WriteScopes(w, t.scopes);
  w.TimeField("expires_at", t.expires_at);
  w.EndObject();
  return w.Take();
}

Result<ApiResponse> CreateToken(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(NewTokenRequest in, ReadNewToken(req));
  // Never wider than the token asking: default to its own scopes.
  const domain::TokenScopes scopes = in.scopes.value_or(req.auth.scopes);
  if (!req.auth.scopes.Covers(scopes)) {
    return domain::ScopeRequired(scopes.write && !req.auth.scopes.write ? "write" : "read");
  }
  const int64_t org = req.auth.organization_id;
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::TokenRepository tokens(*conn, s.clock, s.ids);
  store::ApiToken shown;
  std::string secret;
  SB_RETURN_IF_ERROR(db::InTransaction(*conn, [&]() -> Status {
    store::UserRepository users(*conn, s.clock, s.ids);
    SB_ASSIGN_OR_RETURN(domain::User user,
                        users.Get(org, in.user_uuid.value_or(req.auth.user_uuid)));
    const domain::Role role = domain::ParseRole(user.role).value_or(domain::Role::kOwner);
    if (!domain::MayManageTokensOf(req.auth.role, req.auth.user_id, role, user.id)) {
      return MayNotManage(role);
    }
    SB_ASSIGN_OR_RETURN(store::NewToken created,
                        tokens.CreateForUser(org, user.id, in.name, in.expires_in_days, scopes));
    secret = created.token;
    SB_ASSIGN_OR_RETURN(shown, tokens.Get(org, created.uuid));
    return RecordAudit(*conn, req, s, domain::kAuditTokenCreated, domain::kAuditTargetToken,
                       shown.uuid, TokenAuditDetails(shown));
  }));
  auto write = [&](bool with_secret) {
    return Envelope(
        "Token created successfully",
        [&](JsonWriter& w) {
          w.StartObject();
          w.Field("uuid", shown.uuid);
          w.Field("name", shown.name);
          w.Field("prefix", shown.prefix);
          WriteScopes(w, shown.scopes);
          w.Field("user_uuid", shown.user_uuid);
          w.TimeField("created_at", shown.created_at);
          w.TimeField("expires_at", shown.expires_at);
          if (with_secret) w.Field("token", secret);
          w.EndObject();
        },
        201);
  };
  ApiResponse response = write(true);
  response.replay_body = write(false).body;
  return response;
}

Result<ApiResponse> ListTokens(const ApiRequest& req, HandlerContext& s) {
  QueryReader query(req);
  domain::PageRequest page = query.Page(15);
  SB_RETURN_IF_ERROR(query.Finish());
  const store::TokenViewer viewer{req.auth.user_id, req.auth.role};
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::TokenRepository tokens(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto list, tokens.ListVisible(req.auth.organization_id, viewer, page));
  SB_ASSIGN_OR_RETURN(int64_t total, tokens.CountVisible(req.auth.organization_id, viewer));
  domain::PageInfo info = domain::DescribePage(page, total, static_cast<int64_t>(list.size()));
  return Envelope("Tokens retrieved successfully", [&](JsonWriter& w) {
    w.StartObject();
    w.Field("current_page", info.current_page);
    w.Field("last_page", info.last_page);
    w.Field("per_page", info.per_page);
    w.Field("total", info.total);
    w.Key("data");
    w.StartArray();
    for (const auto& t : list) WriteToken(w, t);
    w.EndArray();
    w.EndObject();
  });
}

Result<ApiResponse> RevokeToken(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::TokenRepository tokens(*conn, s.clock, s.ids);
  const int64_t org = req.auth.organization_id;
  SB_RETURN_IF_ERROR(db::InTransaction(*conn, [&]() -> Status {
    // Read first (a revoked token is not read); RevokeVisible decides whether
    // the caller may, and answers 404 alike for a token it may not see.
    SB_ASSIGN_OR_RETURN(store::ApiToken gone, tokens.Get(org, req.Param("uuid")));
    SB_RETURN_IF_ERROR(
        tokens.RevokeVisible(org, {req.auth.user_id, req.auth.role}, req.Param("uuid")));
    return RecordAudit(*conn, req, s, domain::kAuditTokenRevoked, domain::kAuditTargetToken,
                       gone.uuid, TokenAuditDetails(gone));
  }));
  return ApiResponse{204, "application/json", ""};
}

}  // namespace

void RegisterTokenRoutes(Router& router) {
  router.Add("GET", "/api/v1/tokens", ListTokens);
  router.Add("POST", "/api/v1/tokens", CreateToken);
  router.Add("DELETE", "/api/v1/tokens/{uuid}", RevokeToken);
}

}  // namespace sb::api
