#include "store/repositories/import_repository.hpp"

#include <fmt/format.h>

#include "core/csv_reader.hpp"
#include "core/csv_writer.hpp"
#include "store/drivers/dialect.hpp"
#include "store/repositories/contact_links.hpp"
#include "store/repositories/event_outbox.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

constexpr const char* kSelect =
    "SELECT i.id, i.organization_id, i.uuid, i.user_id, u.uuid, i.status, i.file_name,"
    " i.file_path, i.file_bytes, i.mapping, i.default_country_code, i.on_duplicate, i.tag_uuids,"
    " i.pool_uuid, i.header, i.delimiter, i.rows_read, i.created, i.updated, i.skipped, i.failed,"
    " i.bytes_read, i.resume_line, i.error, i.created_at, i.started_at, i.finished_at,"
    " i.updated_at, i.attempts FROM imports i LEFT JOIN users u ON u.organization_id = "
    "i.organization_id"
    " AND u.id = i.user_id ";

// A queued import, or a running one whose lease has run out.
constexpr const char* kRunnable =
    "(i.status = 'queued' OR (i.status = 'running' AND i.lease_expires_at < ?))";

std::vector<std::string> SplitSpaces(std::string_view s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t end = s.find(' ', pos);
    if (end == std::string_view::npos) end = s.size();
    if (end > pos) out.emplace_back(s.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

std::string JoinSpaces(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ' ';
    out += item;
  }
  return out;
}

domain::ContactImport ReadImport(const db::Rows& r) {
  domain::ContactImport i;
  i.id = r.Int(0);
  i.organization_id = r.Int(1);
  i.uuid = r.String(2);
  i.user_id = r.OptInt(3);
  i.user_uuid = r.OptString(4);
  i.status = r.String(5);
  i.file_name = r.String(6);
  i.file_path = r.String(7);
  i.file_bytes = r.Int(8);
  i.options.mapping = r.OptString(9);
  i.options.default_country_code = r.OptString(10);
  i.options.on_duplicate =
      domain::ParseOnDuplicate(r.Text(11)).value_or(domain::OnDuplicate::kSkip);
  i.options.tag_uuids = SplitSpaces(r.Text(12));
  i.options.pool_uuid = r.OptString(13);
  if (!r.IsNull(14)) i.header = DecodeImportHeader(r.Text(14));
  if (!r.IsNull(15) && !r.Text(15).empty()) i.delimiter = r.Text(15).front();
  i.progress.rows_read = r.Int(16);
  i.progress.created = r.Int(17);
  i.progress.updated = r.Int(18);
  i.progress.skipped = r.Int(19);
  i.progress.failed = r.Int(20);
  i.progress.bytes_read = r.Int(21);
  i.progress.resume_line = r.Int(22);
  i.error = r.OptString(23);
  i.created_at = r.Time(24);
  i.started_at = r.OptTime(25);
  i.finished_at = r.OptTime(26);
  i.updated_at = r.Time(27);
  i.attempts = r.Int(28);
  return i;
}

}  // namespace

std::string EncodeImportHeader(const std::vector<std::string>& header) {
  std::string out;
  CsvWriter writer(&out, CsvWriterOptions{',', /*guard_formulas=*/false});
  (void)writer.WriteRecord(header);                 // a string target never fails
  if (out.size() >= 2) out.resize(out.size() - 2);  // the CRLF
  return out;
}

std::vector<std::string> DecodeImportHeader(std::string_view stored) {
  StringCsvSource source(stored);
  CsvReaderOptions options;
  options.delimiter = ',';
  options.validate_utf8 = false;
  CsvReader reader(source, options);
  CsvRecord record;
  auto got = reader.Next(&record);
  if (!got.ok() || !*got) return {};
  return record.cells;
}

