#include "domain/phone.hpp"

#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

namespace sb::domain {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

const char* TypeName(PhoneNumberUtil::PhoneNumberType t) {
  switch (t) {
    case PhoneNumberUtil::FIXED_LINE:
      return "fixed_line";
    case PhoneNumberUtil::MOBILE:
      return "mobile";
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE:
      return "fixed_line_or_mobile";
    case PhoneNumberUtil::TOLL_FREE:
      return "toll_free";
    case PhoneNumberUtil::PREMIUM_RATE:
      return "premium_rate";
    case PhoneNumberUtil::SHARED_COST:
      return "shared_cost";
    case PhoneNumberUtil::VOIP:
      return "voip";
    case PhoneNumberUtil::PERSONAL_NUMBER:
      return "personal_number";
    case PhoneNumberUtil::PAGER:
      return "pager";
    case PhoneNumberUtil::UAN:
      return "uan";
    case PhoneNumberUtil::VOICEMAIL:
      return "voicemail";
    case PhoneNumberUtil::UNKNOWN:
      return "unknown";
  }
  return "unknown";
}

}  // namespace

std::optional<std::string> ResolveRegion(std::string_view country) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  std::string s(country);
  if (s.empty()) return std::nullopt;
  bool numeric = s[0] == '+' || std::isdigit(static_cast<unsigned char>(s[0]));
  if (numeric) {
    std::string digits = s[0] == '+' ? s.substr(1) : s;
    if (digits.empty() || digits.size() > 3 ||
        !std::all_of(digits.begin(), digits.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      return std::nullopt;
    }
    std::string region;
    util.GetRegionCodeForCountryCode(std::stoi(digits), &region);
    if (region == "ZZ") return std::nullopt;
    return region;
  }
  if (s.size() != 2) return std::nullopt;
  std::transform(s.begin(), s.end(), s.begin(), [](char c) {
    return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  });
  std::set<std::string> regions;
  util.GetSupportedRegions(&regions);
  if (!regions.count(s)) return std::nullopt;
  return s;
}

namespace {

Result<NormalizedPhone> ParsePhone(std::string_view input,
                                   std::optional<std::string_view> default_country,
                                   std::string_view field, std::string_view country_field) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  std::string text(input);
  // "00" is the international prefix in most of the world; treat it as "+".
  size_t first = text.find_first_not_of(" \t");
  if (first != std::string::npos && text.compare(first, 2, "00") == 0) {
    text.replace(first, 2, "+");
  }
  std::string region = "ZZ";
  if (default_country && !default_country->empty()) {
    auto r = ResolveRegion(*default_country);
    if (!r) {
      return Error::Validation(
          std::string(country_field),
          "The " + std::string(country_field) +
              " must be an ISO country code (e.g. US) or a calling code (e.g. +1).");
    }
    region = *r;
  }
  PhoneNumber number;
  auto err = util.Parse(text, region, &number);
  if (err != PhoneNumberUtil::NO_PARSING_ERROR) {
    std::string msg = (err == PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR)
                          ? "The " + std::string(field) +
                                " must be in international format (+...) or come with a " +
                                std::string(country_field) + "."
                          : "The " + std::string(field) + " is not a phone number.";
    return Error::Validation(std::string(field), msg);
  }
  if (!util.IsValidNumber(number)) {
    return Error::Validation(std::string(field),
                             "The " + std::string(field) + " is not a valid phone number.");
  }
  NormalizedPhone out;
  util.Format(number, PhoneNumberUtil::E164, &out.e164);
  util.GetRegionCodeForNumber(number, &out.region);
  out.number_type = TypeName(util.GetNumberType(number));
  return out;
}

// The numbers this thread normalized lately, by input and default country: a
// row of an import or a bulk upsert is normalized several times on its way
// (in-file duplicates, the upsert key, validation), a batch apart, and
// libphonenumber's parse and type regexes are the costliest step there.
// Forgotten whole when full, so it stays small.
constexpr size_t kRecentPhones = 4096;

}  // namespace

Result<NormalizedPhone> NormalizePhone(std::string_view input,
                                       std::optional<std::string_view> default_country,
                                       std::string_view field, std::string_view country_field) {
  thread_local std::unordered_map<std::string, NormalizedPhone> recent;
  std::string key(input);
  key += '\0';
  if (default_country) key.append(*default_country).push_back('\1');
  if (auto it = recent.find(key); it != recent.end()) return it->second;
  auto parsed = ParsePhone(input, default_country, field, country_field);
  if (parsed.ok()) {  // errors name the caller's field: not shared
    if (recent.size() >= kRecentPhones) recent.clear();
    recent.emplace(std::move(key), *parsed);
  }
  return parsed;
}

std::optional<std::string> CallingCode(std::string_view e164) {
  PhoneNumber number;
  if (PhoneNumberUtil::GetInstance()->Parse(std::string(e164), "ZZ", &number) !=
      PhoneNumberUtil::NO_PARSING_ERROR) {
    return std::nullopt;
  }
  // fmt rather than "+" + std::to_string(...): GCC 12 at -O3 reports a false
  // -Wrestrict inside std::string's insert for the latter.
  return fmt::format("+{}", number.country_code());
}

}  // namespace sb::domain
