// multipart/form-data request bodies (RFC 7578), parsed in place: each part's
// data is a view into the body, so a large uploaded file is not copied.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace sb {

struct MultipartPart {
  std::string name;                     // Content-Disposition name
  std::optional<std::string> filename;  // Content-Disposition filename, when a file
  std::string content_type;             // the part's Content-Type, may be empty
  std::string_view data;                // into the parsed body
};

// The media type of a Content-Type value, lower case, without parameters:
// "multipart/form-data" for "Multipart/Form-Data; boundary=x".
std::string MediaType(std::string_view content_type);

// The `boundary` parameter of a Content-Type value (quotes removed), or
// nullopt when it has none.
std::optional<std::string> MultipartBoundary(std::string_view content_type);

// The parts of `body`, in order. A 400 (kBadRequest) when the body does not
// hold the boundary, a part has no headers end or no name, or the closing
// delimiter is missing.
Result<std::vector<MultipartPart>> ParseMultipart(std::string_view body, std::string_view boundary);

}  // namespace sb
