#include "domain/campaign.hpp"

#include <fmt/format.h>

#include <array>

namespace sb::domain {
namespace {

struct Move {
  std::string_view from;
  std::string_view to;
};

// Every manual move besides staying put and archiving (allowed from anywhere
// but Archived itself, which is final).
constexpr std::array<Move, 6> kMoves = {{
    {"Draft", "Active"},
    {"Active", "Paused"},
    {"Paused", "Active"},
    {"Draft", "Completed"},
    {"Active", "Completed"},
    {"Paused", "Completed"},
}};

}  // namespace

bool CampaignTransitionAllowed(std::string_view from, std::string_view to) {
  if (from == to) return true;
  if (from == "Archived") return false;
  if (to == "Archived") return true;
  for (const Move& m : kMoves) {
    if (m.from == from && m.to == to) return true;
  }
  return false;
}

Status CheckCampaignTransition(std::string_view from, std::string_view to) {
  if (CampaignTransitionAllowed(from, to)) return OkStatus();
  return Error::Conflict(
      fmt::format("A campaign cannot move from {} to {}; its status is {}.", from, to, from),
      "status");
}

}  // namespace sb::domain
