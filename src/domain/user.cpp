#include "domain/user.hpp"

#include <vector>

#include "domain/contact.hpp"

namespace sb::domain {
namespace {

std::string Trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace

Status ApplyUserFields(const UserFields& f, User& u) {
  std::vector<FieldError> errors;
  if (f.name) u.name = Trimmed(*f.name);
  if (f.email) u.email = Trimmed(*f.email);
  if (f.role) u.role = *f.role;
  if (u.name.empty()) errors.push_back({"name", "The name field is required."});
  if (u.email.empty()) {
    errors.push_back({"email", "The email field is required."});
  } else if (!IsPlausibleEmail(u.email)) {
    errors.push_back({"email", "The email must be a valid email address."});
  }
  if (!IsOneOf(u.role, UserRoles())) {
    errors.push_back({"role", "The role must be " + DescribeChoices(UserRoles()) + "."});
  }
  if (!errors.empty()) return Error::Validation(std::move(errors));
  return OkStatus();
}

}  // namespace sb::domain
