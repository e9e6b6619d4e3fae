// The JSON shapes of /api/v1/phone-numbers (seed 004).
#pragma once

#include <vector>

#include "api/json_writer.hpp"
#include "domain/pagination.hpp"
#include "domain/phone_number.hpp"

namespace sb::api {

// One item: phone_number_uuid, number, country_code, type, is_external,
// status, compliance, capabilities, channel_settings, billing, bindings,
// purchased_at, updated_at.
void WritePhoneNumber(JsonWriter& w, const domain::PhoneNumber& n);

// {"items": [...], "pagination": {current_page, per_page, total, last_page,
// from, to, has_more}}.
void WritePhoneNumberPage(JsonWriter& w, const std::vector<domain::PhoneNumber>& items,
                          const domain::PageInfo& page);

}  // namespace sb::api
