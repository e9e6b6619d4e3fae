// The enumerations of the public API, spelled exactly as the seed pages spell
// them. Values travel as strings; these lists are the single source of truth
// for which spellings are valid.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace sb::domain {

using EnumValues = std::span<const std::string_view>;

// Contact (seed 001).
EnumValues ContactStatuses();  // Active, Inactive
EnumValues ContactChannels();  // Call, SMS, WhatsApp
// Pools and their members (seed 000).
EnumValues PoolTypes();               // FIFO, LIFO, Parallel
EnumValues PoolItemStatuses();        // Pending ... Skipped
EnumValues ManualPoolItemStatuses();  // the statuses a PATCH may set: Pending, Scheduled, Skipped
// Campaigns.
EnumValues CampaignStatuses();  // Draft, Active, Paused, Completed, Archived
// Phone numbers (seed 004).
EnumValues PhoneNumberStatuses();  // active, pending, inactive
EnumValues PhoneNumberTypes();     // local, toll_free, mobile, national
EnumValues ComplianceStatuses();   // completed, requirement_pending
EnumValues PhoneNumberSorts();     // created_at, monthly_fee, number
EnumValues AgentChannels();        // call, sms, whatsapp
// Users.
EnumValues UserRoles();  // owner, admin, member, viewer (domain/role.hpp)

bool IsOneOf(std::string_view value, EnumValues allowed);
// "one of: a, b, c" for error messages.
std::string DescribeChoices(EnumValues allowed);

}  // namespace sb::domain
