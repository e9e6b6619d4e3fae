// The small, fixed part of the demo: tags, the pipeline, agents, pools, the
// campaign and the organization's phone numbers.
#include <algorithm>
#include <cmath>

#include "tools/demo/demo_catalog.hpp"
#include "tools/demo/demo_context.hpp"

namespace sb::tools::demo {
namespace {

constexpr int64_t kDay = 86400;

struct PoolSpec {
  const char* name;
  const char* description;
  const char* type;
  int max_parallel;
  int max_retries;
  double share;  // of all contacts
  int age_days;
};

constexpr PoolSpec kPools[] = {
    {"Spring Renewal Outreach", "Customers whose plan renews this quarter, oldest first.", "FIFO",
     10, 3, 0.12, 45},
    {"Inbound Callbacks", "People who asked us to call them back; newest requests first.", "LIFO",
     5, 2, 0.05, 30},
    {"Enterprise Follow-ups", "Qualified enterprise leads, several dialed at once.", "Parallel", 4,
     4, 0.04, 20},
};

constexpr const char* kAgents[] = {"Ava (Outbound Sales)", "Leo (Appointment Setter)",
                                   "Mia (Customer Success)"};

struct NumberSpec {
  const char* number;
  const char* country;
  const char* type;  // local | toll_free | mobile | national
  bool external;
  const char* status;      // active | pending | inactive
  const char* compliance;  // completed | requirement_pending
  int64_t fee_cents;
  const char* currency;
  int age_days;
  // Agent index (into kAgents) bound on call / sms / whatsapp, or -1.
  int call, sms, whatsapp;
};

constexpr NumberSpec kNumbers[] = {
    {"+12124836190", "US", "local", false, "active", "completed", 115, "USD", 320, 0, 0, -1},
    {"+14158209341", "US", "local", false, "active", "completed", 115, "USD", 290, 1, -1, -1},
    {"+18885014127", "US", "toll_free", false, "active", "completed", 200, "USD", 250, 2, -1, -1},
    {"+442079460321", "GB", "local", false, "active", "completed", 150, "EUR", 210, 0, -1, -1},
    {"+443306080417", "GB", "national", false, "pending", "requirement_pending", 300, "EUR", 6, -1,
     -1, -1},
    {"+4915123840195", "DE", "mobile", false, "active", "completed", 250, "EUR", 180, -1, 1, 1},
    {"+33970731284", "FR", "national", false, "inactive", "completed", 120, "EUR", 400, -1, -1, -1},
    {"+34913374820", "ES", "local", false, "active", "completed", 100, "EUR", 150, 2, -1, -1},
    {"+5511987654321", "BR", "mobile", true, "active", "completed", 0, "USD", 120, -1, -1, 2},
    {"+611800630512", "AU", "toll_free", false, "pending", "requirement_pending", 1200, "EUR", 3,
     -1, -1, -1},
    {"+525512345678", "MX", "local", false, "active", "completed", 180, "USD", 90, 1, 1, -1},
};

std::string Capabilities(std::string_view type) {
  bool sms = type != "national";
  bool geographic = type == "local" || type == "mobile";
  auto b = [](bool v) { return v ? "true" : "false"; };
  return std::string("{\"voice\":true,\"sms\":") + b(sms) + ",\"mms\":" + b(geographic) +
         ",\"fax\":false,\"emergency\":" + b(geographic) + ",\"local_calling\":" + b(geographic) +
         "}";
}

std::string ChannelSettings(std::string_view type, std::string_view country, int limit) {
  bool sms = type != "national";
  std::string c(country);
  return "{\"voice\":{\"enabled\":true,\"channel_limit\":" + std::to_string(limit) +
         ",\"whitelisted_destinations\":[\"" + c +
         "\"]},\"sms\":{\"enabled\":" + (sms ? "true" : "false") +
         ",\"channel_limit\":" + std::to_string(std::max(1, limit / 2)) +
         ",\"whitelisted_destinations\":[\"" + c + "\"]},\"inbound\":{\"enabled\":true," +
         "\"channel_limit\":" + std::to_string(std::max(1, limit / 4)) + "}}";
}

std::string Requirements(std::string_view compliance, std::string_view country) {
  if (compliance == "completed") return "[]";
  return "[{\"type\":\"proof_of_address\",\"status\":\"pending\",\"description\":\"A business "
         "address in " +
         std::string(country) + "\"},{\"type\":\"business_registration\",\"status\":\"pending\"," +
         "\"description\":\"Company registration document\"}]";
}

db::Value At(int64_t unix_seconds) { return db::Timestamp{unix_seconds}; }

Result<int64_t> InsertNamed(SeedContext& ctx, const std::string& sql, const db::Params& params) {
  SB_ASSIGN_OR_RETURN(auto id, ctx.conn.QueryInt(sql, params));
  if (!id) return Error::Internal("insert returned no id: " + sql);
  return *id;
}

}  // namespace

Status SeedFixtures(SeedContext& ctx) {
  ctx.Report("tags, pipeline, agents and pools");
  const int64_t setup = ctx.now - 200 * kDay;
  int64_t t = setup;
  for (const TagSpec& tag : Tags()) {
    t += ctx.Between(600, 7200);
    SB_ASSIGN_OR_RETURN(int64_t id,
                        InsertNamed(ctx,
                                    "INSERT INTO tags (organization_id, uuid, name, created_at,"
                                    " updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                                    {ctx.org, ctx.Uuid(t), std::string(tag.name), At(t), At(t)}));
    ctx.tag_ids.push_back(id);
  }

  t += kDay;
  SB_ASSIGN_OR_RETURN(int64_t pipeline,
                      InsertNamed(ctx,
                                  "INSERT INTO pipelines (organization_id, uuid, name, created_at,"
                                  " updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                                  {ctx.org, ctx.Uuid(t), std::string("Sales"), At(t), At(t)}));
  int64_t position = 0;
  for (const StageSpec& stage : SalesStages()) {
    SB_ASSIGN_OR_RETURN(
        int64_t id,
        InsertNamed(
            ctx,
            "INSERT INTO pipeline_stages (organization_id, pipeline_id, uuid, name,"
            " position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            {ctx.org, pipeline, ctx.Uuid(t), std::string(stage.name), ++position, At(t), At(t)}));
    ctx.stage_ids.push_back(id);
  }

  for (const char* name : kAgents) {
    t += ctx.Between(3600, 3 * kDay);
    SB_ASSIGN_OR_RETURN(int64_t id,
                        InsertNamed(ctx,
                                    "INSERT INTO agents (organization_id, uuid, name, created_at,"
                                    " updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                                    {ctx.org, ctx.Uuid(t), std::string(name), At(t), At(t)}));
    ctx.agent_ids.push_back(id);
  }

  for (const PoolSpec& spec : kPools) {
    PoolRef pool;
    pool.type = spec.type;
    pool.max_parallel = spec.max_parallel;
    pool.max_retries = spec.max_retries;
    pool.created_at = ctx.now - spec.age_days * kDay + ctx.Between(0, kDay / 2);
    auto share = static_cast<int64_t>(std::llround(static_cast<double>(ctx.contacts) * spec.share));
    // Small organizations still get enough members to show every status.
    pool.target_members = std::min(ctx.contacts, std::max<int64_t>(share, 24));
    SB_ASSIGN_OR_RETURN(
        pool.id,
        InsertNamed(ctx,
                    "INSERT INTO pools (organization_id, uuid, name, description, type,"
                    " max_parallel_items, max_retries, is_active, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
                    {ctx.org, ctx.Uuid(pool.created_at), std::string(spec.name),
                     std::string(spec.description), pool.type, int64_t{spec.max_parallel},
                     int64_t{spec.max_retries}, At(pool.created_at), At(pool.created_at)}));
    ctx.pools.push_back(std::move(pool));
  }
  return OkStatus();
}

Status SeedCampaignAndNumbers(SeedContext& ctx) {
  ctx.Report("campaign and phone numbers");
  const int64_t launched = ctx.pools.front().created_at + kDay;
  SB_ASSIGN_OR_RETURN(
      int64_t campaign,
      InsertNamed(ctx,
                  "INSERT INTO campaigns (organization_id, uuid, name, status, agent_id,"
                  " created_at, updated_at) VALUES (?, ?, ?, 'Active', ?, ?, ?) RETURNING id",
                  {ctx.org, ctx.Uuid(launched), std::string("Spring Renewal Campaign"),
                   ctx.agent_ids.front(), At(launched), At(launched)}));
  for (size_t pool : {size_t{0}, size_t{2}}) {
    SB_RETURN_IF_ERROR(ctx.conn.Exec(
        "INSERT INTO campaign_pools (organization_id, campaign_id, pool_id, created_at)"
        " VALUES (?, ?, ?, ?)",
        {ctx.org, campaign, ctx.pools[pool].id, At(launched)}));
  }

  for (const NumberSpec& n : kNumbers) {
    const int64_t bought = ctx.now - n.age_days * kDay - ctx.Between(0, kDay);
    const int64_t touched = std::min(ctx.now, bought + ctx.Between(0, n.age_days * kDay / 2));
    const int limit = std::string_view(n.type) == "toll_free" ? 20 : 10;
    SB_ASSIGN_OR_RETURN(
        int64_t id,
        InsertNamed(ctx,
                    "INSERT INTO phone_numbers (organization_id, uuid, number, country_code, type,"
                    " is_external, status, compliance_status, compliance_requirements,"
                    " capabilities, channel_settings, monthly_fee_cents, currency, purchased_at,"
                    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    " ?, ?) RETURNING id",
                    {ctx.org, ctx.Uuid(bought), std::string(n.number), std::string(n.country),
                     std::string(n.type), int64_t{n.external ? 1 : 0}, std::string(n.status),
                     std::string(n.compliance), Requirements(n.compliance, n.country),
                     Capabilities(n.type), ChannelSettings(n.type, n.country, limit), n.fee_cents,
                     std::string(n.currency), At(bought), At(bought), At(touched)}));
    const std::pair<const char*, int> bindings[] = {
        {"call", n.call}, {"sms", n.sms}, {"whatsapp", n.whatsapp}};
    for (const auto& [channel, agent] : bindings) {
      if (agent < 0) continue;
      SB_RETURN_IF_ERROR(ctx.conn.Exec(
          "INSERT INTO phone_number_bindings (organization_id, phone_number_id, channel,"
          " agent_id, created_at) VALUES (?, ?, ?, ?, ?)",
          {ctx.org, id, std::string(channel), ctx.agent_ids[static_cast<size_t>(agent)],
           At(std::min(ctx.now, bought + kDay))}));
    }
  }
  return OkStatus();
}

}  // namespace sb::tools::demo
