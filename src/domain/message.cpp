#include "domain/message.hpp"

#include <array>

namespace sb::domain {
namespace {

constexpr std::array<std::string_view, 2> kMessageChannels = {"sms", "whatsapp"};
constexpr std::array<std::string_view, 2> kMessageDirections = {"outbound", "inbound"};
constexpr std::array<std::string_view, 6> kMessageStatuses = {"queued", "sent",   "delivered",
                                                              "read",   "failed", "received"};

}  // namespace

EnumValues MessageChannels() { return kMessageChannels; }
EnumValues MessageDirections() { return kMessageDirections; }
EnumValues MessageStatuses() { return kMessageStatuses; }

}  // namespace sb::domain
