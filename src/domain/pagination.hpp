// Page arithmetic shared by every paginated list.
#pragma once

#include <cstdint>
#include <optional>

namespace sb::domain {

struct PageRequest {
  int64_t page = 1;  // 1-based
  int64_t per_page = 15;
  int64_t Offset() const { return (page - 1) * per_page; }
};

struct PageInfo {
  int64_t current_page;
  int64_t per_page;
  int64_t total;
  int64_t last_page;            // at least 1, as Laravel reports it
  std::optional<int64_t> from;  // 1-based index of the first item; absent on an empty page
  std::optional<int64_t> to;    // 1-based index of the last item; absent on an empty page
  bool has_more;                // a page after this one has items
};

// Describes page `req` of a list of `total` items, of which `items_on_page`
// were returned.
PageInfo DescribePage(const PageRequest& req, int64_t total, int64_t items_on_page);

}  // namespace sb::domain
