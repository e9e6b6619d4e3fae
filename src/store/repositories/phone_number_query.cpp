// Reading phone numbers: the list filters of seed 004, paging and bindings.
#include <rapidjson/document.h>

#include <unordered_map>

#include "core/json_parse.hpp"
#include "domain/phone_number_entity.hpp"
#include "store/repositories/entity_sql.hpp"
#include "store/repositories/phone_number_repository.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

using domain::kPhoneNumberEntity;

const std::string kSelect = "SELECT " + entity_sql::SelectList(kPhoneNumberEntity, "p") +
                            " FROM phone_numbers p" + entity_sql::Joins(kPhoneNumberEntity, "p") +
                            " WHERE p.organization_id = ?";

// The documents ReadNumber rebuilds.
constexpr const domain::PhoneNumberField& kCapabilities =
    kPhoneNumberEntity[domain::FieldIndex(kPhoneNumberEntity, "capabilities")];
constexpr const domain::PhoneNumberField& kChannelSettings =
    kPhoneNumberEntity[domain::FieldIndex(kPhoneNumberEntity, "channel_settings")];

// Capabilities in the domain's key order (seed 004). PostgreSQL's jsonb keeps
// keys in an order of its own, so the stored document is rebuilt on the way out.
std::string CanonicalCapabilities(std::string_view json) {
  rapidjson::Document doc;
  domain::Capabilities c;
  if (!ParseJson(json, &doc).ok() || !doc.IsObject()) return domain::CapabilitiesJson(c);
  auto read = [&doc](const char* key, bool& out) {
    auto it = doc.FindMember(key);
    if (it != doc.MemberEnd() && it->value.IsBool()) out = it->value.GetBool();
  };
  read("voice", c.voice);
  read("sms", c.sms);
  read("mms", c.mms);
  read("fax", c.fax);
  read("emergency", c.emergency);
  read("local_calling", c.local_calling);
  return domain::CapabilitiesJson(c);
}

domain::PhoneNumber ReadNumber(const db::Rows& r) {
  domain::PhoneNumber n;
  // Documents are rebuilt in canonical form: a row written without them (the
  // column defaults) reads as the defaults, and every engine reads the same text.
  entity_sql::ReadRowCustom<kPhoneNumberEntity>(
      r, n, [&](const domain::PhoneNumberField& f, int col) {
        if (&f == &kCapabilities) {
          n.capabilities = CanonicalCapabilities(r.Text(col));
        } else if (&f == &kChannelSettings) {
          n.channel_settings =
              domain::ChannelSettingsJson(domain::ParseChannelSettings(r.Text(col)));
        } else {
          return false;
        }
        return true;
      });
  if (n.compliance_requirements.empty()) n.compliance_requirements = "[]";
  return n;
}

// "+1 (415) 555-2671" -> "+14155552671": how people type numbers.
std::string StripSeparators(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') out.push_back(c);
  }
  return out;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

const char* OrderBy(const std::string& sort) {
  if (sort == "monthly_fee") return " ORDER BY p.monthly_fee_cents, p.id";
  if (sort == "number") return " ORDER BY p.number, p.id";
  return " ORDER BY p.created_at DESC, p.id DESC";
}

}  // namespace

std::string PhoneNumberFilter::Key() const {
  std::string k = "phone_numbers";
  auto add = [&k](const char* name, const std::optional<std::string>& v) {
    if (!v) return;
    k += '|';
    k += name;
    k += '=';
    k += std::to_string(v->size());  // length-prefixed so no value can forge a separator
    k += ':';
    k += *v;
  };
  add("status", status);
  add("country", country_code);
  add("type", type);
  add("compliance", compliance);
  add("search", search);
  add("agent", bound_to_agent_uuid);
  k += include_external ? "|ext=1" : "|ext=0";
  return k;
}

