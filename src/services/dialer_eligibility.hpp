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
#include "store/drivers/database.hpp"
#include "store/repositories/dialer_settings.hpp"

namespace sb::services {

// The contact of a member, and what the checks need to know about it, read in
// the member's own row so that a claim costs no statement per candidate for a
// contact never called before.
struct MemberContact {
  int64_t contact_id = 0;
  std::optional<std::string> phone_number;
  std::optional<std::string> timezone;
  std::string country;  // ISO region of the number
  bool active = true;
  bool do_not_call = false;
  bool on_dnc_list = false;             // its number is on the organization's list
  bool in_call = false;                 // Processing or In_Call in any pool
  std::optional<int64_t> last_call_at;  // the latest call's start
};

// The select-list that ReadMemberContact reads, for a query joining the
// member's contact as `c`.
extern const char* const kMemberContactColumns;
inline constexpr int kMemberContactColumnCount = 9;
MemberContact ReadMemberContact(const db::Rows& rows, int first);

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
                                     const store::DialingSettings& settings,
                                     const MemberContact& contact, int64_t campaign_id);

}  // namespace sb::services
