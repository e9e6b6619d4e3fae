#include "api/phone_number_json.hpp"

#include <span>

#include "api/entity_json.hpp"
#include "domain/phone_number_entity.hpp"

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
  using domain::FieldIndex;
  using domain::kPhoneNumberEntity;
  // The declaration in sections: plain fields as declared, the nested
  // objects (compliance, billing) and the bindings by hand where they start.
  constexpr size_t kCompliance = FieldIndex(kPhoneNumberEntity, "compliance.status");
  constexpr size_t kDocuments = FieldIndex(kPhoneNumberEntity, "capabilities");
  constexpr size_t kBilling = FieldIndex(kPhoneNumberEntity, "billing.monthly_fee");
  constexpr size_t kBindings = FieldIndex(kPhoneNumberEntity, "bindings");
  static_assert(kCompliance + 2 == kDocuments && kDocuments + 2 == kBilling &&
                kBilling + 2 == kBindings && kBindings < kPhoneNumberEntity.size());
  const std::span<const domain::PhoneNumberField> fields(kPhoneNumberEntity);
  auto write = [&](size_t from, size_t to) {
    for (const auto& f : fields.subspan(from, to - from)) WriteEntityField(w, f, n);
  };
  w.StartObject();
  write(0, kCompliance);
  w.Key("compliance");
  w.StartObject();
  w.Field("status", n.compliance_status);
  w.Key("requirements");
  w.RawJson(n.compliance_requirements);
  w.EndObject();
  // Stored as canonical documents with every key (see domain/phone_number.hpp).
  write(kDocuments, kBilling);
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
  write(kBindings + 1, fields.size());
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
