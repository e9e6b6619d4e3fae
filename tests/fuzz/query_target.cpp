// Fuzz target: query strings and the list filters read from them. The input
// is a request target's query string (what follows '?').
//
// Invariants:
// - ParseQueryPairs keeps every non-empty pair, ParseQueryString keeps the
//   last value of each key, and percent-decoding never lengthens text.
// - QueryReader's page is within its bounds (and its offset cannot
//   overflow); ReadContactFilter (GET /api/v1/contacts) and
//   ReadPhoneNumberFilter (GET /api/v1/phone-numbers) keep only values their
//   parameters allow (known enum values, canonical UUIDs, trimmed non-empty
//   UTF-8 strings without NUL, upper-case country codes, whole days); Finish()
//   is a 422 naming only parameters that were sent.
// - The SQL built from those filters (store/contact_sql.hpp on both
//   dialects; PhoneNumberRepository::Count against a recording connection)
//   has one value per placeholder, and the user's text never reaches the SQL
//   text: it is printable ASCII with balanced quotes.
// - ParseTimeRange on the JSON range parameters of GET /api/contacts gives a
//   non-empty range or a 422 naming the parameter.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "api/contact_io.hpp"
#include "api/phone_number_filter.hpp"
#include "api/query_reader.hpp"
#include "api/time_range.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/utf8.hpp"
#include "domain/enums.hpp"
#include "fuzz/fuzz_targets.hpp"
#include "http/query_string.hpp"
#include "store/drivers/dialect.hpp"
#include "store/repositories/contact_sql.hpp"
#include "store/repositories/phone_number_repository.hpp"

