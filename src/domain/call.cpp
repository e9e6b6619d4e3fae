#include "domain/call.hpp"

#include <array>
#include <cctype>

#include <fmt/format.h>

namespace sb::domain {
namespace {

constexpr std::array<std::string_view, 2> kCallDirections = {"outbound", "inbound"};
constexpr std::array<std::string_view, 7> kCallStatuses = {
    "picked-up", "no-answer", "busy", "unreachable", "voicemail", "failed", "in-progress"};

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

EnumValues CallDirections() { return kCallDirections; }
EnumValues CallStatuses() { return kCallStatuses; }

std::string CallFilter::CacheKey() const {
  // Uuids and statuses never contain '|', so the fields cannot run together.
  return fmt::format("calls|{}|{}|{}|{}|{}", contact_uuid.value_or(""), campaign_uuid.value_or(""),
                     status.value_or(""),
                     started_from ? std::to_string(*started_from) : std::string(),
                     started_until ? std::to_string(*started_until) : std::string());
}

bool IsHttpUrl(std::string_view url) {
  size_t rest = 0;
  if (StartsWithNoCase(url, "https://")) {
    rest = 8;
  } else if (StartsWithNoCase(url, "http://")) {
    rest = 7;
  } else {
    return false;
  }
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  // The host: everything up to the first '/', '?' or '#'; it must not be empty.
  size_t end = url.find_first_of("/?#", rest);
  std::string_view authority =
      url.substr(rest, end == std::string_view::npos ? url.npos : end - rest);
  size_t at = authority.rfind('@');
  std::string_view host = at == std::string_view::npos ? authority : authority.substr(at + 1);
  return !host.empty() && host.front() != ':';
}

}  // namespace sb::domain
