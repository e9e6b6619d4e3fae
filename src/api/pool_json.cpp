#include "api/pool_json.hpp"

#include "api/entity_json.hpp"
#include "domain/pool_entity.hpp"
#include "store/repositories/count_cache.hpp"

namespace sb::api {

void WritePool(JsonWriter& w, const domain::Pool& p) {
  w.StartObject();
  for (const auto& f : domain::kPoolEntity) WriteEntityField(w, f, p);
  w.EndObject();
}

void WritePoolMember(JsonWriter& w, const domain::PoolMember& m, bool with_pool) {
  w.StartObject();
  if (with_pool) w.Field("pool_uuid", m.pool_uuid);
  w.Field("contact_uuid", m.contact_uuid);
  w.Field("name", m.name);
  w.Field("phone_number", m.phone_number);
  w.Field("email", m.email);
  w.Field("status", m.status);
  w.Field("priority", m.priority);
  w.Field("retry_count", m.retry_count);
  w.TimeField("started_at", m.started_at);
  w.TimeField("completed_at", m.completed_at);
  w.TimeField("failed_at", m.failed_at);
  w.TimeField("next_retry_at", m.next_retry_at);
  w.Field("notes", m.notes);
  w.TimeField("added_at", m.added_at);
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
