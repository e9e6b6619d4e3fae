#include "domain/role.hpp"

#include <gtest/gtest.h>

#include <string>

#include "domain/enums.hpp"

namespace sb::domain {
namespace {

constexpr Role kAll[] = {Role::kViewer, Role::kMember, Role::kAdmin, Role::kOwner};

TEST(RoleTest, ParseAndFormatRoundTripEveryUserRole) {
  for (std::string_view name : UserRoles()) {
    auto role = ParseRole(name);
    ASSERT_TRUE(role.has_value()) << name;
    EXPECT_EQ(FormatRole(*role), name);
  }
  EXPECT_EQ(UserRoles().size(), 4u);
  EXPECT_FALSE(ParseRole("Owner").has_value());
  EXPECT_FALSE(ParseRole("").has_value());
  EXPECT_FALSE(ParseRole("superuser").has_value());
}

TEST(RoleTest, OrderedViewerMemberAdminOwner) {
  for (size_t i = 0; i < 4; ++i) {
    for (size_t j = 0; j < 4; ++j) EXPECT_EQ(RoleAtLeast(kAll[i], kAll[j]), i >= j) << i << j;
  }
}

TEST(RoleTest, NobodyChangesTheirOwnRoleOrDeletesThemselves) {
  for (Role r : kAll) {
    for (Role to : kAll) {
      Status st = CheckUserChange(r, 7, 7, r, to);
      if (to == r) {  // not a role change: one's own name and email
        EXPECT_TRUE(st.ok()) << st.error().message();
        continue;
      }
      ASSERT_FALSE(st.ok());
      EXPECT_EQ(st.error().code(), ErrorCode::kForbidden);
    }
    Status del = CheckUserChange(r, 7, 7, r, std::nullopt);
    ASSERT_FALSE(del.ok());
    EXPECT_EQ(del.error().code(), ErrorCode::kForbidden);
  }
}

// Every (actor, target, new role) combination on another user: owners do
// anything; admins only when neither side is admin or owner; others nothing.
TEST(RoleTest, CheckUserChangeExhaustive) {
  for (Role actor : kAll) {
    for (Role target : kAll) {
      for (Role to : kAll) {
        bool high = RoleAtLeast(target, Role::kAdmin) || RoleAtLeast(to, Role::kAdmin);
        bool allowed = actor == Role::kOwner || (actor == Role::kAdmin && !high);
        SCOPED_TRACE(std::string(FormatRole(actor)) + " " + std::string(FormatRole(target)) +
                     " -> " + std::string(FormatRole(to)));
        Status change = CheckUserChange(actor, 1, 2, target, to);
        EXPECT_EQ(change.ok(), allowed);
        if (!change.ok()) {
          EXPECT_EQ(change.error().code(), ErrorCode::kForbidden);
          EXPECT_EQ(change.error().details(),
                    std::string("required_role: ") + (high ? "owner" : "admin"));
        }
        // Creating a user with role `to`.
        bool create_ok =
            actor == Role::kOwner || (actor == Role::kAdmin && !RoleAtLeast(to, Role::kAdmin));
        EXPECT_EQ(CheckUserChange(actor, 1, 0, std::nullopt, to).ok(), create_ok);
      }
      // Deleting the target.
      bool delete_ok =
          actor == Role::kOwner || (actor == Role::kAdmin && !RoleAtLeast(target, Role::kAdmin));
      EXPECT_EQ(CheckUserChange(actor, 1, 2, target, std::nullopt).ok(), delete_ok);
    }
  }
}

TEST(RoleTest, RoleRequiredNamesTheRole) {
  Error e = RoleRequired(Role::kAdmin);
  EXPECT_EQ(e.code(), ErrorCode::kForbidden);
  EXPECT_EQ(e.message(), "This requires the admin role");
  EXPECT_EQ(e.details(), "required_role: admin");
}

}  // namespace
}  // namespace sb::domain
