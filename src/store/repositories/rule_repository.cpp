#include "store/repositories/rule_repository.hpp"

#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

constexpr const char* kSelect =
    "SELECT id, uuid, name, type, max_calls_per_day, max_total_calls, retry_interval_minutes,"
    " retry_backoff, start_time, end_time, days_of_week, dnc_check, remove_on_opt_out,"
    " created_at, updated_at FROM rules ";

int MinutesOr(const std::string& text, int fallback) {
  auto minutes = domain::ParseClockTime(text, "time");
  return minutes.ok() ? *minutes : fallback;
}

domain::Rule ReadRule(const db::Rows& r) {
  domain::Rule rule;
  rule.id = r.Int(0);
  rule.uuid = r.String(1);
  rule.name = r.String(2);
  rule.type = r.String(3);
  rule.max_calls_per_day = r.Int(4);
  rule.max_total_calls = r.Int(5);
  rule.retry_interval_minutes = r.Int(6);
  rule.retry_backoff = r.Double(7);
  rule.start_minute = MinutesOr(r.String(8), rule.start_minute);
  rule.end_minute = MinutesOr(r.String(9), rule.end_minute);
  rule.days = domain::WeekdaysFromStorage(r.String(10));
  rule.dnc_check = r.Int(11) != 0;
  rule.remove_on_opt_out = r.Int(12) != 0;
  rule.created_at = r.Time(13);
  rule.updated_at = r.Time(14);
  return rule;
}

// The settings columns' values, in kSettings order.
db::Params Settings(const domain::Rule& rule) {
  return {rule.name,
          rule.type,
          rule.max_calls_per_day,
          rule.max_total_calls,
          rule.retry_interval_minutes,
          rule.retry_backoff,
          domain::FormatClockTime(rule.start_minute),
          domain::FormatClockTime(rule.end_minute),
          domain::JoinWeekdays(rule.days),
          int64_t{rule.dnc_check ? 1 : 0},
          int64_t{rule.remove_on_opt_out ? 1 : 0}};
}

}  // namespace

Result<std::vector<domain::Rule>> RuleRepository::List(int64_t org,
                                                       const domain::PageRequest& page) {
  SB_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(std::string(kSelect) + "WHERE organization_id = ? ORDER BY id DESC"
                                                    " LIMIT ? OFFSET ?",
                             {org, page.per_page, page.Offset()}));
  std::vector<domain::Rule> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back(ReadRule(*rows));
  }
  return out;
}

Result<int64_t> RuleRepository::Count(int64_t org) {
  SB_ASSIGN_OR_RETURN(
      auto n, conn_.QueryInt("SELECT COUNT(*) FROM rules WHERE organization_id = ?", {org}));
  return n.value_or(0);
}

Result<domain::Rule> RuleRepository::Get(int64_t org, const std::string& uuid) {
  SB_ASSIGN_OR_RETURN(
      auto rows,
      conn_.Query(std::string(kSelect) + "WHERE organization_id = ? AND uuid = ?", {org, uuid}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return Error::NotFound("Rule");
  return ReadRule(*rows);
}

Result<domain::Rule> RuleRepository::Create(int64_t org, const domain::Rule& rule) {
  const std::string uuid = ids_.NewUuid();
  const db::Timestamp now{clock_.NowSeconds()};
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    db::Params params = {org, uuid};
    db::Params settings = Settings(rule);
    params.insert(params.end(), settings.begin(), settings.end());
    params.emplace_back(now);
    params.emplace_back(now);
    SB_RETURN_IF_ERROR(
        conn_.Exec("INSERT INTO rules (organization_id, uuid, name, type, max_calls_per_day,"
                   " max_total_calls, retry_interval_minutes, retry_backoff, start_time, end_time,"
                   " days_of_week, dnc_check, remove_on_opt_out, created_at, updated_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   params));
    return OkStatus();
  }));
  return Get(org, uuid);
}

Result<domain::Rule> RuleRepository::Replace(int64_t org, const std::string& uuid,
                                             const domain::Rule& rule) {
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    db::Params params = Settings(rule);
    params.emplace_back(db::Timestamp{clock_.NowSeconds()});
    params.emplace_back(org);
    params.emplace_back(uuid);
    SB_ASSIGN_OR_RETURN(
        int64_t n,
        conn_.Exec("UPDATE rules SET name = ?, type = ?, max_calls_per_day = ?,"
                   " max_total_calls = ?, retry_interval_minutes = ?, retry_backoff = ?,"
                   " start_time = ?, end_time = ?, days_of_week = ?, dnc_check = ?,"
                   " remove_on_opt_out = ?, updated_at = ? WHERE organization_id = ? AND uuid = ?",
                   params));
    if (n == 0) return Error::NotFound("Rule");
    return OkStatus();
  }));
  return Get(org, uuid);
}

Status RuleRepository::Delete(int64_t org, const std::string& uuid) {
  return db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t id, LookupId(conn_, "rules", org, uuid, "Rule"));
    // As the foreign key's ON DELETE SET NULL does, spelled out so the
    // campaigns' updated_at moves too.
    SB_RETURN_IF_ERROR(
        conn_.Exec("UPDATE campaigns SET rule_id = NULL, updated_at = ? WHERE organization_id = ?"
                   " AND rule_id = ?",
                   {db::Timestamp{clock_.NowSeconds()}, org, id}));
    SB_RETURN_IF_ERROR(
        conn_.Exec("DELETE FROM rules WHERE organization_id = ? AND id = ?", {org, id}));
    return OkStatus();
  });
}

}  // namespace sb::store
