#include "domain/enums.hpp"

#include <array>

namespace sb::domain {
namespace {

constexpr std::array<std::string_view, 2> kContactStatuses = {"Active", "Inactive"};
constexpr std::array<std::string_view, 3> kContactChannels = {"Call", "SMS", "WhatsApp"};
constexpr std::array<std::string_view, 3> kPoolTypes = {"FIFO", "LIFO", "Parallel"};
constexpr std::array<std::string_view, 8> kPoolItemStatuses = {
    "Pending", "Processing", "Completed", "Failed", "Retrying", "Scheduled", "In_Call", "Skipped"};
constexpr std::array<std::string_view, 3> kManualPoolItemStatuses = {"Pending", "Scheduled",
                                                                     "Skipped"};
constexpr std::array<std::string_view, 5> kCampaignStatuses = {"Draft", "Active", "Paused",
                                                               "Completed", "Archived"};
constexpr std::array<std::string_view, 3> kPhoneNumberStatuses = {"active", "pending", "inactive"};
constexpr std::array<std::string_view, 4> kPhoneNumberTypes = {"local", "toll_free", "mobile",
                                                               "national"};
constexpr std::array<std::string_view, 2> kComplianceStatuses = {"completed",
                                                                 "requirement_pending"};
constexpr std::array<std::string_view, 3> kPhoneNumberSorts = {"created_at", "monthly_fee",
                                                               "number"};
constexpr std::array<std::string_view, 3> kAgentChannels = {"call", "sms", "whatsapp"};
constexpr std::array<std::string_view, 4> kUserRoles = {"owner", "admin", "member", "viewer"};

}  // namespace

EnumValues ContactStatuses() { return kContactStatuses; }
EnumValues ContactChannels() { return kContactChannels; }
EnumValues PoolTypes() { return kPoolTypes; }
EnumValues PoolItemStatuses() { return kPoolItemStatuses; }
EnumValues ManualPoolItemStatuses() { return kManualPoolItemStatuses; }
EnumValues CampaignStatuses() { return kCampaignStatuses; }
EnumValues PhoneNumberStatuses() { return kPhoneNumberStatuses; }
EnumValues PhoneNumberTypes() { return kPhoneNumberTypes; }
EnumValues ComplianceStatuses() { return kComplianceStatuses; }
EnumValues PhoneNumberSorts() { return kPhoneNumberSorts; }
EnumValues AgentChannels() { return kAgentChannels; }
EnumValues UserRoles() { return kUserRoles; }

bool IsOneOf(std::string_view value, EnumValues allowed) {
  for (std::string_view a : allowed) {
    if (a == value) return true;
  }
  return false;
}

std::string DescribeChoices(EnumValues allowed) {
  std::string out = "one of: ";
  for (size_t i = 0; i < allowed.size(); ++i) {
    if (i) out += ", ";
    out += allowed[i];
  }
  return out;
}

}  // namespace sb::domain
