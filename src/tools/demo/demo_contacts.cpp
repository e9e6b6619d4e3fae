// The bulk of the demo: contacts (with tags and stages) and their pool
// memberships, generated in one streaming pass and written with multi-row
// INSERTs. Phone numbers come from pre-validated blocks (demo_catalog), so no
// number is parsed per row.
#include <array>
#include <optional>

#include "domain/phone.hpp"
#include "store/drivers/dialect.hpp"
#include "tools/demo/demo_bulk.hpp"
#include "tools/demo/demo_catalog.hpp"
#include "tools/demo/demo_context.hpp"

namespace sb::tools::demo {
namespace {

constexpr int64_t kDay = 86400;
constexpr std::array<const char*, 8> kItemStatuses = {
    "Pending", "Processing", "Completed", "Failed", "Retrying", "Scheduled", "In_Call", "Skipped"};
constexpr const char* kSourceNames[] = {"HubSpot sync", "Web form", "CSV import", "Manual entry"};
constexpr const char* kCallbackNotes[] = {"Asked to be called back after lunch.",
                                          "Call back on Monday morning.",
                                          "Wants a call once the budget is approved."};
constexpr const char* kCompletedNotes[] = {"Booked a demo for next week.",
                                           "Renewed for another year.", "Upgraded to Growth.",
                                           "Not interested for now."};

// What one block of numbers is, read once from libphonenumber.
struct BlockInfo {
  std::string number_type;
};

struct LastCall {
  std::string status;
  int64_t at = 0;
  int64_t duration = 0;
};

struct PoolCursor {
  int64_t members = 0;             // drawn so far
  std::array<int64_t, 8> slots{};  // member index that gets kItemStatuses[k]
};

db::Value Opt(const std::optional<int64_t>& v) { return db::NullableTime(v); }
db::Value OptText(const char* v) { return v ? db::Value(std::string(v)) : db::Value(db::Null{}); }

template <typename T>
const T& Pick(SeedContext& ctx, std::span<const T> items) {
  return items[ctx.rng() % items.size()];
}

size_t PickWeighted(SeedContext& ctx, std::span<const int> weights) {
  int total = 0;
  for (int w : weights) total += w;
  int r = static_cast<int>(ctx.rng() % static_cast<uint64_t>(total));
  for (size_t i = 0; i < weights.size(); ++i) {
    if (r < weights[i]) return i;
    r -= weights[i];
  }
  return weights.size() - 1;
}

Result<std::vector<std::vector<BlockInfo>>> ReadBlocks() {
  std::vector<std::vector<BlockInfo>> out;
  for (const Country& country : Countries()) {
    auto& infos = out.emplace_back();
    for (const NumberBlock& block : country.blocks) {
      auto first = domain::NormalizePhone(BlockNumber(block, 0), std::nullopt);
      auto last =
          domain::NormalizePhone(BlockNumber(block, BlockCapacity(block) / 2), std::nullopt);
      if (!first.ok() || !last.ok() || first->region != country.region ||
          first->number_type != last->number_type) {
        return Error::Internal("demo number block " + std::string(block.prefix) + " is not valid");
      }
      infos.push_back({first->number_type});
    }
  }
  return out;
}

// Which status member `j` of a pool gets: each status once at spread-out
// positions, then by how far the dialer has worked through the pool.
const char* ItemStatus(SeedContext& ctx, const PoolRef& pool, const PoolCursor& cur, int64_t j,
                       bool do_not_call) {
  for (size_t k = 0; k < cur.slots.size(); ++k) {
    if (cur.slots[k] == j) return kItemStatuses[k];
  }
  double progress = static_cast<double>(j) / static_cast<double>(pool.target_members);
  bool worked = pool.type == "FIFO"   ? progress < 0.45
                : pool.type == "LIFO" ? progress > 0.55
                                      : ctx.Chance(45);
  if (do_not_call) return "Skipped";
  if (!worked) {
    static constexpr int kWaiting[] = {90, 5, 5};  // Pending, Scheduled, Retrying
    static constexpr const char* kNames[] = {"Pending", "Scheduled", "Retrying"};
    return kNames[PickWeighted(ctx, kWaiting)];
  }
  static constexpr int kWorked[] = {55, 12, 6, 15, 12};
  static constexpr const char* kNames[] = {"Completed", "Failed", "Skipped", "Retrying",
                                           "Scheduled"};
  return kNames[PickWeighted(ctx, kWorked)];
}

// Buffers one pool member and returns the call it records, if any.
std::optional<LastCall> AddItem(SeedContext& ctx, BulkInsert& items, const PoolRef& pool,
                                int64_t contact_id, int64_t added, const std::string& status) {
  const int64_t now = ctx.now;
  auto past_after = [&](int64_t t) {
    return ctx.Between(std::min(t + 60, now - 7200), now - 3600);
  };
  int64_t priority = ctx.Chance(10) ? 5 : (ctx.Chance(5) ? 10 : 0);
  int64_t retries = 0, attempts = 0;
  std::optional<int64_t> started, completed, failed, next_retry, lease;
  const char* notes = nullptr;
  const char* skip_reason = nullptr;
  const char* outcome = nullptr;
  const char* worker = nullptr;
  const char* before_claim = nullptr;
  std::optional<LastCall> call;
  int64_t updated = added;

  if (status == "Processing") {
    attempts = 1;
    started = now - ctx.Between(5, 60);
    worker = "worker-2";
    lease = *started + 120;
    before_claim = "Pending";
  } else if (status == "In_Call") {
    retries = ctx.Between(0, 1);
    attempts = retries + 1;
    started = now - ctx.Between(20, 400);
    worker = "worker-1";
    lease = now + 300;
    before_claim = retries ? "Retrying" : "Pending";
  } else if (status == "Completed") {
    attempts = ctx.Between(1, std::min(pool.max_retries + 1, 3));
    retries = attempts - 1;
    started = past_after(added);
    completed = *started + ctx.Between(30, 900);
    outcome = "answered";
    if (ctx.Chance(25)) notes = kCompletedNotes[ctx.rng() % std::size(kCompletedNotes)];
    call = LastCall{"completed", *started, *completed - *started};
  } else if (status == "Failed") {
    retries = pool.max_retries;
    attempts = retries + 1;
    started = past_after(added);
    failed = *started + ctx.Between(25, 60);
    outcome = ctx.Chance(60) ? "no_answer" : (ctx.Chance(50) ? "busy" : "voicemail");
    call = LastCall{outcome, *started, 0};
  } else if (status == "Retrying") {
    retries = ctx.Between(1, std::max(1, pool.max_retries - 1));
    attempts = retries;
    started = past_after(added);
    failed = *started + ctx.Between(25, 60);
    next_retry = now + ctx.Between(600, int64_t{6} * 3600);
    outcome = ctx.Chance(70) ? "no_answer" : "busy";
    call = LastCall{outcome, *started, 0};
  } else if (status == "Scheduled") {
    attempts = 1;
    started = past_after(added);
    next_retry = now + ctx.Between(int64_t{2} * 3600, int64_t{3} * kDay);
    outcome = "callback_requested";
    notes = kCallbackNotes[ctx.rng() % std::size(kCallbackNotes)];
    call = LastCall{"callback_requested", *started, ctx.Between(20, 120)};
  } else if (status == "Skipped") {
    skip_reason = ctx.Chance(60) ? "do_not_call" : "invalid_number";
    outcome = skip_reason;
    updated = ctx.Between(std::min(added + 60, now - 60), now - 60);
  }
  if (started) updated = std::max({*started, completed.value_or(0), failed.value_or(0)});
  if (worker) updated = *started;

  items.Add(ctx.org, pool.id, contact_id, status, priority, retries, attempts, Opt(started),
            Opt(completed), Opt(failed), Opt(next_retry), OptText(notes), OptText(skip_reason),
            OptText(outcome), OptText(worker), Opt(lease), OptText(before_claim),
            db::Timestamp{added}, db::Timestamp{updated});
  ++ctx.pool_items;
  return call;
}

std::string Email(SeedContext& ctx, const Country& country, const std::string& first,
                  const std::string& last, const std::string* company) {
  std::string f = EmailSafe(first), l = EmailSafe(last);
  std::string domain = company && ctx.Chance(40) ? EmailSafe(*company) + ".com"
                                                 : std::string(Pick(ctx, country.email_domains));
  switch (ctx.rng() % 4) {
    case 0:
      return f + "." + l + "@" + domain;
    case 1:
      return f + l + std::to_string(ctx.Between(1, 99)) + "@" + domain;
    case 2:
      return f.substr(0, 1) + "." + l + "@" + domain;
    default:
      return f + "_" + l + "@" + domain;
  }
}

}  // namespace

Status SeedContacts(SeedContext& ctx) {
  const int64_t n = ctx.contacts;
  SB_ASSIGN_OR_RETURN(auto blocks, ReadBlocks());
  SB_ASSIGN_OR_RETURN(auto max_id, ctx.conn.QueryInt("SELECT MAX(id) FROM contacts", {}));
  const int64_t first_id = max_id.value_or(0) + 1;

  BulkInsert contacts(ctx.conn,
                      "contacts (id, organization_id, uuid, name, surname, email, phone_number,"
                      " number_type, country_code, timezone, primary_language,"
                      " preferred_contact_channel, preferred_contact_time, status, stage_id, notes,"
                      " metadata, owner_user_id, created_by_user_id, source_name, lead_source,"
                      " category, do_not_call, last_call_status, last_call_at, last_call_duration,"
                      " created_at, updated_at)",
                      28, 200);
  BulkInsert tags(ctx.conn, "contact_tags (organization_id, contact_id, tag_id)", 3, 500);
  BulkInsert items(ctx.conn,
                   "pool_items (organization_id, pool_id, contact_id, status, priority,"
                   " retry_count, attempt_count, started_at, completed_at, failed_at,"
                   " next_retry_at, notes, skip_reason, last_outcome, worker_id, lease_expires_at,"
                   " status_before_claim, added_at, updated_at)",
                   19, 300);

  std::vector<int> country_weights;
  for (const Country& c : Countries()) country_weights.push_back(c.weight);
  std::vector<int> stage_weights;
  for (const StageSpec& s : SalesStages()) stage_weights.push_back(s.weight);
  std::vector<uint64_t> per_country(Countries().size(), 0);
  std::vector<PoolCursor> cursors(ctx.pools.size());
  for (size_t p = 0; p < ctx.pools.size(); ++p) {
    for (size_t k = 0; k < kItemStatuses.size(); ++k) {
      int64_t target = ctx.pools[p].target_members;
      cursors[p].slots[k] = target >= 8 ? static_cast<int64_t>(k) * target / 8 : -1;
    }
  }

  const int64_t start = ctx.now - 180 * kDay;
  const int64_t span = 180 * kDay - 3600;
  const int64_t step = n > 0 ? span / n : 0;
  const int64_t report_every = std::max<int64_t>(10000, n / 20);
  int64_t next_analyze = 1000;

  for (int64_t i = 0; i < n; ++i) {
    const int64_t id = first_id + i;
    const size_t ci = PickWeighted(ctx, country_weights);
    const Country& country = Countries()[ci];
    const uint64_t k = per_country[ci]++;
    const size_t bi = k % country.blocks.size();
    const NumberBlock& block = country.blocks[bi];
    const uint64_t index = k / country.blocks.size();
    if (index >= BlockCapacity(block)) {
      return Error::Internal("demo number blocks exhausted for " + std::string(country.region));
    }
    const int64_t created = start + (i * span) / n + (step > 1 ? ctx.Between(0, step - 1) : 0);

    std::string first(Pick(ctx, country.first_names));
    std::string last(Pick(ctx, country.surnames));
    std::string language(ctx.Chance(80) ? country.languages.front() : Pick(ctx, country.languages));
    const bool active = ctx.Chance(88);
    std::optional<std::string> company;
    std::string plan(Pick(ctx, Plans()));
    std::string metadata = "{}";
    int shape = static_cast<int>(ctx.rng() % 100);
    if (shape < 60) {
      company = std::string(Pick(ctx, Companies()));
      metadata = "{\"company\":\"" + *company + "\",\"plan\":\"" + plan + "\"}";
    } else if (shape < 85) {
      metadata = "{\"plan\":\"" + plan + "\"}";
    } else {
      plan.clear();
    }
    db::Value email = db::Null{};
    if (ctx.Chance(85)) email = Email(ctx, country, first, last, company ? &*company : nullptr);

    int channel_roll = static_cast<int>(ctx.rng() % 100);
    int whatsapp = country.whatsapp_percent * 6 / 10;
    const char* channel =
        channel_roll < whatsapp ? "WhatsApp" : (channel_roll < whatsapp + 20 ? "SMS" : "Call");
    db::Value contact_time = db::Null{};
    if (ctx.Chance(75)) contact_time = std::string(Pick(ctx, ContactTimes()));
    db::Value stage = db::Null{};
    if (ctx.Chance(85)) {
      stage = ctx.stage_ids[PickWeighted(ctx, stage_weights)];
      ++ctx.staged_contacts;
    }
    db::Value notes = db::Null{};
    if (ctx.Chance(8)) notes = std::string(Pick(ctx, ContactNotes()));

    // Tags, in Tags() order: VIP, Newsletter, Hot Lead, Do Not Disturb,
    // Spanish Speaker, Enterprise, Webinar Attendee, Churn Risk.
    std::array<bool, 8> tagged{};
    tagged[0] = ctx.Chance(5);
    tagged[1] = ctx.Chance(30);
    tagged[2] = ctx.Chance(8);
    tagged[3] = ctx.Chance(3);
    tagged[4] = language == "es" || ctx.Chance(1);
    tagged[5] = plan == "Enterprise";
    tagged[6] = ctx.Chance(10);
    tagged[7] = ctx.Chance(active ? 2 : 30);
    for (size_t t = 0; t < tagged.size() && t < ctx.tag_ids.size(); ++t) {
      if (!tagged[t]) continue;
      tags.Add(ctx.org, id, ctx.tag_ids[t]);
      ++ctx.contact_tags;
    }

    // Pool membership by selection sampling: exactly target_members per pool.
    std::optional<LastCall> last_call;
    for (size_t p = 0; p < ctx.pools.size(); ++p) {
      const PoolRef& pool = ctx.pools[p];
      PoolCursor& cur = cursors[p];
      const int64_t needed = pool.target_members - cur.members;
      if (needed <= 0 || static_cast<int64_t>(ctx.rng() % static_cast<uint64_t>(n - i)) >= needed) {
        continue;
      }
      const int64_t j = cur.members++;
      int64_t added =
          pool.created_at + j * (ctx.now - 3600 - pool.created_at) / pool.target_members;
      added = std::min(std::max(added, created + ctx.Between(60, 3600)), ctx.now - 120);
      std::string status = ItemStatus(ctx, pool, cur, j, tagged[3]);
      auto call = AddItem(ctx, items, pool, id, added, status);
      if (call && (!last_call || call->at > last_call->at)) last_call = call;
    }

    int64_t updated = ctx.Chance(30) ? ctx.Between(created, ctx.now - 60) : created;
    if (last_call) updated = std::max(updated, last_call->at);
    std::string phone = BlockNumber(block, index);
    contacts.Add(id, ctx.org, ctx.Uuid(created), std::move(first), std::move(last),
                 std::move(email), std::move(phone), blocks[ci][bi].number_type,
                 std::string(country.region), std::string(block.timezone), std::move(language),
                 std::string(channel), std::move(contact_time),
                 std::string(active ? "Active" : "Inactive"), std::move(stage), std::move(notes),
                 std::move(metadata), ctx.owner, ctx.owner,
                 std::string(kSourceNames[ctx.rng() % std::size(kSourceNames)]),
                 std::string(Pick(ctx, LeadSources())), std::string(company ? "B2B" : "B2C"),
                 int64_t{tagged[3] ? 1 : 0},
                 last_call ? db::Value(last_call->status) : db::Value(db::Null{}),
                 last_call ? db::Value(db::Timestamp{last_call->at}) : db::Value(db::Null{}),
                 last_call ? db::Value(last_call->duration) : db::Value(db::Null{}),
                 db::Timestamp{created}, db::Timestamp{updated});

    if (contacts.pending() >= contacts.rows_per_statement()) {
      // Tags and members only reference contacts already written.
      SB_RETURN_IF_ERROR(contacts.FlushFull());
      SB_RETURN_IF_ERROR(tags.FlushFull());
      SB_RETURN_IF_ERROR(items.FlushFull());
      if (contacts.written() >= next_analyze) {
        // PostgreSQL plans the foreign-key checks of these inserts from the
        // tables' statistics: refreshed as the tables grow, or every check
        // would keep scanning a table planned as empty (quadratic time).
        for (const char* table : {"contacts", "pool_items", "contact_tags"}) {
          std::string sql = ctx.conn.dialect().RefreshStatistics(table);
          if (!sql.empty()) SB_RETURN_IF_ERROR(ctx.conn.ExecScript(sql));
        }
        next_analyze *= 4;
      }
    }
    if ((i + 1) % report_every == 0) ctx.Report("contacts", i + 1, n);
  }
  SB_RETURN_IF_ERROR(contacts.FlushAll());
  SB_RETURN_IF_ERROR(tags.FlushAll());
  SB_RETURN_IF_ERROR(items.FlushAll());
  // The ids were chosen here: generated ids must continue after them.
  if (std::string sync = ctx.conn.dialect().SyncIdSequence("contacts"); !sync.empty()) {
    SB_RETURN_IF_ERROR(ctx.conn.ExecScript(sync));
  }
  if (n % report_every != 0) ctx.Report("contacts", n, n);
  return OkStatus();
}

}  // namespace sb::tools::demo
