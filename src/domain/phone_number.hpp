// Phone numbers an organization calls and texts from (seed 004). JSON
// documents (capabilities, channel settings, compliance requirements) are
// stored as canonical JSON text with every key present, so responses can copy
// them verbatim.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::domain {

// What the number can do; false unless stated.
struct Capabilities {
  bool voice = false;
  bool sms = false;
  bool mms = false;
  bool fax = false;
  bool emergency = false;
  bool local_calling = false;
};

struct ChannelSetting {
  bool enabled = true;
  int64_t channel_limit = 1;                          // 0..1000 concurrent calls or messages
  std::vector<std::string> whitelisted_destinations;  // not used by `inbound`
};

struct ChannelSettings {
  ChannelSetting voice;
  ChannelSetting sms;
  ChannelSetting inbound;
};

// A partial update of one channel: set fields replace the stored ones.
struct ChannelSettingPatch {
  std::optional<bool> enabled;
  std::optional<int64_t> channel_limit;
  std::optional<std::vector<std::string>> whitelisted_destinations;
};

struct ChannelSettingsPatch {
  ChannelSettingPatch voice;
  ChannelSettingPatch sms;
  ChannelSettingPatch inbound;
};

void ApplyPatch(const ChannelSettingsPatch& patch, ChannelSettings& settings);

// Canonical JSON, keys in the order of seed 004.
std::string CapabilitiesJson(const Capabilities& c);
std::string ChannelSettingsJson(const ChannelSettings& s);
// Reads a stored channel-settings document; missing or malformed parts take
// the defaults.
ChannelSettings ParseChannelSettings(std::string_view json);

// Which agent uses the number on one channel.
struct NumberBinding {
  std::optional<std::string> agent_uuid;  // unset: not bound
  std::optional<std::string> agent_name;
};

struct PhoneNumber {
  int64_t id = 0;
  std::string uuid;
  std::string number;                   // E.164
  std::string country_code;             // ISO 3166-1 alpha-2 of the number
  std::string type;                     // local | toll_free | mobile | national
  bool is_external = false;             // not bought through us (e.g. a WhatsApp Business line)
  std::string status;                   // active | pending | inactive
  std::string compliance_status;        // completed | requirement_pending
  std::string compliance_requirements;  // JSON array
  std::string capabilities;             // JSON object, see CapabilitiesJson
  std::string channel_settings;         // JSON object, see ChannelSettingsJson
  int64_t monthly_fee_cents = 0;
  std::string currency;  // ISO 4217, "EUR"
  NumberBinding call;
  NumberBinding sms;
  NumberBinding whatsapp;
  int64_t purchased_at = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// The fee in currency units as the API shows it: 1.5 for 150 cents.
double FeeUnits(int64_t cents);
// 1.5 -> 150 (rounded to the nearest cent).
int64_t FeeCents(double units);

}  // namespace sb::domain
