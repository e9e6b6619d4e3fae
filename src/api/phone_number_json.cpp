#include "api/phone_number_json.hpp"

namespace sb::api {
namespace {

void WriteBinding(JsonWriter& w, std::string_view channel, const domain::NumberBinding& b) {
  w.Key(channel);
  w.StartObject();
  w.Field("bound", b.agent_uuid.has_value());
  w.Field("agent_uuid", b.agent_uuid);
  w.Field("agent_name", b.agent_name);
  w.EndObject();
}

}  // namespace

void WritePhoneNumber(JsonWriter& w, const domain::PhoneNumber& n) {
  w.StartObject();
  w.Field("phone_number_uuid", n.uuid);
  w.Field("number", n.number);
  w.Field("country_code", n.country_code);
  w.Field("type", n.type);
  w.Field("is_external", n.is_external);
  w.Field("status", n.status);
  w.Key("compliance");
  w.StartObject();
  w.Field("status", n.compliance_status);
  w.Key("requirements");
  w.RawJson(n.compliance_requirements);
  w.EndObject();
  // Stored as canonical documents with every key (see domain/phone_number.hpp).
  w.Key("capabilities");
  w.RawJson(n.capabilities);
  w.Key("channel_settings");
  w.RawJson(n.channel_settings);
  w.Key("billing");
  w.StartObject();
  w.Key("monthly_fee");
  // Whole amounts as integers (123, as the seed shows), others as decimals (1.5).
  if (n.monthly_fee_cents % 100 == 0) {
    w.Int(n.monthly_fee_cents / 100);
  } else {
    w.Double(domain::FeeUnits(n.monthly_fee_cents));
  }
  w.Field("currency", n.currency);
  w.EndObject();
  w.Key("bindings");
  w.StartObject();
  WriteBinding(w, "call", n.call);
  WriteBinding(w, "sms", n.sms);
  WriteBinding(w, "whatsapp", n.whatsapp);
  w.EndObject();
  w.TimeField("purchased_at", n.purchased_at);
  w.TimeField("updated_at", n.updated_at);
  w.EndObject();
}

void WritePhoneNumberPage(JsonWriter& w, const std::vector<domain::PhoneNumber>& items,
                          const domain::PageInfo& page) {
  w.StartObject();
  w.Key("items");
  w.StartArray();
  for (const auto& n : items) WritePhoneNumber(w, n);
  w.EndArray();
  w.Key("pagination");
  w.StartObject();
  w.Field("current_page", page.current_page);
  w.Field("per_page", page.per_page);
  w.Field("total", page.total);
  w.Field("last_page", page.last_page);
  w.Field("from", page.from);
  w.Field("to", page.to);
  w.Field("has_more", page.has_more);
  w.EndObject();
  w.EndObject();
}

}  // namespace sb::api
