#include "api/query_reader.hpp"

#include <charconv>

#include <fmt/format.h>

#include "core/ids.hpp"
#include "core/time_format.hpp"
#include "core/utf8.hpp"

namespace sb::api {
namespace {

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::optional<int64_t> ParseInt(std::string_view s) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

void QueryReader::AddError(std::string field, std::string message) {
  errors_.push_back({std::move(field), std::move(message)});
}

Status QueryReader::Finish() const {
  if (errors_.empty()) return OkStatus();
  return Error::Validation(errors_);
}

std::optional<int64_t> QueryReader::Int(std::string_view key, int64_t min, int64_t max) {
  auto raw = req_.QueryValue(key);
  if (!raw || Trim(*raw).empty()) return std::nullopt;
  auto v = ParseInt(Trim(*raw));
  if (!v || *v < min || *v > max) {
    AddError(std::string(key),
             max == INT64_MAX
                 ? fmt::format("The {} must be an integer of at least {}.", key, min)
                 : fmt::format("The {} must be an integer between {} and {}.", key, min, max));
    return std::nullopt;
  }
  return v;
}

domain::PageRequest QueryReader::Page(int64_t default_per_page, int64_t max_per_page,
                                      std::string_view per_page_key) {
  domain::PageRequest p{1, default_per_page};
  if (auto v = Int("page", 1, INT64_MAX / 1000)) p.page = *v;
  if (auto v = Int(per_page_key, 1, max_per_page)) p.per_page = *v;
  return p;
}

std::optional<std::string> QueryReader::String(std::string_view key, size_t max) {
  auto raw = req_.QueryValue(key);
  if (!raw) return std::nullopt;
  std::string_view t = Trim(*raw);
  if (t.empty()) return std::nullopt;
  // Percent-decoding yields any bytes: PostgreSQL refuses text that is not
  // UTF-8, and a NUL ends an SQLite full-text query early (both a 500).
  if (!IsValidUtf8(t) || t.find('\0') != std::string_view::npos) {
    AddError(std::string(key),
             fmt::format("The {} must be UTF-8 text without NUL characters.", key));
    return std::nullopt;
  }
  if (t.size() > max) {
    AddError(std::string(key),
             fmt::format("The {} may not be greater than {} characters.", key, max));
    return std::nullopt;
  }
  return std::string(t);
}

std::optional<std::string> QueryReader::Enum(std::string_view key, domain::EnumValues allowed) {
  auto s = String(key);
  if (!s) return std::nullopt;
  if (!domain::IsOneOf(*s, allowed)) {
    AddError(std::string(key), fmt::format("The selected {} is invalid; it must be {}.", key,
                                           domain::DescribeChoices(allowed)));
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> QueryReader::Uuid(std::string_view key) {
  auto s = String(key);
  if (!s) return std::nullopt;
  if (!IsUuid(*s)) {
    AddError(std::string(key), fmt::format("The {} must be a valid UUID.", key));
    return std::nullopt;
  }
  return CanonicalUuid(*s);
}

std::optional<int64_t> QueryReader::Date(std::string_view key) {
  auto s = String(key);
  if (!s) return std::nullopt;
  auto d = ParseDate(*s);
  if (!d) {
    AddError(std::string(key), fmt::format("The {} must be a date in Y-m-d format.", key));
    return std::nullopt;
  }
  return d;
}

std::optional<bool> QueryReader::Bool(std::string_view key) {
  auto s = String(key);
  if (!s) return std::nullopt;
  if (*s == "1" || *s == "true") return true;
  if (*s == "0" || *s == "false") return false;
  AddError(std::string(key),
           fmt::format("The selected {} is invalid; it must be one of: 0, 1, true, false.", key));
  return std::nullopt;
}

}  // namespace sb::api
