// The OpenAPI 3.1 document of this API (docs/openapi.json), compiled into the
// binary (cmake/embed_file.cmake) and served at GET /openapi.json without
// authentication. The document lists every route RegisterAllRoutes adds; a
// test compares the two (openapi_routes_test.cpp).
#pragma once

#include <string_view>

#include "api/router.hpp"

namespace sb::api {

// docs/openapi.json as it was when the binary was built (UTF-8 JSON).
// Defined in the generated source; never fails; thread-safe.
std::string_view OpenApiDocument();
// A strong ETag of those bytes, quoted ("\"3f2a...\"").
std::string_view OpenApiDocumentEtag();

// Whether an If-None-Match header value names `etag` ("*", or one of a
// comma-separated list; a weak W/ tag compares by its opaque part).
bool EtagMatches(std::string_view if_none_match, std::string_view etag);

// GET /openapi.json: the document, 304 when the client's If-None-Match holds
// its ETag. No store, no file: runs on an I/O thread like /healthz.
void RegisterOpenApiRoutes(Router& router);

}  // namespace sb::api
