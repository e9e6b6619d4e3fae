#include "api/router.hpp"

namespace sb::api {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string_view::npos) next = path.size();
    if (next > pos) out.push_back(path.substr(pos, next - pos));
    pos = next + 1;
  }
  return out;
}

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string, std::less<>>& params) {
  auto ps = Split(pattern);
  auto xs = Split(path);
  if (ps.size() != xs.size()) return false;
  std::map<std::string, std::string, std::less<>> found;
  for (size_t i = 0; i < ps.size(); ++i) {
    if (ps[i].size() > 2 && ps[i].front() == '{' && ps[i].back() == '}') {
      found.emplace(std::string(ps[i].substr(1, ps[i].size() - 2)), std::string(xs[i]));
    } else if (ps[i] != xs[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

Route& Router::Add(std::string method, std::string pattern, Handler handler, bool requires_auth,
                   ErrorStyle error_style) {
  routes_.push_back(
      {std::move(method), std::move(pattern), std::move(handler), requires_auth, error_style});
  return routes_.back();
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match m;
  // Literal segments win over placeholders ("/contacts/bulk" before "/contacts/{uuid}"):
  // routes are tried in registration order, and literal routes are registered first.
  for (const Route& r : routes_) {
    std::map<std::string, std::string, std::less<>> params;
    if (!MatchPattern(r.pattern, path, params)) continue;
    m.path_matched = true;
    if (r.method == method) {
      m.route = &r;
      m.params = std::move(params);
      return m;
    }
  }
  return m;
}

}  // namespace sb::api
