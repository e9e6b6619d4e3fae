#include "core/multipart.hpp"

#include <strings.h>

#include <cctype>

namespace sb {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The value of parameter `name` in "type; a=1; name="x"" (quotes removed,
// backslash escapes honoured), or nullopt.
std::optional<std::string> Parameter(std::string_view header, std::string_view name) {
  size_t pos = header.find(';');
  while (pos != std::string_view::npos) {
    std::string_view rest = header.substr(pos + 1);
    size_t eq = rest.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    std::string_view key = Trim(rest.substr(0, eq));
    std::string_view value = rest.substr(eq + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    std::string parsed;
    size_t consumed = 0;
    if (!value.empty() && value.front() == '"') {
      size_t i = 1;
      for (; i < value.size() && value[i] != '"'; ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) ++i;
        parsed.push_back(value[i]);
      }
      consumed = i + 1;
    } else {
      size_t end = value.find(';');
      parsed = std::string(Trim(value.substr(0, end)));
      consumed = end == std::string_view::npos ? value.size() : end;
    }
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return parsed;
    }
    size_t offset = static_cast<size_t>(value.data() - header.data()) + consumed;
    pos = offset < header.size() ? header.find(';', offset) : std::string_view::npos;
  }
  return std::nullopt;
}

Error Malformed(std::string details) {
  return Error(ErrorCode::kBadRequest, "Malformed multipart body", std::move(details));
}

}  // namespace

std::string MediaType(std::string_view content_type) {
  return Lower(Trim(content_type.substr(0, content_type.find(';'))));
}

std::optional<std::string> MultipartBoundary(std::string_view content_type) {
  auto b = Parameter(content_type, "boundary");
  if (!b || b->empty() || b->size() > 200) return std::nullopt;
  return b;
}

Result<std::vector<MultipartPart>> ParseMultipart(std::string_view body,
                                                  std::string_view boundary) {
  const std::string delimiter = "--" + std::string(boundary);
  const std::string next_delimiter = "\r\n" + delimiter;
  size_t pos = 0;
  if (body.substr(0, delimiter.size()) != delimiter) {
    size_t found = body.find(next_delimiter);  // after a preamble
    if (found == std::string_view::npos) return Malformed("The body does not hold the boundary.");
    pos = found + 2;
  }
  pos += delimiter.size();
  std::vector<MultipartPart> parts;
  while (true) {
    if (body.substr(pos, 2) == "--") return parts;  // the closing delimiter
    size_t line_end = body.find("\r\n", pos);
    if (line_end == std::string_view::npos) return Malformed("The closing boundary is missing.");
    size_t headers_end = body.find("\r\n\r\n", line_end);
    if (headers_end == std::string_view::npos) return Malformed("A part has no end of headers.");
    MultipartPart part;
    bool named = false;
    std::string_view headers = body.substr(line_end + 2, headers_end + 2 - (line_end + 2));
    while (!headers.empty()) {
      size_t eol = headers.find("\r\n");
      std::string_view line = headers.substr(0, eol);
      headers.remove_prefix(eol == std::string_view::npos ? headers.size() : eol + 2);
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string header_name = Lower(Trim(line.substr(0, colon)));
      std::string_view value = Trim(line.substr(colon + 1));
      if (header_name == "content-disposition") {
        if (auto n = Parameter(value, "name")) {
          part.name = *n;
          named = true;
        }
        part.filename = Parameter(value, "filename");
      } else if (header_name == "content-type") {
        part.content_type = std::string(value);
      }
    }
    if (!named) return Malformed("A part has no Content-Disposition name.");
    size_t data_start = headers_end + 4;
    size_t data_end = body.find(next_delimiter, data_start);
    if (data_end == std::string_view::npos) return Malformed("The closing boundary is missing.");
    part.data = body.substr(data_start, data_end - data_start);
    parts.push_back(std::move(part));
    pos = data_end + next_delimiter.size();
  }
}

}  // namespace sb
