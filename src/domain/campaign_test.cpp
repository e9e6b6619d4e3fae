#include "domain/campaign.hpp"

#include <gtest/gtest.h>

#include <set>
#include <utility>

#include "domain/enums.hpp"

namespace sb::domain {
namespace {

// Every (from, to) pair over the five statuses, against the table written out.
TEST(CampaignLifecycle, Exhaustive) {
  const std::set<std::pair<std::string_view, std::string_view>> allowed = {
      {"Draft", "Draft"},         {"Draft", "Active"},       {"Draft", "Completed"},
      {"Draft", "Archived"},      {"Active", "Active"},      {"Active", "Paused"},
      {"Active", "Completed"},    {"Active", "Archived"},    {"Paused", "Paused"},
      {"Paused", "Active"},       {"Paused", "Completed"},   {"Paused", "Archived"},
      {"Completed", "Completed"}, {"Completed", "Archived"}, {"Archived", "Archived"},
  };
  int checked = 0;
  for (std::string_view from : CampaignStatuses()) {
    for (std::string_view to : CampaignStatuses()) {
      SCOPED_TRACE(std::string(from) + " -> " + std::string(to));
      const bool expected = allowed.count({from, to}) > 0;
      EXPECT_EQ(CampaignTransitionAllowed(from, to), expected);
      Status st = CheckCampaignTransition(from, to);
      EXPECT_EQ(st.ok(), expected);
      if (!st.ok()) {
        EXPECT_EQ(st.error().code(), ErrorCode::kConflict);
        EXPECT_EQ(st.error().field(), "status");
        EXPECT_NE(st.error().message().find("its status is " + std::string(from)),
                  std::string::npos)
            << st.error().message();
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 25);
}

}  // namespace
}  // namespace sb::domain