Result<domain::ContactImport> ImportRepository::Create(int64_t org, int64_t user_id,
                                                       const NewImportFile& file,
                                                       const domain::ImportOptions& options,
                                                       int64_t max_active) {
  const int64_t now = clock_.NowSeconds();
  std::string uuid = ids_.NewUuid();
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    if (max_active > 0) {
      // The organization's row is locked so two uploads at once count each
      // other (SQLite's write transaction is exclusive already).
      SB_ASSIGN_OR_RETURN(auto locked, conn_.QueryInt("SELECT id FROM organizations WHERE id = ?" +
                                                          conn_.dialect().ForUpdate(""),
                                                      {org}));
      if (!locked) return Error::NotFound("Organization");
      SB_ASSIGN_OR_RETURN(auto active,
                          conn_.QueryInt("SELECT COUNT(*) FROM imports WHERE organization_id = ?"
                                         " AND status IN ('queued', 'running')",
                                         {org}));
      if (active.value_or(0) >= max_active) {
        return Error(ErrorCode::kRateLimited, "Too many imports in progress",
                     "This organization has " + std::to_string(*active) +
                         " imports queued or running, the most it may have; retry once one "
                         "has finished.")
            .WithRetryAfter(30);
      }
    }
    SB_RETURN_IF_ERROR(
        contact_links::ResolveIds(conn_, "tags", org, options.tag_uuids, "tag_uuids"));
    if (options.pool_uuid) {
      SB_RETURN_IF_ERROR(
          contact_links::ResolveId(conn_, "pools", org, options.pool_uuid, "pool_uuid"));
    }
    SB_RETURN_IF_ERROR(conn_.Exec(
        "INSERT INTO imports (organization_id, uuid, user_id, status, file_name, file_path,"
        " file_bytes, mapping, default_country_code, on_duplicate, tag_uuids, pool_uuid,"
        " created_at, updated_at) VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {org, uuid, user_id, file.file_name, file.file_path, file.file_bytes,
         db::Nullable(options.mapping), db::Nullable(options.default_country_code),
         std::string(domain::OnDuplicateName(options.on_duplicate)), JoinSpaces(options.tag_uuids),
         db::Nullable(options.pool_uuid), db::Timestamp{now}, db::Timestamp{now}}));
    return OkStatus();
  }));
  return Get(org, uuid);
}

Result<std::vector<domain::ContactImport>> ImportRepository::Select(const std::string& where,
                                                                    const db::Params& params) {
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query(kSelect + where, params));
  std::vector<domain::ContactImport> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back(ReadImport(*rows));
  }
  return out;
}

Result<domain::ContactImport> ImportRepository::Get(int64_t org, const std::string& uuid) {
  SB_ASSIGN_OR_RETURN(auto found,
                      Select("WHERE i.organization_id = ? AND i.uuid = ?", {org, uuid}));
  if (found.empty()) return Error::NotFound("Import");
  return std::move(found.front());
}

Result<std::vector<domain::ContactImport>> ImportRepository::List(int64_t org,
                                                                  const domain::PageRequest& page) {
  return Select("WHERE i.organization_id = ? ORDER BY i.id DESC LIMIT ? OFFSET ?",
                {org, page.per_page, page.Offset()});
}

Result<int64_t> ImportRepository::Count(int64_t org) {
  SB_ASSIGN_OR_RETURN(
      auto n, conn_.QueryInt("SELECT COUNT(*) FROM imports WHERE organization_id = ?", {org}));
  return n.value_or(0);
}

Result<std::optional<domain::ContactImport>> ImportRepository::ClaimNext(
    const std::string& owner, int64_t lease_seconds,
    const std::function<bool(const domain::ContactImport&)>& readable) {
  const int64_t now = clock_.NowSeconds();
  constexpr int64_t kPage = 50;
  // Page on: imports this process cannot read (another process's uploads)
  // must not hide the ones after them.
  for (int64_t offset = 0;; offset += kPage) {
    SB_ASSIGN_OR_RETURN(auto candidates, Select(std::string("WHERE ") + kRunnable +
                                                    " ORDER BY i.created_at, i.id LIMIT ? OFFSET ?",
                                                {db::Timestamp{now}, kPage, offset}));
    for (auto& candidate : candidates) {
      if (!readable(candidate)) continue;
      SB_ASSIGN_OR_RETURN(bool claimed,
                          Claim(candidate.organization_id, candidate.id, owner, lease_seconds));
      if (!claimed) continue;
      SB_ASSIGN_OR_RETURN(auto mine, Select("WHERE i.organization_id = ? AND i.id = ?",
                                            {candidate.organization_id, candidate.id}));
      if (!mine.empty()) return std::optional<domain::ContactImport>(std::move(mine.front()));
    }
    if (static_cast<int64_t>(candidates.size()) < kPage) break;
  }
  return std::optional<domain::ContactImport>();
}

