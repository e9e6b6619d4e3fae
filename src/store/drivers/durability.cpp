#include "store/drivers/durability.hpp"

namespace sb::db {

std::optional<Durability> ParseDurability(std::string_view text) {
  if (text == "full") return Durability::kFull;
  if (text == "normal") return Durability::kNormal;
  return std::nullopt;
}

std::string_view DurabilityName(Durability durability) {
  return durability == Durability::kFull ? "full" : "normal";
}

}  // namespace sb::db
