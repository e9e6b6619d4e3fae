// Everything in SQL that differs between the engines, in one place per engine.
// Repositories write portable SQL with `?` placeholders and ask the dialect of
// their connection (conn.dialect()) for the rest, never for the engine itself.
//
// Portable SQL that needs no dialect: `INSERT ... ON CONFLICT (...) DO NOTHING`
// and `DO UPDATE SET x = excluded.x`, `RETURNING id`, `LIMIT ? OFFSET ?`,
// COALESCE, LOWER, `LIKE ? ESCAPE '\'` on lowered text, integer 0/1 flags, times
// bound as db::Timestamp. Case-insensitive columns (users.email, tags.name) are
// declared so on both engines (COLLATE NOCASE, citext): plain `=` and ORDER BY
// already ignore case there.
#pragma once

#include <string>
#include <string_view>

#include "store/drivers/database.hpp"

namespace sb::store {

class Dialect {
 public:
  virtual ~Dialect() = default;

  // A predicate matching contacts (table alias `alias`) of organization `org`
  // whose name, surname, email or phone_number contains `term` (a phone-like
  // term also matches by its digits), case-insensitively; its values are
  // appended to `params`. Backed by the engine's trigram index (FTS5 trigram,
  // pg_trgm) where the term is long enough; both indexes are per organization,
  // so the search reads only `org`'s entries. The caller still constrains
  // `alias`.organization_id.
  virtual std::string ContactSearch(std::string_view alias, int64_t org, const std::string& term,
                                    db::Params& params) const = 0;

  // True when a query filtered by ContactSearch(term) should be driven from the
  // search index rather than from the organization's index (the caller then
  // hides the organization index, e.g. `+c.organization_id = ?`).
  virtual bool SearchDrivesQuery(const std::string& term) const = 0;

  // `expr` contains the LIKE pattern in the next placeholder, ignoring ASCII
  // case: "expr LIKE ? ESCAPE '\'" (SQLite's LIKE already ignores it) or ILIKE.
  virtual std::string ILike(std::string_view expr) const = 0;

  // `expr` equals the next placeholder ignoring ASCII case.
  virtual std::string EqualsIgnoreCase(std::string_view expr) const = 0;

  // Appended to an INSERT: skip rows that would violate a unique key.
  virtual std::string_view InsertIgnore() const = 0;

  // Appended to a SELECT inside a transaction: lock the selected rows of table
  // alias `of` (every table of the query when empty) until the transaction
  // ends, skipping rows another transaction holds (the dialer's claim). Empty
  // on SQLite, whose writers are serialized by BEGIN IMMEDIATE.
  virtual std::string ForUpdateSkipLocked(std::string_view of) const = 0;
  // The same, waiting for rows another transaction holds.
  virtual std::string ForUpdate(std::string_view of) const = 0;

  // SQL to run after rows were inserted into `table` (a fixed name) with ids
  // chosen by the caller, so that generated ids continue after them; empty when
  // the engine needs nothing (SQLite takes the largest id plus one).
  virtual std::string SyncIdSequence(std::string_view table) const = 0;

  // SQL that refreshes the planner's statistics of `table` (a fixed name) after
  // a bulk load inside a transaction; empty when the engine needs none.
  virtual std::string RefreshStatistics(std::string_view table) const = 0;

  // SQL to run first in a transaction that only reads and must see one
  // consistent snapshot across many statements (a copy of the store); empty
  // when BEGIN already gives one.
  virtual std::string SnapshotRead() const = 0;

  // SQL that keeps other writers from inserting into `table` (a fixed name)
  // until the transaction ends, while readers go on; empty when the engine's
  // transactions already exclude other writers.
  virtual std::string LockAgainstWriters(std::string_view table) const = 0;

  // The text value at top-level key `key` (a fixed identifier, never user input)
  // of the JSON document in column `column`; NULL when absent.
  virtual std::string JsonText(std::string_view column, std::string_view key) const = 0;
};

const Dialect& SqliteDialect();
const Dialect& PostgresDialect();

}  // namespace sb::store
