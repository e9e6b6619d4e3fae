#include "domain/contact_import.hpp"

#include <array>

namespace sb::domain {
namespace {

// In the order of OnDuplicate.
constexpr std::array<std::string_view, 3> kOnDuplicateNames = {"skip", "update", "error"};

}  // namespace

EnumValues OnDuplicateNames() { return kOnDuplicateNames; }

std::string_view OnDuplicateName(OnDuplicate d) {
  return kOnDuplicateNames.at(static_cast<size_t>(d));
}

std::optional<OnDuplicate> ParseOnDuplicate(std::string_view name) {
  for (size_t i = 0; i < kOnDuplicateNames.size(); ++i) {
    if (kOnDuplicateNames[i] == name) return static_cast<OnDuplicate>(i);
  }
  return std::nullopt;
}

}  // namespace sb::domain
