#include "tools/copy/store_copy.hpp"

#include <algorithm>
#include <map>

#include "store/drivers/dialect.hpp"

namespace sb::tools {
namespace {

// Rows per INSERT: enough to amortize a round trip, few enough to stay under
// either engine's limit on bound values (32766 on SQLite, 65535 on PostgreSQL).
constexpr size_t kMaxValuesPerInsert = 16000;
constexpr size_t kMaxRowsPerInsert = 500;

std::string Join(const std::vector<std::string_view>& names, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += sep;
    out += names[i];
  }
  return out;
}

std::vector<std::string_view> ColumnNames(const CopyTable& table) {
  std::vector<std::string_view> names;
  for (const auto& c : table.columns) names.push_back(c.name);
  return names;
}

// The column holding the organization's id: `id` in organizations itself.
std::string_view OrganizationColumn(const CopyTable& table) {
  return table.name == "organizations" ? "id" : "organization_id";
}

size_t ColumnIndex(const CopyTable& table, std::string_view name) {
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (table.columns[i].name == name) return i;
  }
  return table.columns.size();  // every key is a column (copy_tables.cpp)
}

db::Value ReadValue(const db::Rows& rows, int col, ColumnKind kind) {
  if (rows.IsNull(col)) return db::Null{};
  switch (kind) {
    case ColumnKind::kId:
    case ColumnKind::kRef:
    case ColumnKind::kInt:
      return rows.Int(col);
    case ColumnKind::kTime:
      return db::Timestamp{rows.Time(col)};
    case ColumnKind::kText:
    case ColumnKind::kJson:
      break;
  }
  return rows.String(col);
}

// Reads one table of the source page by page (keyset on its key) and writes it
// to the destination in multi-row INSERTs, ids shifted by `offsets`.
class TableCopier {
 public:
  TableCopier(const CopyTable& table, db::Connection& from, db::Connection& to,
              const std::map<std::string_view, int64_t>& offsets)
      : table_(table), from_(from), to_(to), offsets_(offsets) {}

  Result<int64_t> Copy(const std::optional<int64_t>& organization_id, int read_batch) {
    std::vector<std::string_view> names = ColumnNames(table_);
    const std::string select_head =
        "SELECT " + Join(names, ", ") + " FROM " + std::string(table_.name) + " WHERE 1 = 1";
    const std::string order = " ORDER BY " + Join(table_.key, ", ") + " LIMIT ?";
    const std::string after =
        table_.key.size() == 1
            ? " AND " + std::string(table_.key[0]) + " > ?"
            : " AND (" + Join(table_.key, ", ") + ") > (" +
                  Join(std::vector<std::string_view>(table_.key.size(), "?"), ", ") + ")";
    std::optional<db::Params> last_key;
    int64_t copied = 0;
    while (true) {
      std::string sql = select_head;
      db::Params params;
      if (organization_id) {
        sql += " AND " + std::string(OrganizationColumn(table_)) + " = ?";
        params.emplace_back(*organization_id);
      }
      if (last_key) {
        sql += after;
        params.insert(params.end(), last_key->begin(), last_key->end());
      }
      sql += order;
      params.emplace_back(static_cast<int64_t>(read_batch));
      SB_ASSIGN_OR_RETURN(auto rows, from_.Query(sql, params));
      int64_t read = 0;
      while (true) {
        SB_ASSIGN_OR_RETURN(bool more, rows->Next());
        if (!more) break;
        ++read;
        AddRow(*rows);
        if (pending_rows_ >= RowsPerInsert()) SB_RETURN_IF_ERROR(Flush());
      }
      copied += read;
      if (read < read_batch) break;
      last_key = last_key_;
    }
    SB_RETURN_IF_ERROR(Flush());
    return copied;
  }

 private:
  size_t RowsPerInsert() const {
    return std::clamp<size_t>(kMaxValuesPerInsert / table_.columns.size(), 1, kMaxRowsPerInsert);
  }

  void AddRow(const db::Rows& rows) {
    for (size_t i = 0; i < table_.columns.size(); ++i) {
      const CopyColumn& column = table_.columns[i];
      db::Value value = ReadValue(rows, static_cast<int>(i), column.kind);
      if (auto* id = std::get_if<int64_t>(&value)) {
        if (column.kind == ColumnKind::kId) *id += offsets_.at(table_.name);
        if (column.kind == ColumnKind::kRef) *id += offsets_.at(column.ref);
      }
      pending_.push_back(std::move(value));
    }
    // The key as read (before the shift) pages the source.
    last_key_.clear();
    for (std::string_view k : table_.key) {
      const size_t col = ColumnIndex(table_, k);
      last_key_.push_back(ReadValue(rows, static_cast<int>(col), table_.columns[col].kind));
    }
    ++pending_rows_;
  }

