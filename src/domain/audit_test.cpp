#include "domain/audit.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace sb::domain {
namespace {

TEST(AuditTest, ActionsAreTheFixedVocabulary) {
  std::set<std::string> actions(AuditActions().begin(), AuditActions().end());
  EXPECT_EQ(actions,
            (std::set<std::string>{"user.created", "user.role_changed", "user.updated",
                                   "user.deleted", "token.created", "token.revoked",
                                   "webhook.created", "webhook.updated", "webhook.deleted"}));
  for (const auto& a : actions) EXPECT_TRUE(IsAuditAction(a)) << a;
  EXPECT_FALSE(IsAuditAction("user"));
  EXPECT_FALSE(IsAuditAction("User.Created"));
  EXPECT_FALSE(IsAuditAction(""));
}

}  // namespace
}  // namespace sb::domain
