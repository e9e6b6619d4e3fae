// /api/v1/rules: how often and when a campaign's contacts are called.
#include <algorithm>

#include "api/body_reader.hpp"
#include "api/pool_json.hpp"
#include "api/query_reader.hpp"
#include "api/routes.hpp"
#include "api/unit_of_work.hpp"
#include "domain/rule.hpp"
#include "store/repositories/rule_repository.hpp"

namespace sb::api {
namespace {

// Each day may be named twice (short and long form); more is not a week.
constexpr size_t kMaxDayNames = 14;

void WriteRule(JsonWriter& w, const domain::Rule& r) {
  w.StartObject();
  w.Field("uuid", r.uuid);
  w.Field("name", r.name);
  w.Field("type", r.type);
  w.Field("max_calls_per_day", r.max_calls_per_day);
  w.Field("max_total_calls", r.max_total_calls);
  w.Field("retry_interval_minutes", r.retry_interval_minutes);
  w.Key("retry_backoff");
  w.Double(r.retry_backoff);
  w.Field("start_time", domain::FormatClockTime(r.start_minute));
  w.Field("end_time", domain::FormatClockTime(r.end_minute));
  w.Key("days_of_week");
  w.StartArray();
  for (const auto& day : domain::FormatWeekdays(r.days)) w.String(day);
  w.EndArray();
  w.Field("dnc_check", r.dnc_check);
  w.Field("remove_on_opt_out", r.remove_on_opt_out);
  w.TimeField("created_at", r.created_at);
  w.TimeField("updated_at", r.updated_at);
  w.EndObject();
}

// The rule a POST (name required) or PUT (a full replace: absent settings
// back to their defaults, an absent name kept from `current`) describes. One
// 422 names every bad field, whether its JSON type or its value is wrong.
Result<domain::Rule> ReadRule(const ApiRequest& req, const domain::Rule* current) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  constexpr int64_t kAnyInt = int64_t{1} << 40;
  domain::RuleFields f;
  f.name = body.String("name", current == nullptr, 0, 100000);
  f.type = body.String("type");
  f.max_calls_per_day = body.Int("max_calls_per_day", -kAnyInt, kAnyInt);
  f.max_total_calls = body.Int("max_total_calls", -kAnyInt, kAnyInt);
  f.retry_interval_minutes = body.Int("retry_interval_minutes", -kAnyInt, kAnyInt);
  f.retry_backoff = body.Number("retry_backoff", -1e300, 1e300);
  f.start_time = body.String("start_time");
  f.end_time = body.String("end_time");
  f.days_of_week = body.StringArray("days_of_week", kMaxDayNames);
  f.dnc_check = body.Bool("dnc_check");
  f.remove_on_opt_out = body.Bool("remove_on_opt_out");

  std::vector<FieldError> errors;
  if (Status read = body.Finish(); !read.ok()) errors = read.error().fields();
  for (auto& e : domain::RuleFieldErrors(f, /*require_name=*/false)) {
    const bool named = std::any_of(errors.begin(), errors.end(),
                                   [&](const FieldError& b) { return b.field == e.field; });
    if (!named) errors.push_back(std::move(e));
  }
  if (!errors.empty()) return Error::Validation(std::move(errors));
  domain::Rule rule;
  if (current) rule.name = current->name;
  SB_RETURN_IF_ERROR(domain::ApplyRuleFields(f, /*require_name=*/false, rule));
  return rule;
}

Result<ApiResponse> ListRules(const ApiRequest& req, HandlerContext& s) {
  QueryReader q(req);
  domain::PageRequest page = q.Page(15);
  SB_RETURN_IF_ERROR(q.Finish());
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::RuleRepository rules(*conn, s.clock, s.ids);
  const int64_t org = req.auth.organization_id;
  SB_ASSIGN_OR_RETURN(int64_t total,
                      CachedTotal(req, s, "rules", [&] { return rules.Count(org); }));
  SB_ASSIGN_OR_RETURN(auto list, rules.List(org, page));
  auto info = domain::DescribePage(page, total, static_cast<int64_t>(list.size()));
  return Envelope("Rules retrieved successfully", [&](JsonWriter& w) {
    WriteShortPage(w, info, [&](JsonWriter& rw) {
      for (const auto& r : list) WriteRule(rw, r);
    });
  });
}

Result<ApiResponse> CreateRule(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto rule, ReadRule(req, nullptr));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::RuleRepository rules(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto created, InUnitOfWork(req, s, *conn, [&] {
                        return rules.Create(req.auth.organization_id, rule);
                      }));
  return Envelope(
      "Rule created successfully", [&](JsonWriter& w) { WriteRule(w, created); }, 201);
}

Result<ApiResponse> GetRule(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::RuleRepository rules(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto rule, rules.Get(req.auth.organization_id, req.Param("uuid")));
  return Envelope("Rule retrieved successfully", [&](JsonWriter& w) { WriteRule(w, rule); });
}

Result<ApiResponse> ReplaceRule(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::RuleRepository rules(*conn, s.clock, s.ids);
  const int64_t org = req.auth.organization_id;
  SB_ASSIGN_OR_RETURN(auto current, rules.Get(org, req.Param("uuid")));
  SB_ASSIGN_OR_RETURN(auto rule, ReadRule(req, &current));
  SB_ASSIGN_OR_RETURN(auto updated, InUnitOfWork(req, s, *conn, [&] {
                        return rules.Replace(org, req.Param("uuid"), rule);
                      }));
  return Envelope("Rule updated successfully", [&](JsonWriter& w) { WriteRule(w, updated); });
}

Result<ApiResponse> DeleteRule(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::RuleRepository rules(*conn, s.clock, s.ids);
  SB_RETURN_IF_ERROR(InUnitOfWork(
      req, s, *conn, [&] { return rules.Delete(req.auth.organization_id, req.Param("uuid")); }));
  return EmptyEnvelope("Rule deleted successfully");
}

}  // namespace

void RegisterRuleRoutes(Router& router) {
  router.Add("GET", "/api/v1/rules", ListRules);
  router.Add("POST", "/api/v1/rules", CreateRule);
  router.Add("GET", "/api/v1/rules/{uuid}", GetRule);
  router.Add("PUT", "/api/v1/rules/{uuid}", ReplaceRule);
  router.Add("DELETE", "/api/v1/rules/{uuid}", DeleteRule);
}

}  // namespace sb::api
