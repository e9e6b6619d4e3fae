// The permission matrix end to end, generated from the Router's route table
// (RegisterAllRoutes) and the permission table (api/permissions.cpp), so a new
// route cannot skip it: every route x every role x every scope set, one
// request each, 403 exactly when the role or the scope falls short, and not
// 403 otherwise (a 404 or 422 for the dummy id or body is fine).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "api/permissions.hpp"
#include "api/router.hpp"
#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {
namespace {

using domain::Role;

struct ScopeSet {
  const char* name;
  const char* json;
  domain::TokenScopes scopes;
};
const ScopeSet kScopeSets[] = {{"read", R"(["read"])", {true, false}},
                               {"write", R"(["write"])", {false, true}},
                               {"read+write", R"(["read","write"])", {true, true}}};
const Role kRoles[] = {Role::kViewer, Role::kMember, Role::kAdmin, Role::kOwner};

// The pattern with every `{name}` replaced by `value`.
std::string Fill(const std::string& pattern, const std::string& value) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      i = pattern.find('}', i);
      out += value;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

class PermissionsE2E : public ::sb::testing::EngineTest {
 protected:
  // One organization, one user per role, one token per (role, scope set).
  static void SetUpTestSuite() {
    server_ = new TestServer();
    const std::string owner = server_->CreateToken("Acme");  // the first user: owner
    std::map<Role, std::string> users;
    users[Role::kOwner] = server_->Get("/api/v1/me", owner).data()["user"]["uuid"].GetString();
    for (Role role : {Role::kAdmin, Role::kMember, Role::kViewer}) {
      std::string name(domain::FormatRole(role));
      auto created = server_->Post("/api/v1/users",
                                   R"({"name":")" + name + R"(","email":")" + name +
                                       R"(@acme.test","role":")" + name + "\"}",
                                   owner);
      ASSERT_EQ(created.status, 201) << created.body;
      users[role] = created.data()["uuid"].GetString();
    }
    for (Role role : kRoles) {
      for (const ScopeSet& set : kScopeSets) {
        auto token = server_->Post(
            "/api/v1/tokens",
            R"({"name":"sweep","user_uuid":")" + users[role] + R"(","scopes":)" + set.json + "}",
            owner);
        ASSERT_EQ(token.status, 201) << token.body;
        tokens_[{role, set.name}] = token.data()["token"].GetString();
      }
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    tokens_.clear();
  }

  static HttpResult Call(const api::Route& route, const std::string& token) {
    const std::string path = Fill(route.pattern, "0b5e8f0e-3c51-4d6e-9a57-2f1c9d7e4a10");
    const std::string body = route.method == "GET" ? "" : "{}";
    return server_->Send(route.method, path, body, {{"Authorization", "Bearer " + token}});
  }

  static TestServer* server_;
  static std::map<std::pair<Role, std::string>, std::string> tokens_;
};

TestServer* PermissionsE2E::server_ = nullptr;
std::map<std::pair<Role, std::string>, std::string> PermissionsE2E::tokens_;

SB_INSTANTIATE_ENGINES(PermissionsE2E);

TEST_P(PermissionsE2E, EveryRouteEveryRoleEveryScope) {
  ASSERT_EQ(tokens_.size(), 12u);
  api::Router router;
  api::RegisterAllRoutes(router);
  int checked = 0;
  for (const api::Route& route : router.routes()) {
    if (!route.requires_auth) continue;
    const api::RoutePermission* permission = api::FindPermission(route.method, route.pattern);
    ASSERT_NE(permission, nullptr) << route.method << " " << route.pattern;
    for (Role role : kRoles) {
      for (const ScopeSet& set : kScopeSets) {
        const bool role_short = !domain::RoleAtLeast(role, permission->min_role);
        const bool scope_short = permission->writes ? !set.scopes.write : !set.scopes.read;
        HttpResult res = Call(route, tokens_[{role, set.name}]);
        SCOPED_TRACE(route.method + " " + route.pattern + " as " +
                     std::string(domain::FormatRole(role)) + " with " + set.name);
        ++checked;
        if (!role_short && !scope_short) {
          EXPECT_NE(res.status, 403) << res.body;
          continue;
        }
        ASSERT_EQ(res.status, 403) << res.body;
        if (route.error_style != api::ErrorStyle::kPlatform) continue;
        ASSERT_TRUE(res.json.IsObject()) << res.body;
        EXPECT_FALSE(res.json["success"].GetBool());
        EXPECT_STREQ(res.json["error"]["code"].GetString(), "FORBIDDEN");
        if (role_short) {
          std::string needed(domain::FormatRole(permission->min_role));
          ASSERT_TRUE(res.json["error"].HasMember("required_role")) << res.body;
          EXPECT_EQ(res.json["error"]["required_role"].GetString(), needed);
          EXPECT_EQ(std::string(res.json["message"].GetString()),
                    "This requires the " + needed + " role");
        } else {
          ASSERT_TRUE(res.json["error"].HasMember("required_scope")) << res.body;
          EXPECT_STREQ(res.json["error"]["required_scope"].GetString(),
                       permission->writes ? "write" : "read");
        }
      }
    }
  }
  EXPECT_GT(checked, 12 * 90);  // every route was swept
}

// Named, besides the sweep: a member's full token is refused every admin
// route, and nothing of the organization's setup changes.
TEST_P(PermissionsE2E, AMemberIsRefusedEveryAdminRoute) {
  const std::string& member = tokens_[{Role::kMember, "read+write"}];
  const std::vector<std::pair<std::string, std::string>> admin_routes = {
      {"POST", "/api/v1/webhooks"},         {"POST", "/api/v1/users"},
      {"PATCH", "/api/v1/users/{uuid}"},    {"DELETE", "/api/v1/users/{uuid}"},
      {"POST", "/api/v1/phone-numbers"},    {"POST", "/api/v1/agents"},
      {"POST", "/api/v1/campaigns"},        {"POST", "/api/v1/rules"},
      {"POST", "/api/v1/pipelines"},        {"PATCH", "/api/v1/organization"},
      {"DELETE", "/api/v1/webhooks/{uuid}"}};
  // Every route of the table that needs an admin or an owner.
  int admin_or_more = 0;
  for (const api::RoutePermission& p : api::PermissionTable()) {
    if (!domain::RoleAtLeast(p.min_role, Role::kAdmin)) continue;
    ++admin_or_more;
    api::Route route;
    route.method = std::string(p.method);
    route.pattern = std::string(p.pattern);
    HttpResult res = Call(route, member);
    EXPECT_EQ(res.status, 403) << p.method << " " << p.pattern << " -> " << res.body;
  }
  EXPECT_GE(admin_or_more, static_cast<int>(admin_routes.size()));
  for (const auto& [method, pattern] : admin_routes) {
    const api::RoutePermission* p = api::FindPermission(method, pattern);
    ASSERT_NE(p, nullptr) << method << " " << pattern;
    ASSERT_TRUE(domain::RoleAtLeast(p->min_role, Role::kAdmin)) << method << " " << pattern;
    api::Route route;
    route.method = method;
    route.pattern = pattern;
    HttpResult res = Call(route, member);
    EXPECT_EQ(res.status, 403) << method << " " << pattern << " -> " << res.body;
  }
  auto me = server_->Get("/api/v1/me", member);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_STREQ(me.data()["user"]["role"].GetString(), "member");
}

}  // namespace
}  // namespace sb::testing
