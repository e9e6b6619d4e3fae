// Phone-number normalization (libphonenumber). Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace sb::domain {

struct NormalizedPhone {
  std::string e164;         // "+14155550123"
  std::string region;       // ISO 3166-1 alpha-2 of the number, "US"
  std::string number_type;  // mobile, fixed_line, fixed_line_or_mobile, toll_free, voip, ...
};

// Parses `input` (E.164, international with "+"/"00", or national when
// `default_country` is given as an ISO region like "DE" or a calling code like
// "+49"/"49"). Fails with a 422 on `field` when the input is not a valid number
// or the country cannot be understood (then `country_field` is named).
Result<NormalizedPhone> NormalizePhone(std::string_view input,
                                       std::optional<std::string_view> default_country,
                                       std::string_view field = "phone_number",
                                       std::string_view country_field = "country_code");

// Resolves "US", "us", "+1" or "1" to an ISO region ("US"); nullopt when unknown.
std::optional<std::string> ResolveRegion(std::string_view country);

// The country calling code of an E.164 number ("+1" for "+14155552671");
// nullopt when it does not parse.
std::optional<std::string> CallingCode(std::string_view e164);

}  // namespace sb::domain
