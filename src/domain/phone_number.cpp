#include "domain/phone_number.hpp"

#include <rapidjson/document.h>

#include <cmath>

#include "core/json_parse.hpp"
#include "core/json_writer.hpp"

namespace sb::domain {
namespace {

void WriteSetting(JsonWriter& w, const ChannelSetting& s, bool with_whitelist) {
  w.StartObject();
  w.Field("enabled", s.enabled);
  w.Field("channel_limit", s.channel_limit);
  if (with_whitelist) {
    w.Key("whitelisted_destinations");
    w.StartArray();
    for (const auto& d : s.whitelisted_destinations) w.String(d);
    w.EndArray();
  }
  w.EndObject();
}

void ReadSetting(const rapidjson::Value& parent, const char* key, ChannelSetting& s) {
  auto it = parent.FindMember(key);
  if (it == parent.MemberEnd() || !it->value.IsObject()) return;
  const auto& v = it->value;
  if (auto e = v.FindMember("enabled"); e != v.MemberEnd() && e->value.IsBool()) {
    s.enabled = e->value.GetBool();
  }
  if (auto l = v.FindMember("channel_limit"); l != v.MemberEnd() && l->value.IsInt64()) {
    s.channel_limit = l->value.GetInt64();
  }
  if (auto d = v.FindMember("whitelisted_destinations"); d != v.MemberEnd() && d->value.IsArray()) {
    s.whitelisted_destinations.clear();
    for (const auto& item : d->value.GetArray()) {
      if (item.IsString()) s.whitelisted_destinations.emplace_back(item.GetString());
    }
  }
}

void Apply(const ChannelSettingPatch& p, ChannelSetting& s) {
  if (p.enabled) s.enabled = *p.enabled;
  if (p.channel_limit) s.channel_limit = *p.channel_limit;
  if (p.whitelisted_destinations) s.whitelisted_destinations = *p.whitelisted_destinations;
}

}  // namespace

void ApplyPatch(const ChannelSettingsPatch& patch, ChannelSettings& settings) {
  Apply(patch.voice, settings.voice);
  Apply(patch.sms, settings.sms);
  Apply(patch.inbound, settings.inbound);
}

std::string CapabilitiesJson(const Capabilities& c) {
  JsonWriter w;
  w.StartObject();
  const std::pair<const char*, bool> fields[] = {{"voice", c.voice},
                                                 {"sms", c.sms},
                                                 {"mms", c.mms},
                                                 {"fax", c.fax},
                                                 {"emergency", c.emergency},
                                                 {"local_calling", c.local_calling}};
  for (const auto& [key, value] : fields) w.Field(key, value);
  w.EndObject();
  return w.Take();
}

std::string ChannelSettingsJson(const ChannelSettings& s) {
  JsonWriter w;
  w.StartObject();
  w.Key("voice");
  WriteSetting(w, s.voice, true);
  w.Key("sms");
  WriteSetting(w, s.sms, true);
  w.Key("inbound");
  WriteSetting(w, s.inbound, false);
  w.EndObject();
  return w.Take();
}

ChannelSettings ParseChannelSettings(std::string_view json) {
  ChannelSettings out;
  rapidjson::Document doc;
  if (!ParseJson(json, &doc).ok() || !doc.IsObject()) return out;
  ReadSetting(doc, "voice", out.voice);
  ReadSetting(doc, "sms", out.sms);
  ReadSetting(doc, "inbound", out.inbound);
  return out;
}

double FeeUnits(int64_t cents) { return static_cast<double>(cents) / 100.0; }

int64_t FeeCents(double units) { return std::llround(units * 100.0); }

}  // namespace sb::domain
