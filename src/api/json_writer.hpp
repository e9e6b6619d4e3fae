// Streaming JSON output for responses: a thin layer over RapidJSON's Writer
// with the helpers every resource needs (nullable fields, timestamps, the
// success envelope). No DOM is built per row.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "api/request.hpp"
#include "core/json_writer.hpp"
#include "domain/pagination.hpp"

namespace sb::api {

// The writer itself lives in core (core/json_writer.hpp); handlers name it
// api::JsonWriter.
using sb::JsonWriter;

// {"success": true, "message": message, "data": <write_data>}.
ApiResponse Envelope(std::string_view message, const std::function<void(JsonWriter&)>& write_data,
                     int status = 200);

// {"success": true, "message": message, "data": null}.
ApiResponse EmptyEnvelope(std::string_view message, int status = 200);

// Writes the Laravel paginator keys around a `data` array written by `rows`
// (seed 001): current_page, data, first_page_url, from, last_page,
// last_page_url, next_page_url, path, per_page, prev_page_url, to, total.
void WriteLaravelPage(JsonWriter& w, const ApiRequest& req, const domain::PageInfo& page,
                      const std::function<void(JsonWriter&)>& rows);

}  // namespace sb::api
