#include "domain/pagination.hpp"

namespace sb::domain {

PageInfo DescribePage(const PageRequest& req, int64_t total, int64_t items_on_page) {
  PageInfo info{};
  info.current_page = req.page;
  info.per_page = req.per_page;
  info.total = total;
  info.last_page = total == 0 ? 1 : (total + req.per_page - 1) / req.per_page;
  if (items_on_page > 0) {
    info.from = req.Offset() + 1;
    info.to = req.Offset() + items_on_page;
  }
  info.has_more = req.page < info.last_page;
  return info;
}

}  // namespace sb::domain
