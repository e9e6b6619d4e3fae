#include "domain/contact.hpp"

#include <date/tz.h>

#include <algorithm>

#include "domain/contact_entity.hpp"
#include "domain/phone.hpp"

namespace sb::domain {

bool IsPlausibleEmail(std::string_view e) {
  if (e.size() < 3 || e.size() > 254) return false;
  size_t at = e.find('@');
  if (at == std::string_view::npos || at == 0 || e.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  std::string_view domain = e.substr(at + 1);
  size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 2 > domain.size()) return false;
  for (char c : e) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';' || c == '<' ||
        c == '>') {
      return false;
    }
  }
  return domain.find("..") == std::string_view::npos;
}

bool IsKnownTimeZone(const std::string& zone) {
  try {
    return date::locate_zone(zone) != nullptr;
  } catch (const std::exception&) {
    return false;  // date throws std::runtime_error for an unknown zone
  }
}

Status ApplyContactFields(const ContactFields& f, Contact& c) {
  std::vector<FieldError> errors;
  // The declared fields as their Apply says; the rest (kCustom) below.
  for (const ContactField& d : kContactEntity) ApplyField(d, f, c);
  if (f.assignee_uuids) {
    c.assignee_uuids = *f.assignee_uuids;
    std::sort(c.assignee_uuids.begin(), c.assignee_uuids.end());
    c.assignee_uuids.erase(std::unique(c.assignee_uuids.begin(), c.assignee_uuids.end()),
                           c.assignee_uuids.end());
  }

  if (f.email) {
    c.email = *f.email;
    if (c.email) c.email = TrimmedBlanks(*c.email);
    if (c.email && c.email->empty()) c.email.reset();
    if (c.email && !IsPlausibleEmail(*c.email)) {
      errors.push_back({"email", "The email must be a valid email address."});
    }
  }
  if (c.timezone && f.timezone && !IsKnownTimeZone(*c.timezone)) {
    errors.push_back({"timezone", "The timezone must be an IANA time zone such as Europe/Berlin."});
  }

  // The number is re-normalized when it or the country it is read in changes.
  if (f.phone_number || f.country_code) {
    // A plain string (empty = no number): GCC 12 warns on an optional here.
    std::string raw = f.phone_number ? f.phone_number->value_or("") : c.phone_number.value_or("");
    std::optional<std::string> country = f.country_code ? *f.country_code : c.country_code;
    if (raw.empty()) {
      c.phone_number.reset();
      c.number_type.reset();
      c.country_code.reset();
      if (country) {
        if (auto region = ResolveRegion(*country)) {
          c.country_code = *region;
        } else {
          errors.push_back(
              {"country_code", "The country_code must be an ISO country code (e.g. US)."});
        }
      }
    } else {
      std::optional<std::string_view> region;
      if (country) region = *country;
      auto normalized = NormalizePhone(raw, region);
      if (normalized.ok()) {
        c.phone_number = normalized->e164;
        c.number_type = normalized->number_type;
        c.country_code = normalized->region;
      } else {
        for (const auto& fe : normalized.error().fields()) errors.push_back(fe);
      }
    }
  }

  if (c.name.empty()) errors.push_back({"name", "The name field is required."});
  if (!c.phone_number && !c.email && errors.empty()) {
    errors.push_back({"phone_number", "A contact needs a phone_number or an email."});
  }
  if (!errors.empty()) return Error::Validation(std::move(errors));
  return OkStatus();
}

std::string ContactFilter::CacheKey() const {
  std::string k;
  // Values are length-prefixed: a search term is free text and could otherwise
  // spell out another filter ("ann\x1fs=Active") and share its cached total.
  auto add = [&k](const char* name, const std::optional<std::string>& v) {
    if (v) k += std::string(name) + '=' + std::to_string(v->size()) + ':' + *v + '\x1f';
  };
  add("q", search);
  add("s", status);
  add("ch", channel);
  add("st", stage_uuid);
  add("ca", campaign_uuid);
  add("t", tag_uuid);
  add("p", pool_uuid);
  if (created_from) k += "from=" + std::to_string(*created_from) + '\x1f';
  if (created_until) k += "until=" + std::to_string(*created_until) + '\x1f';
  // Lists are sets: sorted, so the same set always names the same filter.
  auto add_all = [&add](const char* name, std::vector<std::string> values) {
    std::sort(values.begin(), values.end());
    for (auto& v : values) add(name, std::optional<std::string>(std::move(v)));
  };
  add_all("o", owner_uuids);
  add_all("as", assignee_uuids);
  add_all("sn", source_names);
  add_all("ls", lead_sources);
  add_all("cat", categories);
  add_all("tn", tag_names);
  add_all("lcs", last_call_statuses);
  add_all("inv", involved_uuids);
  if (unassigned) k += "unassigned\x1f";
  add("stn", stage_name);
  add("pl", pipeline_uuid);
  add("lms", last_message_status);
  if (last_message_from) k += "mfrom=" + std::to_string(*last_message_from) + '\x1f';
  if (last_message_until) k += "muntil=" + std::to_string(*last_message_until) + '\x1f';
  if (do_not_call) k += std::string("dnc=") + (*do_not_call ? "1" : "0") + '\x1f';
  for (const FieldMatch& m : fields) add(("f." + m.wire).c_str(), m.value);
  return k;
}

}  // namespace sb::domain
