#include "api/phone_number_filter.hpp"

#include <cctype>

namespace sb::api {

store::PhoneNumberFilter ReadPhoneNumberFilter(QueryReader& query) {
  store::PhoneNumberFilter f;
  f.status = query.Enum("status", domain::PhoneNumberStatuses());
  if (auto cc = query.String("country_code", 16)) {
    if (cc->size() == 2 && std::isalpha(static_cast<unsigned char>((*cc)[0])) &&
        std::isalpha(static_cast<unsigned char>((*cc)[1]))) {
      for (char& c : *cc) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      f.country_code = *cc;
    } else {
      query.AddError("country_code",
                     "The country_code must be a 2-letter ISO 3166-1 code, like US.");
    }
  }
  f.type = query.Enum("type", domain::PhoneNumberTypes());
  f.compliance = query.Enum("compliance", domain::ComplianceStatuses());
  f.search = query.String("search");
  f.bound_to_agent_uuid = query.Uuid("bound_to_agent_uuid");
  if (auto sort = query.Enum("sort", domain::PhoneNumberSorts())) f.sort = *sort;
  f.include_external = query.Bool("include_external").value_or(false);
  return f;
}

}  // namespace sb::api