Result<bool> PhoneNumberRepository::BuildFilter(int64_t org, const PhoneNumberFilter& f,
                                                std::string& where, db::Params& params) {
  auto add = [&](const char* condition, db::Value v) {
    where += condition;
    params.emplace_back(std::move(v));
  };
  if (!f.include_external) where += " AND p.is_external = 0";
  if (f.status) add(" AND p.status = ?", *f.status);
  if (f.country_code) add(" AND p.country_code = ?", *f.country_code);
  if (f.type) add(" AND p.type = ?", *f.type);
  if (f.compliance) add(" AND p.compliance_status = ?", *f.compliance);
  if (f.search) {
    where += " AND (p.number LIKE ? ESCAPE '\\' OR p.country_code LIKE ? ESCAPE '\\'";
    params.emplace_back(LikeContains(*f.search));
    params.emplace_back(LikeContains(Upper(*f.search)));
    std::string digits = StripSeparators(*f.search);
    if (!digits.empty() && digits != *f.search) {
      where += " OR p.number LIKE ? ESCAPE '\\'";
      params.emplace_back(LikeContains(digits));
    }
    where += ")";
  }
  if (f.bound_to_agent_uuid) {
    SB_ASSIGN_OR_RETURN(
        auto agent_id,
        conn_.QueryInt("SELECT id FROM agents WHERE organization_id = ? AND uuid = ?",
                       {org, *f.bound_to_agent_uuid}));
    if (!agent_id) return false;
    where +=
        " AND p.id IN (SELECT b.phone_number_id FROM phone_number_bindings b"
        " WHERE b.organization_id = ? AND b.agent_id = ?)";
    params.emplace_back(org);
    params.emplace_back(*agent_id);
  }
  return true;
}

Result<std::vector<domain::PhoneNumber>> PhoneNumberRepository::List(
    int64_t org, const PhoneNumberFilter& filter, const domain::PageRequest& page) {
  std::string where;
  db::Params params;
  params.reserve(16);
  params.emplace_back(org);
  SB_ASSIGN_OR_RETURN(bool can_match, BuildFilter(org, filter, where, params));
  if (!can_match) return std::vector<domain::PhoneNumber>{};
  where += OrderBy(filter.sort);
  where += " LIMIT ? OFFSET ?";
  params.emplace_back(page.per_page);
  params.emplace_back(page.Offset());
  return Select(where, params, org);
}

Result<int64_t> PhoneNumberRepository::Count(int64_t org, const PhoneNumberFilter& filter) {
  std::string where;
  db::Params params;
  params.reserve(16);
  params.emplace_back(org);
  SB_ASSIGN_OR_RETURN(bool can_match, BuildFilter(org, filter, where, params));
  if (!can_match) return int64_t{0};
  SB_ASSIGN_OR_RETURN(
      auto n,
      conn_.QueryInt("SELECT COUNT(*) FROM phone_numbers p WHERE p.organization_id = ?" + where,
                     params));
  return n.value_or(0);
}

Result<domain::PhoneNumber> PhoneNumberRepository::Get(int64_t org, const std::string& uuid) {
  SB_ASSIGN_OR_RETURN(auto one, Select(" AND p.uuid = ?", {org, uuid}, org));
  if (one.empty()) return Error::NotFound("Phone number");
  return std::move(one.front());
}

Result<std::vector<domain::PhoneNumber>> PhoneNumberRepository::Select(
    const std::string& where_order_limit, const db::Params& params, int64_t org) {
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query(kSelect + where_order_limit, params));
  std::vector<domain::PhoneNumber> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back(ReadNumber(*rows));
  }
  SB_RETURN_IF_ERROR(LoadBindings(org, out));
  return out;
}

Status PhoneNumberRepository::LoadBindings(int64_t org, std::vector<domain::PhoneNumber>& numbers) {
  if (numbers.empty()) return OkStatus();
  std::unordered_map<int64_t, domain::PhoneNumber*> by_id;
  // Sized up front: growing a vector of variants trips a false
  // -Wmaybe-uninitialized in GCC 12.
  db::Params params(numbers.size() + 1, db::Value(org));
  for (size_t i = 0; i < numbers.size(); ++i) {
    by_id[numbers[i].id] = &numbers[i];
    params[i + 1] = db::Value(numbers[i].id);
  }
  SB_ASSIGN_OR_RETURN(
      auto rows,
      conn_.Query("SELECT b.phone_number_id, b.channel, a.uuid, a.name FROM phone_number_bindings b"
                  " JOIN agents a ON a.organization_id = b.organization_id AND a.id = b.agent_id"
                  " WHERE b.organization_id = ? AND b.phone_number_id IN (" +
                      Placeholders(numbers.size()) + ")",
                  params));
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    auto it = by_id.find(rows->Int(0));
    if (it == by_id.end()) continue;
    std::string_view channel = rows->Text(1);
    domain::NumberBinding* slot = channel == "call"       ? &it->second->call
                                  : channel == "sms"      ? &it->second->sms
                                  : channel == "whatsapp" ? &it->second->whatsapp
                                                          : nullptr;
    if (!slot) continue;
    slot->agent_uuid = rows->String(2);
    slot->agent_name = rows->String(3);
  }
  return OkStatus();
}

}  // namespace sb::store
