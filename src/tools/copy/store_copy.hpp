// Copies organizations, with everything they own, from one store to another:
// SQLite to PostgreSQL when a deployment outgrows one machine, and back.
//
// Contract:
// - Every table of the schema is copied (copy_tables.cpp lists them with their
//   columns; a test checks the list against the schema of both engines), every
//   row of the chosen organizations, every column, times to the second.
// - Public ids (uuids), token hashes and documents are kept, so clients, tokens
//   and links keep working against the destination. Internal integer ids are
//   shifted past the destination's largest, so a destination that already holds
//   other organizations is fine.
// - All or nothing: the destination is written in one transaction; any failure
//   (an organization of the same name already there, a unique key taken, a lost
//   connection) leaves it as it was. The source is read from one snapshot.
// - Other writers to the destination wait until the copy commits (PostgreSQL)
//   or fail busy (SQLite); readers are not blocked.
//
// Thread-safety: a call uses one connection of each database; run one at a time
// per destination.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "store/drivers/database.hpp"

namespace sb::tools {

struct CopyOptions {
  // The organization to copy, by name; every organization when empty.
  std::optional<std::string> organization;
  // Rows read per statement from the source.
  int read_batch = 2000;
};

struct CopyReport {
  // Rows copied per table, in copy order (tables without rows included).
  std::vector<std::pair<std::string, int64_t>> rows;
  int64_t organizations = 0;
};

// Errors: kNotFound when the named organization is not in the source,
// kConflict when an organization of that name (or a row with a unique key the
// copy needs) already exists in the destination, kUnavailable/kInternal from
// either database.
Result<CopyReport> CopyOrganizations(db::Database& from, db::Database& to,
                                     const CopyOptions& options);

// The tables the copy moves, parents before children, and their columns.
enum class ColumnKind {
  kId,    // the table's own internal id
  kRef,   // an internal id of `ref` (organization_id refers to organizations)
  kInt,   // an integer (counts, flags, positions, cents)
  kText,  // text, uuids included
  kJson,  // a JSON document, text on SQLite and jsonb on PostgreSQL
  kTime,  // a time (db::Timestamp)
};

struct CopyColumn {
  std::string_view name;
  ColumnKind kind;
  std::string_view ref;  // kRef: the referenced table
};

struct CopyTable {
  std::string_view name;
  std::vector<CopyColumn> columns;
  // The columns that order and page the table (its primary key).
  std::vector<std::string_view> key;
};

const std::vector<CopyTable>& CopyTables();

}  // namespace sb::tools
