#include "store/dialer_eligibility.hpp"

namespace sb::store {

Result<Eligibility> CheckEligibility(db::Connection& conn, int64_t org, int64_t now,
                                     const DialingSettings& settings, const MemberContact& contact,
                                     int64_t campaign_id) {
  Eligibility e;
  auto skip = [&](std::string_view reason) {
    e.reason = reason;
    return e;
  };
  if (!contact.active) return skip("inactive");
  if (contact.do_not_call) return skip("do_not_call");
  if (!contact.phone_number) return skip("invalid_number");
  if (settings.dnc_check) {
    SB_ASSIGN_OR_RETURN(auto listed,
                        conn.QueryInt("SELECT 1 FROM dnc_numbers WHERE organization_id = ?"
                                      " AND number = ?",
                                      {org, *contact.phone_number}));
    if (listed) return skip("do_not_call");
  }
  auto zones = domain::ResolveContactZones(contact.timezone.value_or(""), contact.country);
  if (!zones.ok()) return skip("no_calling_window");
  e.zones = *zones;
  if (!domain::IsCallableAt(*zones, settings.policy, now)) {
    e.opens_at = domain::NextCallableAt(*zones, settings.policy, now);
    return skip(e.opens_at ? "outside_window" : "no_calling_window");
  }
  SB_ASSIGN_OR_RETURN(auto in_call,
                      conn.QueryInt("SELECT 1 FROM pool_items WHERE organization_id = ?"
                                    " AND contact_id = ? AND status IN ('Processing', 'In_Call')"
                                    " LIMIT 1",
                                    {org, contact.contact_id}));
  if (in_call) return skip("in_call");
  const domain::LocalDay day = domain::LocalDayAt(*zones->primary, now);
  SB_ASSIGN_OR_RETURN(
      auto today,
      conn.QueryInt("SELECT COUNT(*) FROM calls WHERE organization_id = ?"
                    " AND contact_id = ? AND started_at >= ? AND started_at < ?",
                    {org, contact.contact_id, db::Timestamp{day.start}, db::Timestamp{day.end}}));
  if (today.value_or(0) >= settings.max_calls_per_day) return skip("capped_today");
  SB_ASSIGN_OR_RETURN(auto total,
                      conn.QueryInt("SELECT COUNT(*) FROM calls WHERE organization_id = ?"
                                    " AND contact_id = ? AND campaign_id = ?",
                                    {org, contact.contact_id, campaign_id}));
  if (total.value_or(0) >= settings.max_total_calls) return skip("capped_total");
  return e;
}

}  // namespace sb::store