  Status Flush() {
    if (pending_rows_ == 0) return OkStatus();
    const std::string row =
        "(" + Join(std::vector<std::string_view>(table_.columns.size(), "?"), ", ") + ")";
    std::string sql = "INSERT INTO " + std::string(table_.name) + " (" +
                      Join(ColumnNames(table_), ", ") + ") VALUES ";
    for (size_t i = 0; i < pending_rows_; ++i) {
      if (i > 0) sql += ", ";
      sql += row;
    }
    auto done = to_.Exec(sql, pending_);
    pending_.clear();
    pending_rows_ = 0;
    if (!done.ok()) return std::move(done).error();
    return OkStatus();
  }

  const CopyTable& table_;
  db::Connection& from_;
  db::Connection& to_;
  const std::map<std::string_view, int64_t>& offsets_;
  db::Params pending_;
  size_t pending_rows_ = 0;
  db::Params last_key_;
};

Status RunIfAny(db::Connection& conn, const std::string& sql) {
  if (sql.empty()) return OkStatus();
  auto done = conn.Exec(sql);
  if (!done.ok()) return std::move(done).error();
  return OkStatus();
}

// The source organizations to copy: (id, name).
Result<std::vector<std::pair<int64_t, std::string>>> SourceOrganizations(
    db::Connection& from, const CopyOptions& options) {
  std::string sql = "SELECT id, name FROM organizations";
  db::Params params;
  if (options.organization) {
    sql += " WHERE name = ?";
    params.emplace_back(*options.organization);
  }
  SB_ASSIGN_OR_RETURN(auto rows, from.Query(sql + " ORDER BY id", params));
  std::vector<std::pair<int64_t, std::string>> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.emplace_back(rows->Int(0), rows->String(1));
  }
  if (options.organization && out.empty()) {
    return Error(ErrorCode::kNotFound, "No such organization in the source", *options.organization);
  }
  return out;
}

Status CopyInto(db::Connection& from, db::Connection& to, const CopyOptions& options,
                CopyReport& report) {
  SB_ASSIGN_OR_RETURN(auto organizations, SourceOrganizations(from, options));
  for (const auto& [id, name] : organizations) {
    SB_ASSIGN_OR_RETURN(auto taken,
                        to.QueryInt("SELECT id FROM organizations WHERE name = ?", {name}));
    if (taken) {
      return Error(ErrorCode::kConflict, "The organization already exists in the destination",
                   name);
    }
  }
  report.organizations = static_cast<int64_t>(organizations.size());
  std::map<std::string_view, int64_t> offsets;
  for (const CopyTable& table : CopyTables()) {
    SB_RETURN_IF_ERROR(RunIfAny(to, to.dialect().LockAgainstWriters(table.name)));
    if (table.key.size() == 1) {
      SB_ASSIGN_OR_RETURN(auto max_id,
                          to.QueryInt("SELECT MAX(id) FROM " + std::string(table.name), {}));
      offsets[table.name] = max_id.value_or(0);
    }
  }
  std::optional<int64_t> only;
  if (options.organization) only = organizations.front().first;
  for (const CopyTable& table : CopyTables()) {
    int64_t rows = 0;
    if (!organizations.empty()) {
      TableCopier copier(table, from, to, offsets);
      SB_ASSIGN_OR_RETURN(rows, copier.Copy(only, options.read_batch));
    }
    report.rows.emplace_back(std::string(table.name), rows);
    if (table.key.size() == 1) {
      SB_RETURN_IF_ERROR(RunIfAny(to, to.dialect().SyncIdSequence(table.name)));
    }
  }
  return OkStatus();
}

}  // namespace

Result<CopyReport> CopyOrganizations(db::Database& from, db::Database& to,
                                     const CopyOptions& options) {
  SB_ASSIGN_OR_RETURN(auto source, from.Acquire());
  SB_ASSIGN_OR_RETURN(auto destination, to.Acquire());
  CopyReport report;
  db::Transaction read(*source);
  SB_RETURN_IF_ERROR(read.Begin());
  SB_RETURN_IF_ERROR(RunIfAny(*source, source->dialect().SnapshotRead()));
  SB_RETURN_IF_ERROR(db::InTransaction(
      *destination, [&]() { return CopyInto(*source, *destination, options, report); }));
  // The new rows change the planner's picture of every table they went to.
  for (const auto& [table, rows] : report.rows) {
    if (rows > 0) {
      SB_RETURN_IF_ERROR(RunIfAny(*destination, destination->dialect().RefreshStatistics(table)));
    }
  }
  return report;
}

}  // namespace sb::tools
