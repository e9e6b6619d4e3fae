// The route table: (method, path pattern) -> handler. Patterns are literal
// segments and `{name}` placeholders ("/api/v1/pools/{uuid}/contacts"). Matching
// is exact per segment; a path that matches some pattern but not the method is
// reported so the caller can answer 405.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/request.hpp"

namespace sb::api {

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  bool requires_auth = true;
  ErrorStyle error_style = ErrorStyle::kPlatform;
  // The largest body the route takes; 0: the dispatcher's default.
  size_t max_body_bytes = 0;
  // The body is written to a file as it arrives and handed over as
  // ApiRequest::body_file, not kept in memory (large uploads).
  bool body_to_file = false;
  // The handler never blocks (no store, no file): the server may run it on
  // an I/O thread, so it answers even when every worker is busy (/healthz).
  bool runs_inline = false;
};

class Router {
 public:
  // The route added, to set what the arguments do not (valid until the next Add).
  Route& Add(std::string method, std::string pattern, Handler handler, bool requires_auth = true,
             ErrorStyle error_style = ErrorStyle::kPlatform);

  struct Match {
    const Route* route = nullptr;  // set when method and path match
    bool path_matched = false;     // some route had this path (405 when route is null)
    std::map<std::string, std::string, std::less<>> params;
  };
  Match Find(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Registers every /api/v1 route, the foreign dialects, /healthz, /readyz and
// /openapi.json.
void RegisterAllRoutes(Router& router);

}  // namespace sb::api
