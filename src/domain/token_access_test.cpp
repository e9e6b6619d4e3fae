#include "domain/token_access.hpp"

#include <gtest/gtest.h>

namespace sb::domain {
namespace {

TEST(TokenScopesTest, ParsesWordsInAnyOrder) {
  auto both = ParseTokenScopes("read write");
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(*both, (TokenScopes{true, true}));
  auto reversed = ParseTokenScopes("write  read read");
  ASSERT_TRUE(reversed.ok());
  EXPECT_EQ(*reversed, (TokenScopes{true, true}));
  auto read = ParseTokenScopes(std::vector<std::string>{"read"});
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, (TokenScopes{true, false}));
  auto write = ParseTokenScopes("write");
  ASSERT_TRUE(write.ok());
  EXPECT_EQ(*write, (TokenScopes{false, true}));
}

TEST(TokenScopesTest, RejectsUnknownAndEmptyNamingTheField) {
  for (std::string_view bad : {"", "  ", "admin", "read,write", "READ"}) {
    auto parsed = ParseTokenScopes(bad, "scope");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code(), ErrorCode::kValidation);
    EXPECT_EQ(parsed.error().field(), "scope");
  }
  EXPECT_FALSE(ParseTokenScopes(std::vector<std::string>{}).ok());
}

TEST(TokenScopesTest, FormatsInCanonicalOrder) {
  EXPECT_EQ(FormatTokenScopes({true, true}), "read write");
  EXPECT_EQ(FormatTokenScopes({true, false}), "read");
  EXPECT_EQ(FormatTokenScopes({false, true}), "write");
  EXPECT_EQ(TokenScopeList({true, true}), (std::vector<std::string>{"read", "write"}));
}

TEST(TokenScopesTest, CoversOnlyNarrowerOrEqual) {
  TokenScopes both{true, true}, read{true, false}, write{false, true};
  EXPECT_TRUE(both.Covers(read));
  EXPECT_TRUE(both.Covers(write));
  EXPECT_TRUE(both.Covers(both));
  EXPECT_TRUE(read.Covers(read));
  EXPECT_FALSE(read.Covers(both));
  EXPECT_FALSE(read.Covers(write));
  EXPECT_FALSE(write.Covers(read));
}

TEST(TokenScopesTest, ScopeRequiredNamesTheScope) {
  Error e = ScopeRequired("write");
  EXPECT_EQ(e.code(), ErrorCode::kForbidden);
  EXPECT_EQ(e.details(), "required_scope: write");
}

TEST(MayManageTokensOfTest, Exhaustive) {
  const Role all[] = {Role::kViewer, Role::kMember, Role::kAdmin, Role::kOwner};
  for (Role actor : all) {
    for (Role target : all) {
      EXPECT_TRUE(MayManageTokensOf(actor, 1, actor, 1));  // one's own
      bool expected = actor == Role::kOwner || (actor == Role::kAdmin && target != Role::kOwner);
      EXPECT_EQ(MayManageTokensOf(actor, 1, target, 2), expected)
          << FormatRole(actor) << " on " << FormatRole(target);
    }
  }
}

}  // namespace
}  // namespace sb::domain
