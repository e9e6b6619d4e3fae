// /api/v1/phone-numbers (the list is seed 004; the rest is ours in its style).
#include "api/body_reader.hpp"
#include "api/json_writer.hpp"
#include "api/phone_number_filter.hpp"
#include "api/phone_number_json.hpp"
#include "api/query_reader.hpp"
#include "api/routes.hpp"
#include "api/unit_of_work.hpp"
#include "domain/phone.hpp"
#include "store/repositories/count_cache.hpp"
#include "store/repositories/phone_number_repository.hpp"

namespace sb::api {
namespace {

// Copies a nested reader's errors into its parent, so one 422 names them all.
void Absorb(BodyReader& into, const BodyReader& from) {
  if (from.ok()) return;
  Status st = from.Finish();
  for (const auto& e : st.error().fields()) into.AddError(e.field, e.message);
}

void ReadChannel(BodyReader& parent, const rapidjson::Value& settings, const char* channel,
                 bool with_whitelist, domain::ChannelSettingPatch& out) {
  BodyReader outer(settings);
  outer.set_prefix("channel_settings.");
  const rapidjson::Value* obj = outer.Object(channel);
  Absorb(parent, outer);
  if (!obj) return;
  BodyReader r(*obj);
  r.set_prefix(std::string("channel_settings.") + channel + ".");
  out.enabled = r.Bool("enabled");
  out.channel_limit = r.Int("channel_limit", 0, 1000);
  if (with_whitelist) out.whitelisted_destinations = r.StringArray("whitelisted_destinations");
  Absorb(parent, r);
}

domain::ChannelSettingsPatch ReadChannelSettings(BodyReader& body) {
  domain::ChannelSettingsPatch patch;
  const rapidjson::Value* settings = body.Object("channel_settings");
  if (!settings) return patch;
  ReadChannel(body, *settings, "voice", true, patch.voice);
  ReadChannel(body, *settings, "sms", true, patch.sms);
  ReadChannel(body, *settings, "inbound", false, patch.inbound);
  return patch;
}

struct ComplianceInput {
  std::optional<std::string> status;
  std::optional<std::string> requirements;  // JSON array
};

ComplianceInput ReadCompliance(BodyReader& body) {
  ComplianceInput out;
  const rapidjson::Value* obj = body.Object("compliance");
  if (!obj) return out;
  BodyReader r(*obj);
  r.set_prefix("compliance.");
  out.status = r.Enum("status", domain::ComplianceStatuses());
  out.requirements = r.ArrayJson("requirements");
  Absorb(body, r);
  return out;
}

domain::Capabilities ReadCapabilities(BodyReader& body) {
  domain::Capabilities c;
  const rapidjson::Value* obj = body.Object("capabilities");
  if (!obj) return c;
  BodyReader r(*obj);
  r.set_prefix("capabilities.");
  c.voice = r.Bool("voice").value_or(false);
  c.sms = r.Bool("sms").value_or(false);
  c.mms = r.Bool("mms").value_or(false);
  c.fax = r.Bool("fax").value_or(false);
  c.emergency = r.Bool("emergency").value_or(false);
  c.local_calling = r.Bool("local_calling").value_or(false);
  Absorb(body, r);
  return c;
}

bool IsCurrency(const std::string& s) {
  if (s.size() != 3) return false;
  for (char c : s) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

Result<store::NewPhoneNumber> ReadNewNumber(const ApiRequest& req) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  store::NewPhoneNumber n;
  auto number = body.String("number", /*required=*/true, 1, 64);
  auto country = body.String("country_code", false, 1, 8);
  if (auto type = body.Enum("type", domain::PhoneNumberTypes(), /*required=*/true)) n.type = *type;
  if (auto fee = body.Number("monthly_fee", 0, 1e9)) n.monthly_fee_cents = domain::FeeCents(*fee);
  if (auto currency = body.String("currency", false, 0, 255)) {
    if (IsCurrency(*currency)) {
      n.currency = *currency;
    } else {
      body.AddError("currency", "The currency must be 3 uppercase letters (ISO 4217), like EUR.");
    }
  }
  n.capabilities = ReadCapabilities(body);
  if (auto status = body.Enum("status", domain::PhoneNumberStatuses())) n.status = *status;
  ComplianceInput compliance = ReadCompliance(body);
  if (compliance.status) n.compliance_status = *compliance.status;
  if (compliance.requirements) n.compliance_requirements = *compliance.requirements;
  n.is_external = body.Bool("is_external").value_or(false);
  domain::ApplyPatch(ReadChannelSettings(body), n.channel_settings);
  if (number) {
    auto normalized = domain::NormalizePhone(
        *number, country ? std::optional<std::string_view>(*country) : std::nullopt, "number",
        "country_code");
    if (normalized.ok()) {
      n.number = normalized->e164;
      n.country_code = normalized->region;
    } else {
      for (const auto& e : normalized.error().fields()) body.AddError(e.field, e.message);
    }
  }
  SB_RETURN_IF_ERROR(body.Finish());
  return n;
}

Result<store::PhoneNumberUpdate> ReadUpdate(const ApiRequest& req) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  store::PhoneNumberUpdate u;
  u.status = body.Enum("status", domain::PhoneNumberStatuses());
  ComplianceInput compliance = ReadCompliance(body);
  u.compliance_status = compliance.status;
  u.compliance_requirements = compliance.requirements;
  u.channel_settings = ReadChannelSettings(body);
  SB_RETURN_IF_ERROR(body.Finish());
  return u;
}

Result<ApiResponse> ListPhoneNumbers(const ApiRequest& req, HandlerContext& s) {
  QueryReader query(req);
  domain::PageRequest page = query.Page(25);
  store::PhoneNumberFilter filter = ReadPhoneNumberFilter(query);
  SB_RETURN_IF_ERROR(query.Finish());
  int64_t org = req.auth.organization_id;
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::PhoneNumberRepository numbers(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto items, numbers.List(org, filter, page));
  std::string key = filter.Key();
  std::optional<int64_t> total = s.counts.Get(org, req.auth.write_generation, key);
  if (!total) {
    SB_ASSIGN_OR_RETURN(total, numbers.Count(org, filter));
    s.counts.Put(org, req.auth.write_generation, key, *total);
  }
  domain::PageInfo info = domain::DescribePage(page, *total, static_cast<int64_t>(items.size()));
  return Envelope("Phone numbers retrieved successfully",
                  [&](JsonWriter& w) { WritePhoneNumberPage(w, items, info); });
}

Result<ApiResponse> CreatePhoneNumber(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(store::NewPhoneNumber fields, ReadNewNumber(req));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::PhoneNumberRepository numbers(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto n, InUnitOfWork(req, s, *conn, [&] {
                        return numbers.Create(req.auth.organization_id, fields);
                      }));
  return Envelope(
      "Phone number created successfully", [&](JsonWriter& w) { WritePhoneNumber(w, n); }, 201);
}

Result<ApiResponse> GetPhoneNumber(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::PhoneNumberRepository numbers(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto n, numbers.Get(req.auth.organization_id, req.Param("uuid")));
  return Envelope("Phone number retrieved successfully",
                  [&](JsonWriter& w) { WritePhoneNumber(w, n); });
}

Result<ApiResponse> UpdatePhoneNumber(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(store::PhoneNumberUpdate update, ReadUpdate(req));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::PhoneNumberRepository numbers(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto n, InUnitOfWork(req, s, *conn, [&] {
                        return numbers.Update(req.auth.organization_id, req.Param("uuid"), update);
                      }));
  return Envelope("Phone number updated successfully",
                  [&](JsonWriter& w) { WritePhoneNumber(w, n); });
}

Result<ApiResponse> DeletePhoneNumber(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::PhoneNumberRepository numbers(*conn, s.clock, s.ids);
  SB_RETURN_IF_ERROR(InUnitOfWork(
      req, s, *conn, [&] { return numbers.Delete(req.auth.organization_id, req.Param("uuid")); }));
  return EmptyEnvelope("Phone number deleted successfully");
}

}  // namespace

void RegisterPhoneNumberRoutes(Router& router) {
  router.Add("GET", "/api/v1/phone-numbers", ListPhoneNumbers);
  router.Add("POST", "/api/v1/phone-numbers", CreatePhoneNumber);
  router.Add("GET", "/api/v1/phone-numbers/{uuid}", GetPhoneNumber);
  router.Add("PATCH", "/api/v1/phone-numbers/{uuid}", UpdatePhoneNumber);
  router.Add("PUT", "/api/v1/phone-numbers/{uuid}", UpdatePhoneNumber);
  router.Add("DELETE", "/api/v1/phone-numbers/{uuid}", DeletePhoneNumber);
}

}  // namespace sb::api
