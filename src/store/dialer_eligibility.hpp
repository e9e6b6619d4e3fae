// Whether a due pool member may be called now, and if not, why: the one
// decision the claim (which skips the member) and the campaign preview (which
// counts the reasons) share.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/calling_window.hpp"
#include "store/db/database.hpp"
#include "store/dialer_settings.hpp"

namespace sb::store {

// The contact of a member, as read with it.
struct MemberContact {
  int64_t contact_id = 0;
  std::optional<std::string> phone_number;
  std::optional<std::string> timezone;
  std::string country;  // ISO region of the number
  bool active = true;
  bool do_not_call = false;
};

// Every reason a due member is not called now, in the order they are checked.
inline constexpr std::array<std::string_view, 8> kSkipReasons = {
    "inactive",       "do_not_call", "invalid_number", "no_calling_window",
    "outside_window", "in_call",     "capped_today",   "capped_total"};

struct Eligibility {
  std::string_view reason = "callable";  // or one of kSkipReasons
  std::optional<domain::ContactZones> zones;
  std::optional<int64_t> opens_at;  // outside_window: when the window next opens
  bool callable() const { return reason == "callable"; }
};

Result<Eligibility> CheckEligibility(db::Connection& conn, int64_t org, int64_t now,
                                     const DialingSettings& settings, const MemberContact& contact,
                                     int64_t campaign_id);

}  // namespace sb::store
