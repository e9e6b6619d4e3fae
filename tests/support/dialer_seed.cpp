#include "support/dialer_seed.hpp"

#include <fmt/format.h>

namespace sb::testing {

Status SeedDialingOrganization(db::Connection& c, const DialerSeed& s) {
  const db::Value at = db::Timestamp{s.at};
  SB_RETURN_IF_ERROR(
      c.Exec("INSERT INTO organizations (id, uuid, name, created_at, updated_at)"
             " VALUES (1, '00000000-0000-7000-8000-0000000000a1', 'Acme', ?, ?)",
             {at, at}));
  SB_RETURN_IF_ERROR(
      c.Exec("INSERT INTO agents (id, organization_id, uuid, name, created_at,"
             " updated_at) VALUES (1, 1, '00000000-0000-7000-8000-0000000000b1',"
             " 'Ava', ?, ?)",
             {at, at}));
  SB_RETURN_IF_ERROR(c.Exec(
      "INSERT INTO phone_numbers (id, organization_id, uuid, number, country_code, type,"
      " channel_settings, purchased_at, created_at, updated_at) VALUES (1, 1,"
      " '00000000-0000-7000-8000-0000000000c1', ?, ?, 'mobile', ?, ?, ?, ?)",
      {s.number, s.number_country,
       fmt::format(R"({{"voice":{{"enabled":true,"channel_limit":{}}}}})", s.lines), at, at, at}));
  SB_RETURN_IF_ERROR(
      c.Exec("INSERT INTO phone_number_bindings (organization_id, phone_number_id,"
             " channel, agent_id, created_at) VALUES (1, 1, 'call', 1, ?)",
             {at}));
  db::Value rule = db::Null{};
  if (s.rule_max_calls_per_day) {
    SB_RETURN_IF_ERROR(
        c.Exec("INSERT INTO rules (id, organization_id, uuid, name, max_calls_per_day,"
               " retry_interval_minutes, days_of_week, created_at, updated_at) VALUES (1, 1,"
               " '00000000-0000-7000-8000-0000000000f1', 'Weekdays', ?, ?, ?, ?, ?)",
               {*s.rule_max_calls_per_day, s.rule_retry_interval_minutes, s.rule_days, at, at}));
    rule = int64_t{1};
  }
  SB_RETURN_IF_ERROR(
      c.Exec("INSERT INTO pools (id, organization_id, uuid, name, type,"
             " max_parallel_items, max_retries, created_at, updated_at) VALUES"
             " (1, 1, '00000000-0000-7000-8000-0000000000d1', 'Leads', ?, ?, ?,"
             " ?, ?)",
             {s.pool_type, s.max_parallel_items, s.max_retries, at, at}));
  SB_RETURN_IF_ERROR(
      c.Exec("INSERT INTO campaigns (id, organization_id, uuid, name, status,"
             " agent_id, rule_id, created_at, updated_at) VALUES (1, 1, ?,"
             " 'Spring', ?, 1, ?, ?, ?)",
             {kSeedCampaignUuid, s.campaign_status, rule, at, at}));
  SB_RETURN_IF_ERROR(
      c.Exec("INSERT INTO campaign_pools (organization_id, campaign_id, pool_id,"
             " created_at) VALUES (1, 1, 1, ?)",
             {at}));
  return OkStatus();
}

Status SeedMember(db::Connection& c, int64_t at, int64_t id, const std::string& phone,
                  const std::string& country, const std::string& timezone) {
  const db::Value when = db::Timestamp{at};
  SB_RETURN_IF_ERROR(
      c.Exec("INSERT INTO contacts (id, organization_id, uuid, name, phone_number, country_code,"
             " timezone, created_at, updated_at) VALUES (?, 1, ?, 'C', ?, ?, ?, ?, ?)",
             {id, fmt::format("00000000-0000-7000-8000-{:012}", id), phone, country,
              timezone.empty() ? db::Value(db::Null{}) : db::Value(timezone), when, when}));
  SB_RETURN_IF_ERROR(
      c.Exec("INSERT INTO pool_items (organization_id, pool_id, contact_id,"
             " added_at, updated_at) VALUES (1, 1, ?, ?, ?)",
             {id, when, when}));
  return OkStatus();
}

}  // namespace sb::testing
