#include "http/request_id.hpp"

#include "core/ids.hpp"

namespace sb::http {

bool IsWellFormedRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string NewRequestId() { return RandomHex(16); }

std::string RequestIdFor(const std::string* sent, const std::function<std::string()>& generate) {
  if (sent != nullptr && IsWellFormedRequestId(*sent)) return *sent;
  return generate();
}

}  // namespace sb::http
