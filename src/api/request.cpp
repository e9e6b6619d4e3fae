#include "api/request.hpp"

namespace sb::api {

const std::string& ApiRequest::Param(std::string_view name) const {
  static const std::string kEmpty;
  auto it = path_params.find(name);
  return it == path_params.end() ? kEmpty : it->second;
}

std::optional<std::string_view> ApiRequest::QueryValue(std::string_view name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::vector<std::string> ApiRequest::QueryValues(std::string_view name) const {
  std::vector<std::string> out;
  auto [first, last] = query_all.equal_range(name);
  for (auto it = first; it != last; ++it) out.push_back(it->second);
  return out;
}

}  // namespace sb::api
