#include "domain/contact_fields.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <type_traits>
#include <variant>

#include <fmt/format.h>

#include "domain/enums.hpp"
#include "domain/field_check.hpp"

namespace sb::domain {
namespace {

size_t Rank(const FieldError& e) {
  // "tag_uuids.3" ranks as tag_uuids.
  const std::string_view field = std::string_view(e.field).substr(0, e.field.find('.'));
  auto it = std::find(kContactFieldOrder.begin(), kContactFieldOrder.end(), field);
  return static_cast<size_t>(it - kContactFieldOrder.begin());
}

// The declared rule of a text value (kText, kEnum, kUuidRef, kJson).
std::optional<FieldError> CheckText(const ContactField& d, std::string& v) {
  const std::string_view name = d.InputName();
  switch (d.type) {
    case FieldType::kEnum:
      return CheckChoice(name, v, d.choices());
    case FieldType::kUuidRef:
      return CheckUuid(name, v);
    case FieldType::kJson:
      if (v.size() <= d.max_length) return std::nullopt;
      return FieldError{std::string(name),
                        fmt::format("The {} may not be larger than {} bytes.", name, d.max_length)};
    default:
      if (d.max_length == 0) return std::nullopt;
      return CheckLength(name, v, 0, d.max_length);
  }
}

// Checks a present value; an error is recorded and the field cleared. A
// nullable field's null passes.
void CheckValue(const ContactField& d, std::optional<std::string>& v,
                std::vector<FieldError>& errors) {
  if (!v) return;
  if (std::optional<FieldError> e = CheckText(d, *v)) {
    errors.push_back(std::move(*e));
    v.reset();
  }
}

void CheckValue(const ContactField& d, Maybe<std::string>& v, std::vector<FieldError>& errors) {
  if (!v || !*v) return;
  if (std::optional<FieldError> e = CheckText(d, **v)) {
    errors.push_back(std::move(*e));
    v.reset();
  }
}

void CheckValue(const ContactField& d, std::optional<std::vector<std::string>>& v,
                std::vector<FieldError>& errors) {
  if (!v) return;
  if (std::optional<FieldError> e = CheckUuidList(d.InputName(), *v, 0, d.max_length)) {
    errors.push_back(std::move(*e));
    v.reset();
  }
}

void CheckValue(const ContactField& /*d*/, std::optional<bool>& /*v*/,
                std::vector<FieldError>& /*errors*/) {}

}  // namespace

void CheckContactFields(ContactFields& f, std::vector<FieldError>& errors) {
  for (const ContactField& d : kContactEntity) {
    if (d.write != Write::kClient) continue;
    std::visit(
        [&](auto member) {
          if constexpr (!std::is_same_v<decltype(member), std::monostate>) {
            CheckValue(d, f.*member, errors);
          }
        },
        d.input_member);
  }
  std::stable_sort(errors.begin(), errors.end(),
                   [](const FieldError& a, const FieldError& b) { return Rank(a) < Rank(b); });
}

}  // namespace sb::domain
