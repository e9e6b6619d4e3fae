#include "api/pool_json.hpp"

#include <span>

#include "api/entity_json.hpp"
#include "domain/pool_entity.hpp"
#include "domain/pool_member_entity.hpp"
#include "store/repositories/count_cache.hpp"

namespace sb::api {

void WritePool(JsonWriter& w, const domain::Pool& p) {
  w.StartObject();
  for (const auto& f : domain::kPoolEntity) WriteEntityField(w, f, p);
  w.EndObject();
}

void WritePoolMember(JsonWriter& w, const domain::PoolMember& m, bool with_pool) {
  static_assert(domain::kPoolMemberEntity[0].wire == "pool_uuid");
  // pool_uuid (the first field) only where the route says so.
  const std::span<const domain::PoolMemberField> fields =
      std::span(domain::kPoolMemberEntity).subspan(with_pool ? 0 : 1);
  w.StartObject();
  for (const auto& f : fields) WriteEntityField(w, f, m);
  w.EndObject();
}

void WriteShortPage(JsonWriter& w, const domain::PageInfo& page,
                    const std::function<void(JsonWriter&)>& rows,
                    const std::function<void(JsonWriter&)>& extra_leading) {
  w.StartObject();
  if (extra_leading) extra_leading(w);
  w.Field("current_page", page.current_page);
  w.Field("last_page", page.last_page);
  w.Field("per_page", page.per_page);
  w.Field("total", page.total);
  w.Key("data");
  w.StartArray();
  rows(w);
  w.EndArray();
  w.EndObject();
}

Result<int64_t> CachedTotal(const ApiRequest& req, HandlerContext& s, const std::string& filter_key,
                            const std::function<Result<int64_t>()>& count) {
  const int64_t org = req.auth.organization_id;
  const int64_t generation = req.auth.write_generation;
  if (auto cached = s.counts.Get(org, generation, filter_key)) return *cached;
  SB_ASSIGN_OR_RETURN(int64_t total, count());
  s.counts.Put(org, generation, filter_key, total);
  return total;
}

}  // namespace sb::api
