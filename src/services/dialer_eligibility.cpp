#include "services/dialer_eligibility.hpp"

namespace sb::services {

// The two look-ups are scalar subqueries with LIMIT 1 rather than EXISTS:
// PostgreSQL may run an EXISTS as a hashed subplan over every in-flight member
// of the organization, per claim; these stay one index probe per candidate.
const char* const kMemberContactColumns =
    "c.id, c.phone_number, c.timezone, c.country_code, c.status, c.do_not_call,"
    " c.last_call_at,"
    " (SELECT 1 FROM dnc_numbers d WHERE d.organization_id = c.organization_id"
    " AND d.number = c.phone_number LIMIT 1),"
    " (SELECT 1 FROM pool_items x WHERE x.organization_id = c.organization_id"
    " AND x.contact_id = c.id AND x.status IN ('Processing', 'In_Call') LIMIT 1)";

MemberContact ReadMemberContact(const db::Rows& rows, int first) {
  MemberContact contact;
  contact.contact_id = rows.Int(first);
  contact.phone_number = rows.OptString(first + 1);
  contact.timezone = rows.OptString(first + 2);
  contact.country = rows.OptString(first + 3).value_or("");
  contact.active = rows.String(first + 4) == "Active";
  contact.do_not_call = rows.Int(first + 5) != 0;
  contact.last_call_at = rows.OptTime(first + 6);
  contact.on_dnc_list = !rows.IsNull(first + 7);
  contact.in_call = !rows.IsNull(first + 8);
  return contact;
}

Result<Eligibility> CheckEligibility(db::Connection& conn, int64_t org, int64_t now,
                                     const store::DialingSettings& settings,
                                     const MemberContact& contact, int64_t campaign_id) {
  Eligibility e;
  auto skip = [&](std::string_view reason) {
    e.reason = reason;
    return e;
  };
  if (!contact.active) return skip("inactive");
  if (contact.do_not_call) return skip("do_not_call");
  if (!contact.phone_number) return skip("invalid_number");
  if (settings.dnc_check && contact.on_dnc_list) return skip("do_not_call");
  auto zones = domain::ResolveContactZones(contact.timezone.value_or(""), contact.country);
  if (!zones.ok()) return skip("no_calling_window");
  e.zones = *zones;
  if (!domain::IsCallableAt(*zones, settings.policy, now)) {
    e.opens_at = domain::NextCallableAt(*zones, settings.policy, now);
    return skip(e.opens_at ? "outside_window" : "no_calling_window");
  }
  if (contact.in_call) return skip("in_call");
  // Calls are only counted for a contact called before (today, for the daily cap).
  if (!contact.last_call_at) return e;
  const domain::LocalDay day = domain::LocalDayAt(*zones->primary, now);
  if (*contact.last_call_at >= day.start) {
    SB_ASSIGN_OR_RETURN(
        auto today,
        conn.QueryInt("SELECT COUNT(*) FROM calls WHERE organization_id = ?"
                      " AND contact_id = ? AND started_at >= ? AND started_at < ?",
                      {org, contact.contact_id, db::Timestamp{day.start}, db::Timestamp{day.end}}));
    if (today.value_or(0) >= settings.max_calls_per_day) return skip("capped_today");
  }
  SB_ASSIGN_OR_RETURN(auto total,
                      conn.QueryInt("SELECT COUNT(*) FROM calls WHERE organization_id = ?"
                                    " AND contact_id = ? AND campaign_id = ?",
                                    {org, contact.contact_id, campaign_id}));
  if (total.value_or(0) >= settings.max_total_calls) return skip("capped_total");
  return e;
}

}  // namespace sb::services