namespace sb::fuzz {
namespace {

// The parameters the readers below know; a 422 may name no other.
const std::set<std::string, std::less<>> kKnownParameters = {
    "page",          "per_page",        "search",
    "status",        "contact_channel", "stage_uuid",
    "campaign_uuid", "tag_uuid",        "pool_uuid",
    "owner_uuid",    "assignee_uuid",   "source_name",
    "lead_source",   "category",        "do_not_call",
    "date_from",     "date_to",         "country_code",
    "type",          "compliance",      "bound_to_agent_uuid",
    "sort",          "include_external"};

bool Canonical(const std::optional<std::string>& uuid) {
  return !uuid || (IsUuid(*uuid) && CanonicalUuid(*uuid) == *uuid);
}

// A string filter as QueryReader keeps it: trimmed, non-empty, bounded, and
// text the store can take (UTF-8, no NUL).
bool Trimmed(const std::optional<std::string>& s, size_t max = 255) {
  if (!s) return true;
  return !s->empty() && s->size() <= max && s->front() != ' ' && s->front() != '\t' &&
         s->back() != ' ' && s->back() != '\t' && IsValidUtf8(*s) &&
         s->find('\0') == std::string::npos;
}

bool OneOf(const std::optional<std::string>& s, domain::EnumValues allowed) {
  return !s || domain::IsOneOf(*s, allowed);
}

// SQL assembled from fixed fragments: one value per placeholder, and nothing
// of the user's text (which would show as bytes outside printable ASCII, or
// as unbalanced quotes, often enough for the fuzzer to notice).
void CheckSql(const std::string& sql, size_t values, const std::string& what) {
  const auto placeholders = static_cast<size_t>(std::count(sql.begin(), sql.end(), '?'));
  SB_FUZZ_CHECK(placeholders == values, what + ": " + std::to_string(placeholders) +
                                            " placeholders, " + std::to_string(values) +
                                            " values in " + Printable(sql, 2000));
  const bool printable =
      std::all_of(sql.begin(), sql.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
  SB_FUZZ_CHECK(printable, what + ": " + Printable(sql, 2000));
  SB_FUZZ_CHECK(std::count(sql.begin(), sql.end(), '\'') % 2 == 0,
                what + ": " + Printable(sql, 2000));
}

// A connection that records each statement and answers every query with one
// row holding `answer` (or no row).
class RecordingConnection final : public db::Connection {
 public:
  explicit RecordingConnection(std::optional<int64_t> answer) : answer_(answer) {}

  struct Statement {
    std::string sql;
    db::Params params;
  };
  const std::vector<Statement>& statements() const { return statements_; }

  db::Engine engine() const override { return db::Engine::kSqlite; }
  const store::Dialect& dialect() const override { return store::SqliteDialect(); }
  Result<std::unique_ptr<db::Rows>> Query(std::string_view sql, const db::Params& params) override {
    statements_.push_back({std::string(sql), params});
    return std::unique_ptr<db::Rows>(std::make_unique<OneRow>(answer_));
  }
  Result<int64_t> Exec(std::string_view sql, const db::Params& params) override {
    statements_.push_back({std::string(sql), params});
    return int64_t{0};
  }
  Status ExecScript(std::string_view /*sql*/) override { return OkStatus(); }
  Status Begin() override { return OkStatus(); }
  Status Commit() override { return OkStatus(); }
  Status Rollback() override { return OkStatus(); }

 private:
  class OneRow final : public db::Rows {
   public:
    explicit OneRow(std::optional<int64_t> value) : value_(value) {}
    Result<bool> Next() override {
      const bool has = value_.has_value() && !done_;
      done_ = true;
      return has;
    }
    bool IsNull(int /*col*/) const override { return false; }
    int64_t Int(int /*col*/) const override { return *value_; }
    double Double(int /*col*/) const override { return 0; }
    std::string_view Text(int /*col*/) const override { return {}; }
    int64_t Time(int /*col*/) const override { return 0; }
    int ColumnCount() const override { return 1; }
    std::string_view ColumnName(int /*col*/) const override { return "value"; }

   private:
    std::optional<int64_t> value_;
    bool done_ = false;
  };

  std::optional<int64_t> answer_;
  std::vector<Statement> statements_;
};

void CheckQueryString(std::string_view query) {
  const auto pairs = http::ParseQueryPairs(query);
  const auto map = http::ParseQueryString(query);
  SB_FUZZ_CHECK(
      pairs.size() <= static_cast<size_t>(std::count(query.begin(), query.end(), '&')) + 1,
      std::to_string(pairs.size()) + " pairs");
  for (const auto& [key, value] : map) {
    auto [first, last] = pairs.equal_range(key);
    SB_FUZZ_CHECK(first != last && std::prev(last)->second == value,
                  "the map's value of " + Printable(key) + " is not the last one");
  }
  for (const auto& [key, value] : pairs) {
    SB_FUZZ_CHECK(map.contains(key), "the map lost " + Printable(key));
  }
  const std::string decoded = http::PercentDecode(query);
  SB_FUZZ_CHECK(decoded.size() <= query.size(), "decoding lengthened " + Printable(query));
  if (query.find_first_of("%+") == std::string_view::npos) {
    SB_FUZZ_CHECK(decoded == query, "decoding changed " + Printable(query));
  }
}

void CheckContactFilter(api::QueryReader& q) {
  const domain::ContactFilter f = api::ReadContactFilter(q);
  SB_FUZZ_CHECK(Trimmed(f.search), "search " + Printable(*f.search));
  SB_FUZZ_CHECK(OneOf(f.status, domain::ContactStatuses()), "status");
  SB_FUZZ_CHECK(OneOf(f.channel, domain::ContactChannels()), "contact_channel");
  for (const auto* uuid : {&f.stage_uuid, &f.campaign_uuid, &f.tag_uuid, &f.pool_uuid}) {
    SB_FUZZ_CHECK(Canonical(*uuid), "uuid " + Printable(**uuid));
  }
  for (const auto* list : {&f.owner_uuids, &f.assignee_uuids}) {
    SB_FUZZ_CHECK(list->size() <= 1, "more than one owner or assignee");
    for (const std::string& u : *list) SB_FUZZ_CHECK(Canonical(u), "uuid " + Printable(u));
  }
  for (const auto* list : {&f.source_names, &f.lead_sources, &f.categories}) {
    SB_FUZZ_CHECK(list->size() <= 1, "more than one value");
    for (const std::string& s : *list) SB_FUZZ_CHECK(Trimmed(s), Printable(s));
  }
  if (f.created_from) SB_FUZZ_CHECK(*f.created_from % 86400 == 0, "date_from is not a day");
  if (f.created_until) SB_FUZZ_CHECK(*f.created_until % 86400 == 0, "date_to is not a day");
  (void)f.CacheKey();

  const std::pair<const char*, const store::Dialect*> dialects[] = {
      {"sqlite", &store::SqliteDialect()}, {"postgres", &store::PostgresDialect()}};
  for (const auto& [name, dialect] : dialects) {
    std::string where;
    db::Params params;
    store::contact_sql::AppendFilter(*dialect, 7, f, where, params);
    CheckSql(where, params.size(), std::string("contacts filter on ") + name);
  }
}

void CheckPhoneNumberFilter(api::QueryReader& q, InputRng& rng) {
  const store::PhoneNumberFilter f = api::ReadPhoneNumberFilter(q);
  SB_FUZZ_CHECK(OneOf(f.status, domain::PhoneNumberStatuses()), "status");
  SB_FUZZ_CHECK(OneOf(f.type, domain::PhoneNumberTypes()), "type");
  SB_FUZZ_CHECK(OneOf(f.compliance, domain::ComplianceStatuses()), "compliance");
  SB_FUZZ_CHECK(domain::IsOneOf(f.sort, domain::PhoneNumberSorts()), "sort " + Printable(f.sort));
  if (f.country_code) {
    const std::string& cc = *f.country_code;
    SB_FUZZ_CHECK(cc.size() == 2 && std::all_of(cc.begin(), cc.end(),
                                                [](char c) { return c >= 'A' && c <= 'Z'; }),
                  "country_code " + Printable(cc));
  }
  SB_FUZZ_CHECK(Trimmed(f.search), "search");
  SB_FUZZ_CHECK(Canonical(f.bound_to_agent_uuid), "bound_to_agent_uuid");
  (void)f.Key();

  // The agent the filter names exists (row id 3) or not (no row).
  RecordingConnection conn(rng.Below(2) == 0 ? std::optional<int64_t>(3) : std::nullopt);
  FakeClock clock(1700000000);
  SequentialIdGenerator ids;
  store::PhoneNumberRepository numbers(conn, clock, ids);
  const Result<int64_t> count = numbers.Count(7, f);
  SB_FUZZ_CHECK(count.ok(), "Count failed: " + count.error().details());
  for (const auto& statement : conn.statements()) {
    CheckSql(statement.sql, statement.params.size(), "phone numbers filter");
  }
}

void CheckTimeRanges(const api::ApiRequest& req) {
  for (const char* key : {"dateRange", "lastMessageTimeRange", "lastMessageDateRange"}) {
    const auto raw = req.QueryValue(key);
    if (!raw) continue;
    const Result<api::TimeRange> range = api::ParseTimeRange(*raw, key);
    if (range.ok()) {
      if (range->from && range->until) {
        SB_FUZZ_CHECK(*range->from < *range->until, std::string("an empty ") + key);
      }
    } else {
      SB_FUZZ_CHECK(range.error().code() == ErrorCode::kValidation && range.error().field() == key,
                    std::string("the refusal of ") + key + " names " + range.error().field());
    }
  }
}

}  // namespace

void QueryOneInput(const uint8_t* data, size_t size) {
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  InputRng rng(query);
  CheckQueryString(query);

  api::ApiRequest req;
  req.method = "GET";
  req.path = "/api/v1/contacts";
  req.query_all = http::ParseQueryPairs(query);
  for (const auto& [key, value] : req.query_all) req.query[key] = value;

  api::QueryReader q(req);
  const domain::PageRequest page = q.Page(25);
  SB_FUZZ_CHECK(page.page >= 1 && page.page <= INT64_MAX / 1000,
                "page " + std::to_string(page.page));
  SB_FUZZ_CHECK(page.per_page >= 1 && page.per_page <= 100, "per_page");
  SB_FUZZ_CHECK(page.Offset() >= 0, "offset");
  CheckContactFilter(q);
  CheckPhoneNumberFilter(q, rng);
  CheckTimeRanges(req);

  const Status finished = q.Finish();
  if (!finished.ok()) {
    SB_FUZZ_CHECK(finished.error().code() == ErrorCode::kValidation, "not a 422");
    for (const FieldError& f : finished.error().fields()) {
      SB_FUZZ_CHECK(kKnownParameters.contains(f.field), "a 422 names " + Printable(f.field));
      SB_FUZZ_CHECK(req.query.contains(f.field), Printable(f.field) + " was not sent");
    }
  }
}

}  // namespace sb::fuzz
