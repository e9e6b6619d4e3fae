// The count cache key names every filter field: two filters that can select
// different contacts never share a key; the same sets in another order do.
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "domain/contact.hpp"

namespace sb::domain {
namespace {

TEST(ContactFilterKey, EveryDialectFieldChangesTheKey) {
  const std::vector<std::function<void(ContactFilter&)>> setters = {
      [](ContactFilter& f) { f.tag_names = {"vip"}; },
      [](ContactFilter& f) { f.last_call_statuses = {"vip"}; },
      [](ContactFilter& f) { f.involved_uuids = {"vip"}; },
      [](ContactFilter& f) { f.unassigned = true; },
      [](ContactFilter& f) { f.stage_name = "vip"; },
      [](ContactFilter& f) { f.pipeline_uuid = "vip"; },
      [](ContactFilter& f) { f.last_message_status = "vip"; },
      [](ContactFilter& f) { f.last_message_from = 5; },
      [](ContactFilter& f) { f.last_message_until = 5; },
      [](ContactFilter& f) { f.created_from = 5; },
      [](ContactFilter& f) { f.created_until = 5; },
      [](ContactFilter& f) { f.source_names = {"vip"}; },
      [](ContactFilter& f) { f.categories = {"vip"}; },
      [](ContactFilter& f) { f.owner_uuids = {"vip"}; },
      [](ContactFilter& f) { f.assignee_uuids = {"vip"}; },
      [](ContactFilter& f) { f.stage_uuid = "vip"; },
  };
  std::set<std::string> keys{ContactFilter{}.CacheKey()};
  for (const auto& set : setters) {
    ContactFilter f;
    set(f);
    EXPECT_TRUE(keys.insert(f.CacheKey()).second) << f.CacheKey();
  }
}

TEST(ContactFilterKey, ListsAreSets) {
  ContactFilter a;
  a.tag_names = {"vip", "beta"};
  a.involved_uuids = {"u2", "u1"};
  ContactFilter b;
  b.tag_names = {"beta", "vip"};
  b.involved_uuids = {"u1", "u2"};
  EXPECT_EQ(a.CacheKey(), b.CacheKey());
}

}  // namespace
}  // namespace sb::domain
