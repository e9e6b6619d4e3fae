// What an API handler sees of an HTTP request, and what it answers with. No
// transport types leak in here, so handlers are plain functions that tests and
// benchmarks can call directly.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "store/db/database.hpp"

namespace sb::store {
class CountCache;
}

namespace sb::api {

// Who is calling: resolved from the bearer token by the http layer.
struct AuthContext {
  int64_t organization_id = 0;
  std::string organization_uuid;
  int64_t user_id = 0;
  std::string user_uuid;
  int64_t token_id = 0;
  // The organization's write generation when the request arrived; keys cached
  // list totals (see store/count_cache.hpp).
  int64_t write_generation = 0;
};

// Shared, thread-safe services every handler may use.
struct Services {
  db::Database& db;
  const Clock& clock;
  IdGenerator& ids;
  store::CountCache& counts;
};

struct ApiRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // "/api/v1/contacts", no query string
  std::map<std::string, std::string, std::less<>> path_params;  // {uuid} -> value
  std::map<std::string, std::string, std::less<>> query;        // last value wins
  std::string body;
  std::string base_url;  // "http://host:port", for absolute page URLs
  AuthContext auth;

  const std::string& Param(std::string_view name) const;
  std::optional<std::string_view> QueryValue(std::string_view name) const;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

using Handler = std::function<Result<ApiResponse>(const ApiRequest&, Services&)>;

}  // namespace sb::api
