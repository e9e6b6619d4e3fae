#include "api/permissions.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "api/router.hpp"

namespace sb::api {
namespace {

using domain::Role;

std::string Name(std::string_view method, std::string_view pattern) {
  return std::string(method) + " " + std::string(pattern);
}

// A new route must get an entry: this fails naming every route without one.
TEST(PermissionTableTest, EveryAuthenticatedRouteHasAnEntry) {
  Router router;
  RegisterAllRoutes(router);
  std::set<std::string> registered;
  for (const Route& r : router.routes()) {
    registered.insert(Name(r.method, r.pattern));
    const RoutePermission* p = FindPermission(r.method, r.pattern);
    if (r.requires_auth) {
      EXPECT_NE(p, nullptr) << "no permission entry for " << Name(r.method, r.pattern);
    } else {
      EXPECT_EQ(p, nullptr) << Name(r.method, r.pattern) << " needs no token, so no entry";
    }
  }
  std::set<std::string> listed;
  for (const RoutePermission& p : PermissionTable()) {
    EXPECT_TRUE(listed.insert(Name(p.method, p.pattern)).second)
        << "listed twice: " << Name(p.method, p.pattern);
    EXPECT_TRUE(registered.count(Name(p.method, p.pattern)))
        << "entry for a route that does not exist: " << Name(p.method, p.pattern);
  }
}

TEST(PermissionTableTest, ReadsAreViewersAndNeverWrite) {
  for (const RoutePermission& p : PermissionTable()) {
    SCOPED_TRACE(Name(p.method, p.pattern));
    if (p.method == "GET") {
      EXPECT_FALSE(p.writes);
      // Every read is a viewer's, but the bulk export of contacts and the
      // audit log (an admin's).
      if (p.pattern != "/api/v1/contacts/export" && p.pattern != "/api/v1/audit-log") {
        EXPECT_EQ(p.min_role, Role::kViewer);
      }
    } else if (p.pattern != "/contact/query") {
      EXPECT_TRUE(p.writes);
      // Everyone manages their own tokens (the handler narrows whose).
      if (!p.pattern.starts_with("/api/v1/tokens")) {
        EXPECT_NE(p.min_role, Role::kViewer) << "only tokens are a viewer's to change";
      }
    }
  }
}

TEST(PermissionTableTest, SpotChecksOfTheMatrix) {
  auto role = [](std::string_view m, std::string_view p) {
    const RoutePermission* e = FindPermission(m, p);
    EXPECT_NE(e, nullptr) << m << " " << p;
    return e ? e->min_role : Role::kOwner;
  };
  EXPECT_EQ(role("POST", "/api/v1/contacts"), Role::kMember);
  EXPECT_EQ(role("POST", "/api/v1/campaigns/{uuid}/claim"), Role::kMember);
  EXPECT_EQ(role("POST", "/api/v1/webhooks"), Role::kAdmin);
  EXPECT_EQ(role("PATCH", "/api/v1/users/{uuid}"), Role::kAdmin);
  EXPECT_EQ(role("PATCH", "/api/v1/organization"), Role::kOwner);
  EXPECT_EQ(role("POST", "/api/v1/tokens"), Role::kViewer);
  EXPECT_EQ(FindPermission("GET", "/api/v1/nothing"), nullptr);
}

TEST(CheckRouteAccessTest, RoleThenScope) {
  const RoutePermission write_member{"POST", "/x", Role::kMember, true};
  const RoutePermission read_viewer{"GET", "/x", Role::kViewer, false};
  const domain::TokenScopes both{true, true}, read{true, false}, write{false, true};

  EXPECT_TRUE(CheckRouteAccess(&write_member, Role::kMember, both).ok());
  EXPECT_TRUE(CheckRouteAccess(&write_member, Role::kOwner, write).ok());
  auto low = CheckRouteAccess(&write_member, Role::kViewer, read);
  ASSERT_FALSE(low.ok());
  EXPECT_EQ(low.error().code(), ErrorCode::kForbidden);
  EXPECT_EQ(low.error().details(), "required_role: member");
  auto scope = CheckRouteAccess(&write_member, Role::kAdmin, read);
  ASSERT_FALSE(scope.ok());
  EXPECT_EQ(scope.error().details(), "required_scope: write");

  EXPECT_TRUE(CheckRouteAccess(&read_viewer, Role::kViewer, read).ok());
  auto write_only = CheckRouteAccess(&read_viewer, Role::kOwner, write);
  ASSERT_FALSE(write_only.ok());
  EXPECT_EQ(write_only.error().details(), "required_scope: read");
  EXPECT_FALSE(CheckRouteAccess(nullptr, Role::kOwner, both).ok());
}

}  // namespace
}  // namespace sb::api
