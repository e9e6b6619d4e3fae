// Tags label contacts; names are unique per organization (case-insensitive).
#pragma once

#include <cstdint>
#include <string>

namespace sb::domain {

struct Tag {
  int64_t id = 0;
  std::string uuid;
  std::string name;
  int64_t contacts_count = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

}  // namespace sb::domain
