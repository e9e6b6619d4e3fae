#include "store/drivers/durability.hpp"

#include <gtest/gtest.h>

namespace sb::db {
namespace {

TEST(DurabilityTest, ParsesBothSettingsAndFormatsThemBack) {
  for (Durability d : {Durability::kFull, Durability::kNormal}) {
    EXPECT_EQ(ParseDurability(DurabilityName(d)), d);
  }
  EXPECT_EQ(DurabilityName(Durability::kFull), "full");
  EXPECT_EQ(DurabilityName(Durability::kNormal), "normal");
}

TEST(DurabilityTest, RefusesAnythingElse) {
  for (const char* bad : {"", "FULL", "Normal", "off", "extra", " full", "full "}) {
    EXPECT_FALSE(ParseDurability(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace sb::db