Result<bool> ImportRepository::Claim(int64_t org, int64_t id, const std::string& owner,
                                     int64_t lease_seconds) {
  const int64_t now = clock_.NowSeconds();
  // One statement: of several processes claiming at once, one changes the row.
  SB_ASSIGN_OR_RETURN(
      int64_t changed,
      conn_.Exec("UPDATE imports SET status = 'running', lease_owner = ?, lease_expires_at = ?,"
                 " started_at = COALESCE(started_at, ?), updated_at = ?, attempts = attempts + 1"
                 " WHERE organization_id = ?"
                 " AND id = ? AND (status = 'queued' OR (status = 'running' AND"
                 " (lease_expires_at < ? OR lease_owner = ?)))",
                 {owner, db::Timestamp{now + lease_seconds}, db::Timestamp{now}, db::Timestamp{now},
                  org, id, db::Timestamp{now}, owner}));
  return changed == 1;
}

Status ImportRepository::Release(int64_t org, int64_t id, const std::string& owner) {
  const int64_t now = clock_.NowSeconds();
  // Already run out: the next claim (at `now` or later) sees it as runnable.
  SB_RETURN_IF_ERROR(
      conn_.Exec("UPDATE imports SET lease_expires_at = ?, lease_owner = NULL, updated_at = ?,"
                 " attempts = 0 WHERE organization_id = ? AND id = ? AND status = 'running' AND "
                 "lease_owner = ?",
                 {db::Timestamp{now - 1}, db::Timestamp{now}, org, id, owner}));
  return OkStatus();
}

Status ImportRepository::UncountAttempt(int64_t org, int64_t id, const std::string& owner) {
  SB_RETURN_IF_ERROR(conn_.Exec(
      "UPDATE imports SET attempts = attempts - 1 WHERE organization_id = ? AND id = ? AND"
      " status = 'running' AND lease_owner = ? AND attempts > 0",
      {org, id, owner}));
  return OkStatus();
}

Status ImportRepository::Finish(int64_t org, int64_t id, const std::string& owner, bool completed,
                                const std::optional<std::string>& error, int64_t now) {
  SB_ASSIGN_OR_RETURN(
      int64_t changed,
      conn_.Exec("UPDATE imports SET status = ?, error = ?, finished_at = ?, updated_at = ?,"
                 " lease_owner = NULL, lease_expires_at = NULL WHERE organization_id = ? AND"
                 " id = ? AND status = 'running' AND lease_owner = ?",
                 {std::string(completed ? domain::kImportCompleted : domain::kImportFailed),
                  db::Nullable(error), db::Timestamp{now}, db::Timestamp{now}, org, id, owner}));
  if (changed != 1) return Error::Conflict("The import is held by another process.");
  return OkStatus();
}

Result<std::vector<domain::ContactImport>> ImportRepository::Abandoned(
    int64_t running_grace_seconds, int64_t queued_grace_seconds, int64_t limit) {
  const int64_t now = clock_.NowSeconds();
  return Select(
      "WHERE (i.status = 'running' AND i.lease_expires_at < ?) OR (i.status = 'queued' AND"
      " i.created_at < ?) ORDER BY i.created_at, i.id LIMIT ?",
      {db::Timestamp{now - running_grace_seconds}, db::Timestamp{now - queued_grace_seconds},
       limit});
}

Result<std::vector<domain::ImportRowError>> ImportRepository::Errors(int64_t org, int64_t import_id,
                                                                     int64_t after_line,
                                                                     int64_t limit,
                                                                     int64_t offset) {
  SB_ASSIGN_OR_RETURN(auto rows,
                      conn_.Query("SELECT line, code, column_name, field, reason FROM import_errors"
                                  " WHERE organization_id = ? AND import_id = ? AND line > ? ORDER "
                                  "BY line LIMIT ? OFFSET ?",
                                  {org, import_id, after_line, limit, offset}));
  std::vector<domain::ImportRowError> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back(
        {rows->Int(0), rows->String(1), rows->OptString(2), rows->OptString(3), rows->String(4)});
  }
  return out;
}

}  // namespace sb::store
