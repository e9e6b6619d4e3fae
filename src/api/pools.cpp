// /api/v1/pools
#include <fmt/format.h>

#include "api/body_reader.hpp"
#include "api/pool_json.hpp"
#include "api/query_reader.hpp"
#include "api/routes.hpp"
#include "api/unit_of_work.hpp"
#include "store/repositories/pool_repository.hpp"

namespace sb::api {
namespace {

using domain::kPoolDescriptionMax;
using domain::kPoolNameMax;
using domain::kPoolNameMin;

// The pool settings of a POST (name and description required) or PUT body
// (every field optional; an explicit null is refused since none is nullable).
Result<store::PoolFields> ReadPoolFields(const ApiRequest& req, bool create) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  if (!create) {
    for (const char* key :
         {"name", "description", "type", "max_parallel_items", "max_retries", "is_active"}) {
      auto it = doc.FindMember(key);
      if (it != doc.MemberEnd() && it->value.IsNull()) {
        body.AddError(key, fmt::format("The {} may not be null.", key));
      }
    }
  }
  store::PoolFields f;
  f.name = body.String("name", create, kPoolNameMin, kPoolNameMax);
  f.description = body.String("description", create, 0, kPoolDescriptionMax);
  f.type = body.Enum("type", domain::PoolTypes());
  f.max_parallel_items =
      body.Int("max_parallel_items", domain::kPoolMaxParallelMin, domain::kPoolMaxParallelMax);
  f.max_retries = body.Int("max_retries", 0, domain::kPoolMaxRetriesMax);
  f.is_active = body.Bool("is_active");
  SB_RETURN_IF_ERROR(body.Finish());
  return f;
}

Result<ApiResponse> ListPools(const ApiRequest& req, HandlerContext& s) {
  QueryReader q(req);
  domain::PageRequest page = q.Page(15);
  store::PoolFilter filter;
  filter.search = q.String("search");
  filter.type = q.Enum("type", domain::PoolTypes());
  filter.is_active = q.Bool("is_active");
  SB_RETURN_IF_ERROR(q.Finish());

  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::PoolRepository pools(*conn, s.clock, s.ids);
  const int64_t org = req.auth.organization_id;
  SB_ASSIGN_OR_RETURN(int64_t total,
                      CachedTotal(req, s, filter.Key(), [&] { return pools.Count(org, filter); }));
  SB_ASSIGN_OR_RETURN(auto list, pools.List(org, filter, page));
  auto info = domain::DescribePage(page, total, static_cast<int64_t>(list.size()));
  return Envelope("Pools retrieved successfully", [&](JsonWriter& w) {
    WriteShortPage(w, info, [&](JsonWriter& rw) {
      for (const auto& p : list) WritePool(rw, p);
    });
  });
}

Result<ApiResponse> CreatePool(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto fields, ReadPoolFields(req, /*create=*/true));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::PoolRepository pools(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto pool, InUnitOfWork(req, s, *conn, [&] {
                        return pools.Create(req.auth.organization_id, fields);
                      }));
  return Envelope(
      "Pool created successfully", [&](JsonWriter& w) { WritePool(w, pool); }, 201);
}

Result<ApiResponse> GetPool(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::PoolRepository pools(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto pool, pools.Get(req.auth.organization_id, req.Param("uuid")));
  return Envelope("Pool retrieved successfully", [&](JsonWriter& w) { WritePool(w, pool); });
}

Result<ApiResponse> UpdatePool(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto fields, ReadPoolFields(req, /*create=*/false));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::PoolRepository pools(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto pool, InUnitOfWork(req, s, *conn, [&] {
                        return pools.Update(req.auth.organization_id, req.Param("uuid"), fields);
                      }));
  return Envelope("Pool updated successfully", [&](JsonWriter& w) { WritePool(w, pool); });
}

Result<ApiResponse> DeletePool(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::PoolRepository pools(*conn, s.clock, s.ids);
  SB_RETURN_IF_ERROR(InUnitOfWork(
      req, s, *conn, [&] { return pools.Delete(req.auth.organization_id, req.Param("uuid")); }));
  return EmptyEnvelope("Pool deleted successfully");
}

Result<ApiResponse> DuplicatePool(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  auto name = body.String("name", /*required=*/true, kPoolNameMin, kPoolNameMax);
  bool copy_contacts = body.Bool("copy_contacts").value_or(false);
  SB_RETURN_IF_ERROR(body.Finish());
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::PoolRepository pools(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto pool, InUnitOfWork(req, s, *conn, [&] {
                        return pools.Duplicate(req.auth.organization_id, req.Param("uuid"), *name,
                                               copy_contacts);
                      }));
  return Envelope(
      "Pool duplicated successfully", [&](JsonWriter& w) { WritePool(w, pool); }, 201);
}

}  // namespace

void RegisterPoolRoutes(Router& router) {
  router.Add("GET", "/api/v1/pools", ListPools);
  router.Add("POST", "/api/v1/pools", CreatePool);
  router.Add("GET", "/api/v1/pools/{uuid}", GetPool);
  router.Add("PUT", "/api/v1/pools/{uuid}", UpdatePool);
  router.Add("DELETE", "/api/v1/pools/{uuid}", DeletePool);
  router.Add("POST", "/api/v1/pools/{uuid}/duplicate", DuplicatePool);
}

}  // namespace sb::api
